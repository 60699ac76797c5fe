import { describe, expect, it } from 'vitest';
import { detectLocale, intlTag, LOCALES, setLocale, t } from '../../../src/i18n';
import { NAMESPACES, RESOURCES } from '../../../src/i18n/resources';

/** Every leaf key of a message tree, dotted ("plan.orderNow"); plural suffixes folded (_one/_other → base). */
function keys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

describe('message files', () => {
  for (const ns of NAMESPACES) {
    it(`${ns}: every message exists in every language`, () => {
      const byLocale = LOCALES.map((l) => new Set(keys(RESOURCES[l][ns]).filter(Boolean).map(base)));
      const all = new Set(byLocale.flatMap((s) => [...s]));
      for (const [i, locale] of LOCALES.entries()) {
        const missing = [...all].filter((k) => !byLocale[i].has(k));
        expect(missing, `${locale}/${ns}.json lacks these messages`).toEqual([]);
      }
    });
    it(`${ns}: no message is empty`, () => {
      for (const locale of LOCALES) {
        const empty: string[] = [];
        const walk = (tree: unknown, path: string) => {
          if (typeof tree === 'string') { if (!tree.trim()) empty.push(path); return; }
          if (tree && typeof tree === 'object') for (const [k, v] of Object.entries(tree)) walk(v, path ? `${path}.${k}` : k);
        };
        walk(RESOURCES[locale][ns], '');
        expect(empty, `${locale}/${ns}.json`).toEqual([]);
      }
    });
  }

  it('takes the language from the browser and falls back to English', () => {
    expect(detectLocale(['zh-CN', 'en'])).toBe('zh');
    expect(detectLocale(['zh-Hans-CN'])).toBe('zh');
    expect(detectLocale(['fr-FR', 'en-GB'])).toBe('en');
    expect(detectLocale(['de'])).toBe('en');
    expect(intlTag('zh')).toBe('zh-CN');
  });

  it('translates with the language set', () => {
    setLocale('zh');
    expect(t('common:language')).toBe('语言');
    setLocale('en');
    expect(t('common:language')).toBe('Language');
  });
});

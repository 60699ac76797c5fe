import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
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

  it('every t(\'ns:key\') with a literal key in the sources names a message of the English files', () => {
    const english = new Map(NAMESPACES.map((ns) => [ns, new Set(keys(RESOURCES.en[ns]))]));
    const missing: string[] = [];
    let calls = 0;
    for (const file of sourceFiles(['src', 'workers'])) {
      const text = readFileSync(file, 'utf8');
      for (const call of literalKeys(text)) {
        calls++;
        const [ns, key] = [call.key.slice(0, call.key.indexOf(':')), call.key.slice(call.key.indexOf(':') + 1)];
        const known = english.get(ns as (typeof NAMESPACES)[number]);
        // A plural message exists as key_one, key_other…: any form counts.
        const found = known !== undefined && (known.has(key) || PLURAL_FORMS.some((form) => known.has(`${key}_${form}`)));
        if (!found) missing.push(`${relative('.', file)}:${call.line}: ${call.key}`);
      }
    }
    expect(calls, 'the scan finds the t() calls').toBeGreaterThan(100);
    expect(missing, 'keys used in the sources but missing from src/i18n/locales/en').toEqual([]);
  });

  it('the key scan reads literal keys, skips computed ones, and reports the line', () => {
    const found = literalKeys("x\nt('plan:a.b', { count }) + t(\"common:c\")\nt(`alerts:d`) t(`alerts:${kind}`) it('no:key') t(key)\n// t('no:comment')\n/* t('no:block') */");
    expect(found).toEqual([{ key: 'plan:a.b', line: 2 }, { key: 'common:c', line: 2 }, { key: 'alerts:d', line: 3 }]);
  });

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

const PLURAL_FORMS = ['zero', 'one', 'two', 'few', 'many', 'other'];

/** `t('ns:key'…)` calls whose key is a plain string (computed keys such as t(`ns:${x}`) cannot be checked). */
function literalKeys(source: string): { key: string; line: number }[] {
  // Examples in comments are not calls: blank them out, keeping the line breaks for line numbers.
  const text = source
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
    .replace(/(^|\s)\/\/.*$/gm, '$1');
  const found: { key: string; line: number }[] = [];
  for (const match of text.matchAll(/(?<![\w.$])t\(\s*(['"`])([a-z]+:[^'"`$\s]+)\1/g)) {
    found.push({ key: match[2], line: text.slice(0, match.index).split('\n').length });
  }
  return found;
}

function sourceFiles(roots: string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|svelte)$/.test(name)) files.push(path);
    }
  };
  roots.forEach(walk);
  return files;
}

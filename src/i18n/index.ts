import i18next, { type TOptions } from 'i18next';
import { RESOURCES, NAMESPACES, type Namespace } from './resources';

/**
 * Every string a seller reads comes from the message files in locales/<language>/<namespace>.json,
 * through i18next (plural forms from Intl.PluralRules, interpolation, fallback to English). Pure
 * TypeScript: the page, the workers, core and the CLI all translate with the same `t`.
 * One namespace per room (common, import, plan, …), so work on one room never edits another's file.
 */

export const LOCALES = ['en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** A private instance: a library or test that also uses i18next never changes Shelfcast's language. */
const instance = i18next.createInstance();
void instance.init({
  lng: DEFAULT_LOCALE,
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...LOCALES],
  ns: [...NAMESPACES],
  defaultNS: 'common',
  resources: RESOURCES,
  initAsync: false,
  interpolation: { escapeValue: false }, // Svelte escapes what it renders; CSV and text exports must not see &amp;
  returnNull: false,
});

/** The language of the seller's browser, if Shelfcast speaks it (zh, zh-CN, zh-Hans-CN → zh); else English. */
export function detectLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if ((LOCALES as readonly string[]).includes(base)) return base as Locale;
  }
  return DEFAULT_LOCALE;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function setLocale(locale: Locale): void {
  void instance.changeLanguage(locale);
}

export function getLocale(): Locale {
  return isLocale(instance.language) ? instance.language : DEFAULT_LOCALE;
}

/** BCP 47 tag for Intl formatters (numbers, dates, currencies) in the current language. */
export function intlTag(locale: Locale = getLocale()): string {
  return locale === 'zh' ? 'zh-CN' : 'en';
}

/** `t('plan:orderNow', { count })`: the message in the current language (or in `options.lng`). */
export function t(key: `${Namespace}:${string}`, options: TOptions = {}): string {
  return instance.t(key, options) as string;
}

export { NAMESPACES, type Namespace };

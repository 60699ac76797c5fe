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

/*
 * Formatters for messages whose words depend on the language, so a message can be stored as its key
 * and numbers and re-read in whichever language the seller picks later:
 * "{{days, weekdays}}" takes a set of weekdays as bits (1 = Monday … 64 = Sunday) and lists them as a
 * habit ("Saturdays and Sundays", "星期六和星期日"); "{{month, month}}" takes 0 = January.
 */
const MONDAY = Date.UTC(2024, 0, 1); // a Monday
instance.services.formatter?.add('weekdays', (bits: number, lng) => {
  const locale = isLocale(lng) ? lng : DEFAULT_LOCALE;
  const name = new Intl.DateTimeFormat(intlTag(locale), { weekday: 'long', timeZone: 'UTC' });
  const days: string[] = [];
  for (let w = 0; w < 7; w++) {
    if (!(bits & (1 << w))) continue;
    const day = name.format(MONDAY + w * 86_400_000);
    days.push(locale === 'en' ? `${day}s` : day); // English names a recurring day in the plural
  }
  return new Intl.ListFormat(intlTag(locale), { type: 'conjunction' }).format(days);
});
instance.services.formatter?.add('day', (day: number, lng) => formatDay(day, isLocale(lng) ? lng : DEFAULT_LOCALE));
instance.services.formatter?.add('month', (value: number, lng) =>
  new Intl.DateTimeFormat(intlTag(isLocale(lng) ? lng : DEFAULT_LOCALE), { month: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, value, 15)));

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

/**
 * A message kept as its key and values rather than as text, so what a worker wrote (and IndexedDB
 * stored) reads in the language the seller has now, not the one they had when it was computed.
 * Values are numbers and plain tokens only; words come from the message files or the formatters above.
 */
export interface Message {
  key: `${Namespace}:${string}`;
  values?: Record<string, string | number>;
}

export function translate(message: Message): string {
  return t(message.key, message.values);
}

/**
 * A day number (days since 1970-01-01, UTC) as a seller reads it: 2024-03-05 in English (the form
 * their files use), 2024年3月5日 in Chinese. Also "{{date, day}}" in messages.
 */
export function formatDay(day: number, locale: Locale = getLocale()): string {
  if (!Number.isFinite(day)) return '—';
  const date = new Date(day * 86_400_000);
  if (locale === 'en') return date.toISOString().slice(0, 10);
  return new Intl.DateTimeFormat(intlTag(locale), { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(date);
}

import { detectLocale, intlTag, isLocale, setLocale, type Locale } from '../../i18n';

/** Where the seller's choice of language is remembered (per browser, like the data itself). */
const STORAGE_KEY = 'shelfcast.locale';

function savedLocale(): Locale | undefined {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return isLocale(saved) ? saved : undefined;
  } catch {
    return undefined; // storage blocked (private mode, file://): the browser's language still applies
  }
}

function browserLocale(): Locale {
  if (typeof navigator === 'undefined') return detectLocale([]);
  return detectLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

/**
 * The interface language as Svelte state. `t()` itself is plain TypeScript (workers and core use it
 * too), so the App re-renders its tree with `{#key locale.current}` when this changes.
 */
class LocaleState {
  current = $state<Locale>('en');

  constructor() {
    this.apply(savedLocale() ?? browserLocale());
  }

  /** The seller's choice: applied now and remembered for the next visit. */
  choose(locale: Locale): void {
    this.apply(locale);
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // not remembered, but still applied for this visit
    }
  }

  private apply(locale: Locale): void {
    setLocale(locale);
    this.current = locale;
    if (typeof document !== 'undefined') document.documentElement.lang = intlTag(locale);
  }
}

export const locale = new LocaleState();

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { MESSAGES, type Locale, type MessageKey } from './messages';

export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  /** The text of `key` in the current language, `{name}` placeholders filled from `params`. */
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  /** An ISO day (YYYY-MM-DD) in the current language, e.g. "31 Dec 2024" / "31 thg 12, 2024". */
  date: (iso: string | null | undefined) => string;
  number: (n: number) => string;
  /** A fraction as a percentage: 1.06 → "106 %" / "106%". */
  percent: (rate: number) => string;
}

const STORAGE_KEY = 'party.locale';
const INTL_LOCALE: Record<Locale, string> = { vi: 'vi-VN', en: 'en-GB' };

export function format(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function createI18n(locale: Locale, setLocale: (l: Locale) => void = () => undefined): I18n {
  const intl = INTL_LOCALE[locale];
  const dates = new Intl.DateTimeFormat(intl, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const numbers = new Intl.NumberFormat(intl);
  const percents = new Intl.NumberFormat(intl, { style: 'percent', maximumFractionDigits: 1 });
  return {
    locale,
    setLocale,
    t: (key, params) => format(MESSAGES[locale][key] ?? key, params),
    date: (iso) => {
      if (!iso) return '';
      const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(d.getTime()) ? iso : dates.format(d);
    },
    number: (n) => numbers.format(n),
    percent: (rate) => percents.format(rate),
  };
}

const I18nContext = createContext<I18n>(createI18n('vi'));

function initialLocale(): Locale {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (saved === 'vi' || saved === 'en') return saved;
  } catch {
    // storage unavailable: fall through
  }
  return typeof navigator !== 'undefined' && navigator.language?.toLowerCase().startsWith('en') ? 'en' : 'vi';
}

export function I18nProvider({ children, locale: fixed }: { children: ReactNode; locale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => fixed ?? initialLocale());
  const setLocale = useCallback((l: Locale) => {
    setLocaleState(l);
    try {
      window.localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // not persisted
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo(() => createI18n(locale, setLocale), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

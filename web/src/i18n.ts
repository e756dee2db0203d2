// UI strings: zh-CN first, en-US complete. `t(key, vars)` fills `{name}` placeholders.
// The chosen language is stored in localStorage `jdz.locale` and mirrored on <html lang>.
import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { LOCALES, ROLE_LABELS, UNIT_TYPE_LABELS_EN } from '../../src/shared/roles';
import type { Locale, Role, UnitType } from '../../src/shared/roles';
import { zhCN } from './messages/zh-CN';
import { enUS } from './messages/en-US';

export type { Locale };
export type MessageKey = keyof typeof zhCN;
export type Vars = Record<string, string | number>;

const DICTS: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };
const STORAGE_KEY = 'jdz.locale';

function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

function readStoredLocale(): Locale {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (isLocale(v)) return v;
  } catch {
    /* storage blocked: fall back to the default */
  }
  return 'zh-CN';
}

let current: Locale = readStoredLocale();

/** The language requests are sent in (Accept-Language); read by api.ts outside React. */
export function currentLocale(): Locale {
  return current;
}

export function translate(locale: Locale, key: MessageKey, vars: Vars = {}): string {
  const text = DICTS[locale][key] ?? DICTS['zh-CN'][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export function roleLabel(locale: Locale, role: string): string {
  return ROLE_LABELS[role as Role]?.[locale] ?? role;
}

export function unitTypeLabel(locale: Locale, type: string): string {
  if (locale === 'zh-CN') return type;
  return UNIT_TYPE_LABELS_EN[type as UnitType] ?? type;
}

export type I18n = {
  locale: Locale;
  setLocale: (l: Locale) => void;
  t: (key: MessageKey, vars?: Vars) => string;
};

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(current);
  const setLocale = useCallback((l: Locale) => {
    current = l;
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* ignore */
    }
    setLocaleState(l);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const t = useCallback((key: MessageKey, vars?: Vars) => translate(locale, key, vars), [locale]);
  const value = useMemo(() => ({ locale, setLocale, t }), [locale, setLocale, t]);
  return createElement(I18nContext.Provider, { value }, children);
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}

/** Sets the document title for the current page: "<page> · 金点子". */
export function usePageTitle(key: MessageKey, vars?: Vars): void {
  const { t } = useI18n();
  const title = `${t(key, vars)} · ${t('app.name')}`;
  useEffect(() => {
    document.title = title;
  }, [title]);
}

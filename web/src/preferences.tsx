// Choices a person makes for this browser: language, theme, first day of the week. They are not
// secrets and not shared between devices, so they live in localStorage (tokens never do).
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { browserLocale, localeFirstDay, type Locale } from './i18n/format'
import { en, type Messages } from './i18n/messages'
import { de } from './i18n/de/index'

export type ThemeChoice = 'system' | 'light' | 'dark'

export interface Preferences {
  /** 'auto': the browser's language. */
  language: Locale | 'auto'
  theme: ThemeChoice
  /** 0: the locale's own first day; else 1 (Monday) to 7 (Sunday). */
  weekStart: number
}

const KEY = 'leavedesk.preferences'
const DEFAULTS: Preferences = { language: 'auto', theme: 'system', weekStart: 0 }

function load(): Preferences {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Preferences>
    return {
      language: stored.language === 'en' || stored.language === 'de' ? stored.language : 'auto',
      theme: stored.theme === 'light' || stored.theme === 'dark' ? stored.theme : 'system',
      weekStart: Number.isInteger(stored.weekStart) && stored.weekStart! >= 0 && stored.weekStart! <= 7 ? stored.weekStart! : 0,
    }
  } catch {
    return DEFAULTS
  }
}

interface PreferencesContext {
  preferences: Preferences
  setPreferences: (change: Partial<Preferences>) => void
  locale: Locale
  messages: Messages
  /** 1 (Monday) to 7 (Sunday). */
  firstDayOfWeek: number
}

const Context = createContext<PreferencesContext | null>(null)
const CATALOGS: Record<Locale, Messages> = { en, de }

export function PreferencesProvider({ children }: { children: ReactNode }) {
  const [preferences, setState] = useState<Preferences>(load)
  const setPreferences = useCallback((change: Partial<Preferences>) => {
    setState((previous) => {
      const next = { ...previous, ...change }
      try {
        localStorage.setItem(KEY, JSON.stringify(next))
      } catch {
        // Private mode or full storage: the choice lasts for this page only.
      }
      return next
    })
  }, [])
  const locale = preferences.language === 'auto' ? browserLocale(navigator.languages ?? [navigator.language]) : preferences.language
  const firstDayOfWeek = preferences.weekStart || localeFirstDay(navigator.languages?.find((l) => l.startsWith(locale)) ?? locale)

  useEffect(() => {
    const root = document.documentElement
    root.lang = locale
    if (preferences.theme === 'system') delete root.dataset.theme
    else root.dataset.theme = preferences.theme
  }, [locale, preferences.theme])

  const value = useMemo(
    () => ({ preferences, setPreferences, locale, messages: CATALOGS[locale], firstDayOfWeek }),
    [preferences, setPreferences, locale, firstDayOfWeek],
  )
  return <Context.Provider value={value}>{children}</Context.Provider>
}

export function usePreferences(): PreferencesContext {
  const context = useContext(Context)
  if (!context) throw new Error('usePreferences outside PreferencesProvider')
  return context
}

/** The messages of the person's language. */
export function useT(): Messages {
  return usePreferences().messages
}

export function useLocale(): Locale {
  return usePreferences().locale
}

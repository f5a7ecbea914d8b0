// Dates, numbers and plurals through Intl in the person's locale. Leave dates are plain dates
// (YYYY-MM-DD, no time or zone): they are formatted as UTC midnights so that no zone can move them
// to the day before.

export type Locale = 'en' | 'de'
export const LOCALES: readonly Locale[] = ['en', 'de']

/** The plain date of a YYYY-MM-DD string as a Date at UTC midnight. */
export function plainDateToUtc(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d))
}

/** YYYY-MM-DD of a Date's UTC calendar day. */
export function utcToPlainDate(date: Date): string {
  return date.toISOString().slice(0, 10)
}

export function addDays(date: string, days: number): string {
  const d = plainDateToUtc(date)
  d.setUTCDate(d.getUTCDate() + days)
  return utcToPlainDate(d)
}

/** ISO weekday 1 (Monday) to 7 (Sunday) of a plain date. */
export function isoWeekday(date: string): number {
  return ((plainDateToUtc(date).getUTCDay() + 6) % 7) + 1
}

const formatters = new Map<string, Intl.DateTimeFormat>()

export function formatDate(date: string, locale: Locale, style: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  const key = `${locale}|${JSON.stringify(style)}`
  let format = formatters.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...style, timeZone: 'UTC' })
    formatters.set(key, format)
  }
  return format.format(plainDateToUtc(date))
}

/** "3 – 7 May 2027" in the locale's own range form. */
export function formatDateRange(start: string, end: string, locale: Locale): string {
  if (start === end) return formatDate(start, locale)
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).formatRange(plainDateToUtc(start), plainDateToUtc(end))
}

/** An instant (ISO date-time) in the person's zone. */
export function formatInstant(iso: string, locale: Locale, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso))
}

/** Days as a number with at most three decimals (monthly accrual shows thousandths). */
export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(value)
}

/** The plural form of `count` in the locale, from the forms the catalog gives. */
export function plural(locale: Locale, count: number, forms: { one: string; other: string }): string {
  const rule = new Intl.PluralRules(locale).select(count)
  return (rule === 'one' ? forms.one : forms.other).replaceAll('{n}', formatNumber(count, locale))
}

/** The locale's first day of the week (1 = Monday ... 7 = Sunday), where the browser knows it. */
export function localeFirstDay(locale: string): number {
  try {
    const info = new Intl.Locale(locale) as Intl.Locale & { getWeekInfo?: () => { firstDay: number }; weekInfo?: { firstDay: number } }
    const week = info.getWeekInfo?.() ?? info.weekInfo
    if (week?.firstDay) return week.firstDay
  } catch {
    // An unknown tag: fall through to the common default.
  }
  return /^en-(US|CA)|^(ja|ko|zh-TW|pt-BR|he)/.test(locale) ? 7 : 1
}

/** The first supported language the browser asks for, else English. */
export function browserLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0]
    if (base && (LOCALES as readonly string[]).includes(base)) return base as Locale
  }
  return 'en'
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>()

/** How far the wall clock of `timeZone` is ahead of UTC at an instant, in ms (whole seconds). */
function zoneOffset(timeZone: string, epochMs: number): number {
  let format = offsetFormats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    offsetFormats.set(timeZone, format)
  }
  const part = Object.fromEntries(format.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]))
  const wall = Date.UTC(Number(part.year), Number(part.month) - 1, Number(part.day), Number(part.hour), Number(part.minute), Number(part.second))
  return wall - Math.floor(epochMs / 1000) * 1000
}

/**
 * The instant (ISO) at which a plain date begins in a zone: the bound to ask the API for when a
 * filter means "the person's year", not UTC's. Where midnight does not exist (a summer-time change
 * at midnight) it is the first instant of that day.
 */
export function startOfDayIn(date: string, timeZone: string): string {
  const wall = plainDateToUtc(date).getTime()
  // Midnight is wall - offset for the offset in force then; the offset at the first guess may be
  // another one when the clocks change near that day, so both offsets are candidates.
  const first = wall - zoneOffset(timeZone, wall)
  const second = wall - zoneOffset(timeZone, first)
  const isMidnight = (instant: number) => instant + zoneOffset(timeZone, instant) === wall
  const midnights = [first, second].filter(isMidnight)
  // A repeated midnight: the earlier. No midnight (the clocks jumped over it): the day begins at the
  // jump, the later candidate.
  const instant = midnights.length > 0 ? Math.min(...midnights) : Math.max(first, second)
  return new Date(instant).toISOString()
}

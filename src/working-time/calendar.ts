// Plain dates and time zones. A plain date is a 'YYYY-MM-DD' string: no instant, no zone, so it means
// the same day wherever it is read. Day arithmetic is integer arithmetic on "epoch days"; only the
// moments where a date meets a zone (a local midnight, a local midday, the local date of an instant)
// go through Temporal, which knows every zone's DST rules. Nothing here reads the process's own TZ.
import { Temporal } from 'temporal-polyfill'

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']

const DATE = /^([+-]?\d{4,6})-(\d{2})-(\d{2})$/

interface Civil {
  year: number
  month: number
  day: number
}

function parse(date: string): Civil {
  const m = DATE.exec(date)
  if (!m) throw new RangeError(`not a plain date: ${date}`)
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }
}

function format({ year, month, day }: Civil): string {
  const y = year >= 0 && year <= 9999 ? String(year).padStart(4, '0') : (year < 0 ? '-' : '+') + String(Math.abs(year)).padStart(6, '0')
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian; H. Hinnant's days_from_civil). */
export function toEpochDay(date: string): number {
  const { year, month, day } = parse(date)
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** The civil date of an epoch day (civil_from_days). */
export function fromEpochDay(epochDay: number): string {
  const z = epochDay + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return format({ year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day })
}

export function addDays(date: string, days: number): string {
  return fromEpochDay(toEpochDay(date) + days)
}

/** Calendar days from a to b (b − a): 0 for the same date. */
export function daysBetween(a: string, b: string): number {
  return toEpochDay(b) - toEpochDay(a)
}

/** 1970-01-01 was a Thursday. */
export function weekdayOf(date: string): Weekday {
  return WEEKDAYS[(((toEpochDay(date) + 3) % 7) + 7) % 7]!
}

export function yearOf(date: string): number {
  return parse(date).year
}

/** Every date from `from` to `to`, both included. */
export function* eachDate(from: string, to: string): Generator<string> {
  const last = toEpochDay(to)
  for (let day = toEpochDay(from); day <= last; day++) yield fromEpochDay(day)
}

// UTC has no offset changes: plain arithmetic, which a migration over millions of rows needs.
const UTC = 'UTC'
const DAY = 86_400_000

function plainDate(date: string): Temporal.PlainDate {
  const { year, month, day } = parse(date)
  return new Temporal.PlainDate(year, month, day)
}

/** The instant a local date begins in a zone (usually 00:00; later where DST skips midnight). */
export function startOfDay(date: string, timeZone: string): number {
  if (timeZone === UTC) return toEpochDay(date) * DAY
  return plainDate(date).toZonedDateTime({ timeZone }).epochMilliseconds
}

/** The instant of 12:00 on a local date in a zone (a skipped 12:00 moves forward, as Temporal does). */
export function middayOf(date: string, timeZone: string): number {
  if (timeZone === UTC) return toEpochDay(date) * DAY + DAY / 2
  return plainDate(date).toZonedDateTime({ timeZone, plainTime: new Temporal.PlainTime(12) }).epochMilliseconds
}

function zoned(epochMs: number, timeZone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone)
}

/** The local date of an instant in a zone. */
export function localDateOf(epochMs: number, timeZone: string): string {
  if (timeZone === UTC) return fromEpochDay(Math.floor(epochMs / DAY))
  const z = zoned(epochMs, timeZone)
  return format({ year: z.year, month: z.month, day: z.day })
}

/** Today's local date in a zone. */
export function todayIn(timeZone: string, nowMs = Date.now()): string {
  return localDateOf(nowMs, timeZone)
}

/**
 * The instant that shows in `to` the wall-clock time that `epochMs` shows in `from`: a request keeps
 * its local dates and times when its owner moves to another zone.
 */
export function sameWallClock(epochMs: number, from: string, to: string): number {
  if (from === to) return epochMs
  return zoned(epochMs, from).toPlainDateTime().toZonedDateTime(to).epochMilliseconds
}

const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/

/**
 * A zone is valid when the runtime can construct it. Intl.supportedValuesOf('timeZone') is no guide:
 * Node 20's list lacks UTC and Europe/Kyiv, which work. Offsets such as "+01:00" are not zone names.
 */
export function isTimeZone(value: string): boolean {
  if (!ZONE_NAME.test(value)) return false
  try {
    new Intl.DateTimeFormat('en', { timeZone: value })
    zoned(0, value)
    return true
  } catch {
    return false
  }
}

/** 'MM-DD' naming a day every year has (so not 02-29). */
export function isMonthDay(value: string): boolean {
  const m = /^(\d{2})-(\d{2})$/.exec(value)
  if (!m) return false
  const month = Number(m[1])
  const day = Number(m[2])
  return month >= 1 && month <= 12 && day >= 1 && day <= [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!
}

/** Every calendar year that a date range touches. */
export function* eachYear(from: string, to: string): Generator<number> {
  for (let year = yearOf(from); year <= yearOf(to); year++) yield year
}

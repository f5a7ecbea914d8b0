// How much working time a leave period takes, day by day, with the reason for each day. One pure
// function of (period, work week, zone, holidays): validation, storage, the preview and everything
// later call it, so a number shown anywhere is the number stored.
import { addDays, eachDate, startOfDay, weekdayOf, type Weekday } from './calendar.js'
import type { Instants, LocalPeriod } from './period.js'

/** Scheduled hours per weekday; 0 = not a working day. */
export type WorkWeek = Record<Weekday, number>

export type LeaveUnit = 'day' | 'hour'

/** A day off for everyone in a region: a public holiday, or a company day off. */
export interface HolidayDay {
  date: string
  name: string
  /** Only the afternoon is off. */
  half_day: boolean
  kind: 'public' | 'company'
}

/** The day off on a local date, if any (several on one date are merged by the caller: see mergeHolidays). */
export type HolidayLookup = (date: string) => HolidayDay | undefined

export type DayReason = 'working_day' | 'half_day' | 'weekend' | 'public_holiday' | 'company_holiday' | 'half_holiday'

export interface DayCount {
  date: string
  weekday: Weekday
  /** The share of a working day this date takes. */
  counts: number
  hours: number
  reason: DayReason
  /** The holiday's name, or null. */
  holiday: string | null
}

export interface Duration {
  days: number
  hours: number
  breakdown: DayCount[]
}

export interface DurationInput {
  unit: LeaveUnit
  period: LocalPeriod
  /** The same period as instants: hour-based types count the time inside each day. */
  instants: Instants
  timeZone: string
  workWeek: WorkWeek
  holidayOn: HolidayLookup
}

const HOUR = 3_600_000

const round2 = (value: number) => Math.round(value * 100) / 100

export function computeDuration(input: DurationInput): Duration {
  const breakdown: DayCount[] = []
  for (const date of eachDate(input.period.start_date, input.period.end_date)) {
    breakdown.push(input.unit === 'day' ? countDay(date, input) : countHours(date, input))
  }
  let days = 0
  let hours = 0
  for (const day of breakdown) {
    days += day.counts
    hours += day.hours
  }
  // Day-based counts are multiples of 0.5 and hours multiples of 0.125: their sums are exact.
  // Hour-based ones are fractions of arbitrary lengths: rounded to hundredths.
  return input.unit === 'day' ? { days, hours, breakdown } : { days: round2(days), hours: round2(hours), breakdown }
}

/**
 * A date's share of a day-based request: 0 on a 0-hour weekday or a full day off, half on a half day
 * off (the afternoon: the request's own afternoon half then takes nothing, its morning half a half)
 * or on the request's own half day, else 1. Hours are that share of the weekday's hours.
 */
function countDay(date: string, { period, workWeek, holidayOn }: DurationInput): DayCount {
  const weekday = weekdayOf(date)
  const scheduled = workWeek[weekday]
  const holiday = holidayOn(date)
  const afternoonOnly = date === period.start_date && period.half_day_start
  const morningOnly = date === period.end_date && period.half_day_end
  let counts: number
  let reason: DayReason
  if (scheduled === 0) {
    counts = 0
    reason = 'weekend'
  } else if (holiday && !holiday.half_day) {
    counts = 0
    reason = holiday.kind === 'public' ? 'public_holiday' : 'company_holiday'
  } else if (holiday) {
    counts = afternoonOnly ? 0 : 0.5
    reason = 'half_holiday'
  } else if (afternoonOnly || morningOnly) {
    counts = 0.5
    reason = 'half_day'
  } else {
    counts = 1
    reason = 'working_day'
  }
  return { date, weekday, counts, hours: counts * scheduled, reason, holiday: holiday?.name ?? null }
}

/**
 * A date's share of an hour-based request: the time of [start, end) inside the local day (real
 * elapsed time, so a 23-hour DST day is 23 hours long), capped at the day's scheduled hours (none on
 * a full day off, half on a half one); its share of a day is those hours over the weekday's hours.
 */
function countHours(date: string, { instants, timeZone, workWeek, holidayOn }: DurationInput): DayCount {
  const weekday = weekdayOf(date)
  const scheduled = workWeek[weekday]
  const holiday = holidayOn(date)
  const dayStart = startOfDay(date, timeZone)
  const dayEnd = startOfDay(addDays(date, 1), timeZone)
  const inside = Math.max(0, Math.min(instants.end, dayEnd) - Math.max(instants.start, dayStart)) / HOUR
  let cap = scheduled
  let reason: DayReason = 'working_day'
  if (scheduled === 0) reason = 'weekend'
  else if (holiday && !holiday.half_day) {
    cap = 0
    reason = holiday.kind === 'public' ? 'public_holiday' : 'company_holiday'
  } else if (holiday) {
    cap = scheduled / 2
    reason = 'half_holiday'
  }
  const hours = Math.min(inside, cap)
  return { date, weekday, counts: scheduled > 0 ? hours / scheduled : 0, hours, reason, holiday: holiday?.name ?? null }
}

/**
 * Several days off on one date become one: a full day wins over a half day, a public holiday over a
 * company day, and the names are joined.
 */
export function mergeHolidays(days: readonly HolidayDay[]): Map<string, HolidayDay> {
  const byDate = new Map<string, HolidayDay>()
  for (const day of days) {
    const seen = byDate.get(day.date)
    if (!seen) {
      byDate.set(day.date, day)
      continue
    }
    const winner = rank(day) > rank(seen) ? day : seen
    const names = seen.name.split(' / ').includes(day.name) ? seen.name : `${seen.name} / ${day.name}`
    byDate.set(day.date, { ...winner, name: names })
  }
  return byDate
}

const rank = (day: HolidayDay) => (day.half_day ? 0 : 2) + (day.kind === 'public' ? 1 : 0)

export const DEFAULT_WORK_WEEK: WorkWeek = Object.freeze({ mon: 8, tue: 8, wed: 8, thu: 8, fri: 8, sat: 0, sun: 0 })

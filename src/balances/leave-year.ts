// Leave years: the span of 12 months from the setting leave_year_start (MM-DD) that allowances,
// carry-over and expiry are counted in. A leave year is named after the calendar year it starts in:
// with 04-01, "2027" is 2027-04-01..2028-03-31. Pure date arithmetic on plain dates.
import { addDays, daysBetween, yearOf } from '../working-time/calendar.js'

export interface LeaveYear {
  year: number
  /** First and last day, inclusive. */
  start: string
  end: string
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

export function leaveYear(year: number, startMonthDay: string): LeaveYear {
  const start = `${pad(year, 4)}-${startMonthDay}`
  return { year, start, end: addDays(`${pad(year + 1, 4)}-${startMonthDay}`, -1) }
}

/** The leave year a date falls in. */
export function leaveYearOf(date: string, startMonthDay: string): LeaveYear {
  const year = yearOf(date)
  return date.slice(5) >= startMonthDay ? leaveYear(year, startMonthDay) : leaveYear(year - 1, startMonthDay)
}

export const daysIn = (ly: LeaveYear) => daysBetween(ly.start, ly.end) + 1

/** The date inside a leave year that has this MM-DD (02-29 is never one: settings refuse it). */
export function dateInYear(ly: LeaveYear, monthDay: string): string {
  const candidate = `${ly.start.slice(0, 4)}-${monthDay}`
  return candidate >= ly.start ? candidate : `${pad(yearOf(ly.start) + 1, 4)}-${monthDay}`
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const lastDayOf = (year: number, month: number) => (month === 2 && (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : DAYS_IN_MONTH[month - 1]!)

/**
 * The first days of the twelve months of a leave year: the start, then the same day of each following
 * month (the last day of a month too short for it: a year starting 01-31 has months from 02-28).
 */
export function monthStarts(ly: LeaveYear): string[] {
  const year = yearOf(ly.start)
  const month = Number(ly.start.slice(5, 7))
  const day = Number(ly.start.slice(8, 10))
  const starts: string[] = []
  for (let k = 0; k < 12; k++) {
    const m = ((month - 1 + k) % 12) + 1
    const y = year + Math.floor((month - 1 + k) / 12)
    starts.push(`${pad(y, 4)}-${pad(m)}-${pad(Math.min(day, lastDayOf(y, m)))}`)
  }
  return starts
}

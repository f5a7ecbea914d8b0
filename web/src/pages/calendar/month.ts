// The month the wall chart shows, and what each person's absences mean for each of its days. Only
// drawing: the days a request counts and the people in view come from the server as they are.
import { addDays, isoWeekday } from '../../i18n/format'

export type Scope = 'me' | 'team' | 'all'
export const SCOPES: readonly Scope[] = ['team', 'me', 'all']

export interface CalendarAbsence {
  id: number | null
  start_date: string
  end_date: string
  half_day_start: boolean
  half_day_end: boolean
  status: string
  type: string | null
  days: number
}

/** Today's date in a time zone, as YYYY-MM-DD (the person's zone, not the browser's). */
export function todayIn(timeZone: string | undefined): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
  } catch {
    return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
  }
}

/** A valid YYYY-MM from the URL, else the month of `today`. */
export function parseMonth(value: string | null, today: string): string {
  if (value && /^\d{4}-(0[1-9]|1[0-2])$/.test(value)) return value
  return today.slice(0, 7)
}

export function parseScope(value: string | null): Scope {
  return value === 'me' || value === 'all' ? value : 'team'
}

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const index = y * 12 + (m - 1) + by
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`
}

/** Every date of the month, YYYY-MM-DD. */
export function daysOfMonth(month: string): string[] {
  const days: string[] = []
  for (let day = `${month}-01`; day.startsWith(month); day = addDays(day, 1)) days.push(day)
  return days
}

/** Saturday and Sunday: the columns shaded as the weekend (people's own work weeks are not in the answer). */
export function isWeekend(date: string): boolean {
  return isoWeekday(date) >= 6
}

/** What a person's cell holds on one date: the absence of the morning and of the afternoon. */
export interface DayCell {
  morning: CalendarAbsence | null
  afternoon: CalendarAbsence | null
}

/**
 * Per person, the cells of the dates in `days` that an absence touches. A first day with
 * half_day_start begins at midday (afternoon only); a last day with half_day_end ends at midday.
 */
export function cellsOf(absences: readonly CalendarAbsence[], days: readonly string[]): Map<string, DayCell> {
  const cells = new Map<string, DayCell>()
  const first = days[0]
  const last = days[days.length - 1]
  if (!first || !last) return cells
  for (const absence of absences) {
    const from = absence.start_date > first ? absence.start_date : first
    const to = absence.end_date < last ? absence.end_date : last
    for (let day = from; day <= to; day = addDays(day, 1)) {
      const cell = cells.get(day) ?? { morning: null, afternoon: null }
      const morning = !(day === absence.start_date && absence.half_day_start)
      const afternoon = !(day === absence.end_date && absence.half_day_end)
      if (morning) cell.morning = absence
      if (afternoon) cell.afternoon = absence
      cells.set(day, cell)
    }
  }
  return cells
}


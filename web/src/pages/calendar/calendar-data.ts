// The calendar's server data: who is away in a window, and the leave types' names.
import { api } from '../../api/client'
import { unwrap } from '../../api/errors'
import { useQuery } from '../../api/query'
import type { Scope } from './month'

async function loadCalendar(from: string, to: string, scope: Scope) {
  return unwrap(await api.GET('/api/calendar', { params: { query: { from, to, scope } } }))
}

export type CalendarAnswer = Awaited<ReturnType<typeof loadCalendar>>
export type CalendarPerson = CalendarAnswer['people'][number]
export type CalendarHoliday = CalendarAnswer['holidays'][number]

export function calendarKey(from: string, to: string, scope: Scope): string {
  return `/api/calendar?from=${from}&to=${to}&scope=${scope}`
}

/** Who is away from `from` to `to` (enabled false: not asked yet). */
export function useCalendar(from: string, to: string, scope: Scope, enabled = true) {
  return useQuery(enabled ? calendarKey(from, to, scope) : null, () => loadCalendar(from, to, scope))
}

async function loadLeaveTypes() {
  return unwrap(await api.GET('/api/leave-types'))
}

export type LeaveType = Awaited<ReturnType<typeof loadLeaveTypes>>[number]

/** Every leave type by code (empty until loaded, or when the load failed). */
export function useLeaveTypes(): Map<string, LeaveType> {
  const query = useQuery('/api/leave-types', loadLeaveTypes)
  return new Map((query.data ?? []).map((type) => [type.code, type]))
}

/** Leave-type names by code (a failed load leaves the codes as they are). */
export function useLeaveTypeNames(): (code: string) => string {
  const types = useLeaveTypes()
  return (code) => types.get(code)?.name ?? code
}

/** Holidays of the window by date (several regions may have one on the same date). */
export function holidaysByDate(holidays: readonly CalendarHoliday[]): Map<string, CalendarHoliday[]> {
  const byDate = new Map<string, CalendarHoliday[]>()
  for (const holiday of holidays) byDate.set(holiday.date, [...(byDate.get(holiday.date) ?? []), holiday])
  return byDate
}

async function loadFeeds() {
  return unwrap(await api.GET('/api/calendar/feeds'))
}

export type Feeds = Awaited<ReturnType<typeof loadFeeds>>
export const FEEDS_KEY = '/api/calendar/feeds'

/** The person's feed URLs (null: not needed here). */
export function useFeeds(enabled = true) {
  return useQuery(enabled ? FEEDS_KEY : null, loadFeeds)
}

// What a calendar shows of a person's absence to a viewer, and how a feed names it. Pure. A colleague
// learns that someone is away, not why: only the owner, their approvers and admins see the type and
// the request's id; the description never appears.
import { canSee, type Caller } from '../leave-requests/lifecycle.js'
import type { CalendarAbsence, CalendarPerson } from './calendar.repository.js'

export function absenceFor(viewer: Caller, a: CalendarAbsence) {
  const open = canSee(viewer, { user_id: a.user_id, owner_manager_id: a.owner_manager_id })
  return {
    id: open ? a.id : null,
    start_date: a.start_date,
    end_date: a.end_date,
    half_day_start: a.half_day_start === 1,
    half_day_end: a.half_day_end === 1,
    status: a.status,
    type: open ? a.type : null,
    days: a.days,
  }
}

export const personSummary = (p: CalendarPerson) => ({ id: p.id, first_name: p.first_name, last_name: p.last_name, preferred_name: p.preferred_name })

export function displayName(p: Pick<CalendarPerson, 'first_name' | 'last_name' | 'preferred_name'>): string {
  return `${p.preferred_name || p.first_name} ${p.last_name}`.trim() || 'Someone'
}

/** Which halves of its days a request leaves out, in words: "" for whole days. */
export function halfDayNote(a: { start_date: string; end_date: string; half_day_start: boolean; half_day_end: boolean }): string {
  if (a.start_date === a.end_date) return a.half_day_start ? ' (afternoon)' : a.half_day_end ? ' (morning)' : ''
  if (a.half_day_start && a.half_day_end) return ' (from the afternoon, until the morning)'
  if (a.half_day_start) return ' (from the afternoon)'
  if (a.half_day_end) return ' (until the morning)'
  return ''
}

/** "Ada Lovelace: away (afternoon)", or with the type's name for those who may see it. */
export function summaryOf(person: CalendarPerson, shown: ReturnType<typeof absenceFor>, typeName: string | null): string {
  return `${displayName(person)}: ${typeName ?? 'away'}${halfDayNote(shown)}`
}

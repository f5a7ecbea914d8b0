// Coverage: whether enough of a group is present on a date. Pure. A member is scheduled on a date
// that is a working day of their own work week and not a full day off in their region; a scheduled
// member is present unless leave that shows (approved, cancellation asked, pending) covers the date,
// a half day counting as half present. A rule is checked only on dates where, without any leave, at
// least min_present members would be scheduled (so weekends and shared holidays never break it).
import { addDays, weekdayOf } from '../working-time/calendar.js'
import type { HolidayLookup, WorkWeek } from '../working-time/duration.js'

export interface CoverageMember {
  id: number
  workWeek: WorkWeek
  holidayOn: HolidayLookup
}

/** Leave of a member: milli-days of a working day per date from start_date (leave_requests.day_counts). */
export interface MemberLeave {
  request_id: number
  user_id: number
  start_date: string
  day_counts: readonly number[]
}

export interface CoverageRule {
  id: number
  group_id: number
  group: string
  min_present: number
  mode: 'warn' | 'block'
  member_ids: readonly number[]
}

export interface Breach {
  rule_id: number
  group: string
  date: string
  present: number
  min_present: number
  mode: 'warn' | 'block'
}

export function isScheduled(member: CoverageMember, date: string): boolean {
  if (member.workWeek[weekdayOf(date)] === 0) return false
  const off = member.holidayOn(date)
  return !off || off.half_day
}

/** The share of a working day each member is away on each date, summed over their leave (at most 1). */
export function absenceShares(leave: readonly MemberLeave[]): Map<number, Map<string, number>> {
  const shares = new Map<number, Map<string, number>>()
  for (const l of leave) {
    let byDate = shares.get(l.user_id)
    if (!byDate) shares.set(l.user_id, (byDate = new Map()))
    let date = l.start_date
    for (const counts of l.day_counts) {
      if (counts > 0) byDate.set(date, Math.min(1, (byDate.get(date) ?? 0) + counts / 1000))
      date = addDays(date, 1)
    }
  }
  return shares
}

/** How many of a rule's members are scheduled and present on a date. */
export function presence(rule: CoverageRule, members: ReadonlyMap<number, CoverageMember>, shares: ReadonlyMap<number, ReadonlyMap<string, number>>, date: string) {
  let scheduled = 0
  let present = 0
  for (const id of rule.member_ids) {
    const member = members.get(id)
    if (!member || !isScheduled(member, date)) continue
    scheduled++
    present += 1 - (shares.get(id)?.get(date) ?? 0)
  }
  return { scheduled, present }
}

/** The dates among `dates` on which a rule is broken. */
export function breaches(rule: CoverageRule, members: ReadonlyMap<number, CoverageMember>, shares: ReadonlyMap<number, ReadonlyMap<string, number>>, dates: Iterable<string>): Breach[] {
  const out: Breach[] = []
  for (const date of dates) {
    const { scheduled, present } = presence(rule, members, shares, date)
    if (scheduled >= rule.min_present && present < rule.min_present) {
      out.push({ rule_id: rule.id, group: rule.group, date, present, min_present: rule.min_present, mode: rule.mode })
    }
  }
  return out
}

/** The dates a request takes working time on. */
export function leaveDates(l: Pick<MemberLeave, 'start_date' | 'day_counts'>): string[] {
  const dates: string[] = []
  let date = l.start_date
  for (const counts of l.day_counts) {
    if (counts > 0) dates.push(date)
    date = addDays(date, 1)
  }
  return dates
}

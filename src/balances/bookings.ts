// What a change to a leave request books: the facts of the ledger (a usage when it becomes approved,
// a release when it stops being so) and the deltas of the per-year totals; and what pending requests
// reserve. Pure, so that the service, the recomputation of durations and the migration of existing
// requests book the same way.
import { leaveYear, leaveYearOf } from './leave-year.js'
import { countUpTo, yearShares, type Fact, type YearShare } from './balance.js'

/** What of a leave request the balance depends on. */
export interface BookedRequest {
  id: number
  type: string
  status: string
  start_date: string
  /** Milli-days per date from start_date. */
  day_counts: readonly number[]
}

export interface BookedFact extends Fact {
  type: string
  year: number
}

export interface TotalsDelta {
  type: string
  year: number
  used: number
  used_early: number
  adjustments: number
  /** The date of the fact it books. */
  fact_date: string
}

export interface Booking {
  facts: BookedFact[]
  deltas: TotalsDelta[]
}

/** Statuses whose days are reserved but not used. */
export const PENDING_STATUSES: readonly string[] = ['PENDING', 'CANCELLATION_REQUESTED']

export interface BookingRules {
  leaveYearStart: string
  /** The carry-over expiry date of a type's leave year, or null. */
  expiryOf(type: string, year: number): string | null
}

const days = (milli: number) => String(milli / 1000)

export function sharesOf(request: BookedRequest, leaveYearStart: string): YearShare[] {
  return yearShares(request.start_date, request.day_counts, leaveYearStart)
}

/**
 * The booking of a request going from `before` to `after` (null: it did not exist, or no longer
 * does) on the day `today`: a usage when it becomes approved, a release when it stops being so.
 * `reason` says why, for the ledger ("approved", "cancelled", ...). Days in a leave year that has
 * ended by `today` are booked in the current year, as an adjustment named so: an ended year is never
 * rewritten. What a request reserves while pending is no fact: see pendingOf.
 */
export function bookChange(before: BookedRequest | null, after: BookedRequest | null, today: string, rules: BookingRules, reason: string): Booking {
  const booking: Booking = { facts: [], deltas: [] }
  const delta = (type: string, year: number): TotalsDelta => {
    let d = booking.deltas.find((x) => x.type === type && x.year === year)
    if (!d) booking.deltas.push((d = { type, year, used: 0, used_early: 0, adjustments: 0, fact_date: today }))
    return d
  }
  const early = (type: string, share: YearShare) => {
    const expiry = rules.expiryOf(type, share.year)
    return expiry === null ? 0 : countUpTo(share.leave_from, share.day_counts, expiry)
  }
  const current = leaveYearOf(today, rules.leaveYearStart)
  const use = (request: BookedRequest, kind: 'usage' | 'release') => {
    const sign = kind === 'usage' ? 1 : -1
    for (const share of sharesOf(request, rules.leaveYearStart)) {
      const ended = leaveYear(share.year, rules.leaveYearStart).end < today
      if (ended) {
        const comment = `Leave request ${request.id} ${reason} after leave year ${share.year} had ended: its ${days(share.total)} days there are booked in this year.`
        booking.facts.push({ type: request.type, year: current.year, date: today, kind: 'adjustment', amount: -sign * share.total, request_id: request.id, comment, leave_from: null, day_counts: null })
        delta(request.type, current.year).adjustments += -sign * share.total
        continue
      }
      const e = early(request.type, share)
      const comment = `Leave request ${request.id} ${reason}: ${days(share.total)} days from ${share.leave_from}.`
      booking.facts.push({ type: request.type, year: share.year, date: today, kind, amount: -sign * share.total, request_id: request.id, comment, leave_from: share.leave_from, day_counts: share.day_counts })
      const d = delta(request.type, share.year)
      d.used += sign * share.total
      d.used_early += sign * e
    }
  }

  const wasUsed = before?.status === 'APPROVED'
  const isUsed = after?.status === 'APPROVED'
  const unchanged = wasUsed && isUsed && before.type === after.type && before.start_date === after.start_date && sameCounts(before.day_counts, after.day_counts)
  if (wasUsed && !unchanged) use(before, 'release')
  if (isUsed && !unchanged) use(after, 'usage')
  return booking
}

export interface Reserved {
  pending: number
  /** The part on days up to the year's carry-over expiry. */
  pending_early: number
}

/**
 * What pending requests (PENDING, CANCELLATION_REQUESTED) reserve as of `today`, by type and leave
 * year. Derived from the requests themselves, never stored, so it always follows the same rule as the
 * booking it waits for: days in a leave year that has ended count in the current one.
 */
export function pendingOf(requests: readonly BookedRequest[], today: string, rules: BookingRules): Map<string, Map<number, Reserved>> {
  const out = new Map<string, Map<number, Reserved>>()
  const current = leaveYearOf(today, rules.leaveYearStart).year
  for (const request of requests) {
    if (!PENDING_STATUSES.includes(request.status)) continue
    let years = out.get(request.type)
    if (!years) out.set(request.type, (years = new Map()))
    for (const share of sharesOf(request, rules.leaveYearStart)) {
      const ended = leaveYear(share.year, rules.leaveYearStart).end < today
      const year = ended ? current : share.year
      const expiry = ended ? null : rules.expiryOf(request.type, share.year)
      const r = years.get(year) ?? { pending: 0, pending_early: 0 }
      r.pending += share.total
      if (expiry !== null) r.pending_early += countUpTo(share.leave_from, share.day_counts, expiry)
      years.set(year, r)
    }
  }
  return out
}

function sameCounts(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i])
}

/** Milli-days per date of a measured period, summing exactly to its days (in milli-days). */
export function dayCountsOf(breakdown: readonly { counts: number }[], days: number): number[] {
  const counts = breakdown.map((d) => Math.round(d.counts * 1000))
  const drift = Math.round(days * 1000) - counts.reduce((a, b) => a + b, 0)
  if (drift !== 0 && counts.length > 0) {
    // Rounding each day to milli-days can miss the total by a few: the last day that counts takes it.
    let i = counts.length - 1
    while (i > 0 && counts[i] === 0) i--
    counts[i] = counts[i]! + drift
  }
  return counts
}

// How a balance is derived, for any day: the policy gives the grants, the stored facts (usages,
// releases, adjustments, booked per leave year) and their running totals give the rest, and carry-over
// and expiry follow from both. Pure: the service reads the rows, these functions do the arithmetic, so
// the balance, the ledger and the check of a new request cannot disagree. Amounts are milli-days.
import { addDays } from '../working-time/calendar.js'
import { grantsOf, type Grant } from './accrual.js'
import { dateInYear, leaveYear, leaveYearOf, type LeaveYear } from './leave-year.js'
import { policyOn, type BalancePolicy, type PolicyVersion } from './policy.js'

/**
 * A leave type's facts in one leave year: the sums of the stored facts, kept current by every write
 * (table balance_years), and what pending requests reserve now (derived: bookings.ts pendingOf).
 */
export interface YearTotals {
  year: number
  /** Days of approved requests booked in the year (usages minus releases). */
  used: number
  /** The part of `used` on days on or before the year's carry-over expiry (they draw on carried days). */
  used_early: number
  /** Days of requests pending now (PENDING or CANCELLATION_REQUESTED), and their early part. */
  pending: number
  pending_early: number
  adjustments: number
  /** The date of the latest fact: a balance as of that day or later needs no other row. */
  last_fact_date: string | null
}

export const NO_TOTALS = (year: number): YearTotals => ({ year, used: 0, used_early: 0, pending: 0, pending_early: 0, adjustments: 0, last_fact_date: null })

/** The stored totals of a type with what is reserved in each year laid over them. */
export function withPending(totals: ReadonlyMap<number, YearTotals> | undefined, reserved: ReadonlyMap<number, { pending: number; pending_early: number }> | undefined): Map<number, YearTotals> {
  const out = new Map<number, YearTotals>()
  for (const [year, t] of totals ?? []) out.set(year, { ...t, pending: 0, pending_early: 0 })
  for (const [year, r] of reserved ?? []) out.set(year, { ...(out.get(year) ?? NO_TOTALS(year)), pending: r.pending, pending_early: r.pending_early })
  return out
}

export type FactKind = 'usage' | 'release' | 'adjustment'

/** A stored fact of the ledger (table balance_entries). */
export interface Fact {
  date: string
  kind: FactKind
  /** Its effect on the balance: negative for a usage. */
  amount: number
  request_id: number | null
  comment: string
  /** The leave days it covers in its year (usages and releases): milli-days per date from leave_from. */
  leave_from: string | null
  day_counts: readonly number[] | null
}

export interface BalanceContext {
  leaveYearStart: string
  /** The type's policy history, oldest first. */
  versions: readonly PolicyVersion[]
  employmentStart: string | null
  /** This person's totals of the type, by leave year. */
  totals: ReadonlyMap<number, YearTotals>
}

export const policyOf = (ctx: BalanceContext, ly: LeaveYear): BalancePolicy => policyOn(ctx.versions, ly.end)

/** The day after which carried days lapse in this leave year, or null. */
export function expiryOf(ctx: BalanceContext, ly: LeaveYear): string | null {
  const md = policyOf(ctx, ly).carryOverExpires
  return md === null ? null : dateInYear(ly, md)
}

/** Milli-days of a day list on or before a date. */
export function countUpTo(leaveFrom: string, counts: readonly number[], lastDate: string): number {
  let sum = 0
  let date = leaveFrom
  for (const count of counts) {
    if (date > lastDate) break
    sum += count
    date = addDays(date, 1)
  }
  return sum
}

/** A fact's share of `used` and `used_early` (a usage adds, a release takes away). */
export function usedBy(fact: Pick<Fact, 'kind' | 'amount' | 'leave_from' | 'day_counts'>, expiry: string | null): { used: number; early: number } {
  if (fact.kind === 'adjustment') return { used: 0, early: 0 }
  const early = expiry !== null && fact.leave_from !== null && fact.day_counts !== null ? countUpTo(fact.leave_from, fact.day_counts, expiry) : 0
  return { used: -fact.amount, early: fact.kind === 'usage' ? early : -early }
}

interface Facts {
  used: number
  used_early: number
  adjustments: number
}

/** The year's facts as they stood at the end of `asOf`: from the totals, or from the facts when later ones exist. */
export function factsAsOf(totals: YearTotals, facts: readonly Fact[] | undefined, asOf: string, expiry: string | null): Facts {
  if (totals.last_fact_date === null || asOf >= totals.last_fact_date) return totals
  if (!facts) throw new Error('facts dated after as_of exist: pass the year’s facts')
  const sum: Facts = { used: 0, used_early: 0, adjustments: 0 }
  for (const fact of facts) {
    if (fact.date > asOf) continue
    if (fact.kind === 'adjustment') sum.adjustments += fact.amount
    const { used, early } = usedBy(fact, expiry)
    sum.used += used
    sum.used_early += early
  }
  return sum
}

/** Whether `balanceOn` needs the year's facts for this day. */
export const needsFacts = (totals: YearTotals | undefined, asOf: string) => totals?.last_fact_date != null && asOf < totals.last_fact_date

const sumUpTo = (grants: readonly Grant[], date: string) => grants.reduce((sum, g) => (g.date <= date ? sum + g.amount : sum), 0)

/** Carried days that have lapsed by the end of `asOf`: those still undrawn by leave days up to the expiry. */
function expiredBy(carried: number, expiry: string | null, asOf: string, drawnEarly: number): number {
  return expiry !== null && asOf > expiry ? Math.max(0, carried - drawnEarly) : 0
}

/** The first leave year anything can have happened in: no row and no policy before it. */
function firstYear(ctx: BalanceContext, year: number): number {
  let first = year
  for (const y of ctx.totals.keys()) first = Math.min(first, y)
  const firstPolicy = ctx.versions[0]
  if (firstPolicy) first = Math.min(first, leaveYearOf(firstPolicy.effectiveFrom, ctx.leaveYearStart).year)
  if (ctx.employmentStart !== null) first = Math.max(first, leaveYearOf(ctx.employmentStart, ctx.leaveYearStart).year)
  return Math.min(first, year)
}

export interface CarryOver {
  /** Carried into the year on its first day. */
  amount: number
  /** What was left of the year before (never below 0), and the cap that applied. */
  left: number
  cap: number | null
}

/** The last leave year in which anything changes: a row, a policy version, the employment start. */
function lastEventfulYear(ctx: BalanceContext): number {
  let last = -Infinity
  for (const y of ctx.totals.keys()) last = Math.max(last, y)
  const lastPolicy = ctx.versions[ctx.versions.length - 1]
  if (lastPolicy) last = Math.max(last, leaveYearOf(lastPolicy.effectiveFrom, ctx.leaveYearStart).year)
  if (ctx.employmentStart !== null) last = Math.max(last, leaveYearOf(ctx.employmentStart, ctx.leaveYearStart).year)
  return last
}

/**
 * What is carried into a leave year: what was left of the year before at its end (never below 0),
 * capped. Each year's close follows from the totals, so this walks the years from the first one; past
 * the last year anything happens in, every year is alike, so the walk jumps to the end in one step
 * (a request or an as_of far in the future costs no more than one near).
 */
export function carryInto(ctx: BalanceContext, year: number): CarryOver {
  let carried = 0
  let left = 0
  let cap: number | null = null
  const quiet = lastEventfulYear(ctx) + 1
  for (let y = firstYear(ctx, year); y < year; y++) {
    const ly = leaveYear(y, ctx.leaveYearStart)
    const t = ctx.totals.get(y) ?? NO_TOTALS(y)
    const granted = sumUpTo(grantsOf(policyOf(ctx, ly), ly, ctx.employmentStart), ly.end)
    const expiry = expiryOf(ctx, ly)
    const steps = year - 1 - y
    if (y >= quiet && steps > 0) {
      // Alike years: with an expiry every carry lapses unused, so each year carries its own grant;
      // without one the carry grows by the grant each year, up to the cap.
      cap = policyOn(ctx.versions, leaveYear(y + 1, ctx.leaveYearStart).start).carryOverMax
      const grown = expiry !== null ? granted : carried + steps * granted
      carried = cap === null ? grown : Math.min(grown, cap)
      y += steps - 1
      continue
    }
    const expired = expiredBy(carried, expiry, addDays(ly.end, 1), t.used_early)
    const closing = granted + carried - expired + t.adjustments - t.used
    const next = leaveYear(y + 1, ctx.leaveYearStart)
    left = Math.max(0, closing)
    cap = policyOn(ctx.versions, next.start).carryOverMax
    carried = cap === null ? left : Math.min(left, cap)
  }
  return { amount: carried, left, cap }
}

export interface BalanceNumbers {
  year: LeaveYear
  allowance: number
  accrued: number
  carried_over: number
  carried_over_expires: string | null
  expired: number
  adjustments: number
  used: number
  pending: number
  balance: number
  available: number
  allow_negative: number
}

/** The balance at the end of `asOf`. `facts`: the year's, needed when `needsFacts`. */
export function balanceOn(ctx: BalanceContext, asOf: string, facts?: readonly Fact[]): BalanceNumbers {
  const ly = leaveYearOf(asOf, ctx.leaveYearStart)
  const policy = policyOf(ctx, ly)
  const totals = ctx.totals.get(ly.year) ?? NO_TOTALS(ly.year)
  const expiry = expiryOf(ctx, ly)
  const accrued = sumUpTo(grantsOf(policy, ly, ctx.employmentStart), asOf)
  const carried = carryInto(ctx, ly.year).amount
  const known = factsAsOf(totals, facts, asOf, expiry)
  const expired = expiredBy(carried, expiry, asOf, known.used_early)
  const balance = accrued + carried - expired + known.adjustments - known.used
  return {
    year: ly,
    allowance: policy.allowance,
    accrued,
    carried_over: carried,
    carried_over_expires: carried > 0 ? expiry : null,
    expired,
    adjustments: known.adjustments,
    used: known.used,
    pending: totals.pending,
    balance,
    available: balance - totals.pending,
    allow_negative: policy.allowNegative,
  }
}

export type LedgerKind = 'allowance' | 'accrual' | 'carry_over' | 'expiry' | FactKind

export interface LedgerLine {
  date: string
  kind: LedgerKind
  amount: number
  request_id: number | null
  comment: string
}

/** Within a day: what the year grants first, then the stored facts in the order they happened, then what lapsed. */
const RANK: Record<LedgerKind, number> = { carry_over: 0, allowance: 1, accrual: 2, adjustment: 3, usage: 3, release: 3, expiry: 4 }

/**
 * Every entry that makes a leave year's numbers, oldest first: the grants, the carry-over (a
 * projection until the year begins), the stored facts, and the expiry, with a correcting entry on
 * each later day a fact changes what had lapsed. The entries dated up to any day of the year add up
 * to the balance at the end of that day.
 */
export function ledgerOf(ctx: BalanceContext, year: number, facts: readonly Fact[], today: string): LedgerLine[] {
  const ly = leaveYear(year, ctx.leaveYearStart)
  const lines: LedgerLine[] = grantsOf(policyOf(ctx, ly), ly, ctx.employmentStart).map((g) => ({ ...g, request_id: null }))
  const carry = carryInto(ctx, year)
  if (carry.amount !== 0) {
    const capped = carry.cap !== null && carry.left > carry.cap ? `, capped at ${carry.cap / 1000}` : ''
    const projected = ly.start > today ? ' Projected from today’s facts: it is fixed on the day.' : ''
    lines.push({ date: ly.start, kind: 'carry_over', amount: carry.amount, request_id: null, comment: `Left of leave year ${year - 1}: ${carry.left / 1000}${capped}.${projected}` })
  }
  for (const fact of facts) lines.push({ date: fact.date, kind: fact.kind, amount: fact.amount, request_id: fact.request_id, comment: fact.comment })

  const expiry = expiryOf(ctx, ly)
  if (expiry !== null && carry.amount > 0) {
    const lapse = addDays(expiry, 1)
    const dates = [lapse, ...new Set(facts.map((f) => f.date).filter((d) => d > lapse))].sort()
    let expired = 0
    for (const date of dates) {
      let drawn = 0
      for (const fact of facts) if (fact.date <= date) drawn += usedBy(fact, expiry).early
      const now = expiredBy(carry.amount, expiry, date, drawn)
      if (now !== expired) {
        const comment =
          date === lapse
            ? `Carried days not taken by ${expiry} lapse.`
            : `What lapsed on ${lapse} changes: leave days up to ${expiry} were booked or given back on this day.`
        lines.push({ date, kind: 'expiry', amount: expired - now, request_id: null, comment })
        expired = now
      }
    }
  }
  // Array.prototype.sort is stable: facts of one day keep the order they were given in (by id).
  return lines.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : RANK[a.kind] - RANK[b.kind]))
}

/** The part of a request that falls in one leave year. */
export interface YearShare {
  year: number
  leave_from: string
  day_counts: number[]
  total: number
  /** Its last day that counts: accrual up to it is what the request may draw on. */
  last: string
}

/** A request's days by leave year (only years it takes working time in). `counts`: milli-days per date from `startDate`. */
export function yearShares(startDate: string, counts: readonly number[], leaveYearStart: string): YearShare[] {
  const shares: YearShare[] = []
  let current: YearShare | undefined
  let date = startDate
  let ly: LeaveYear | undefined
  for (const count of counts) {
    if (!ly || date > ly.end) {
      ly = leaveYearOf(date, leaveYearStart)
      current = { year: ly.year, leave_from: date, day_counts: [], total: 0, last: date }
      shares.push(current)
    }
    current!.day_counts.push(count)
    current!.total += count
    if (count > 0) current!.last = date
    date = addDays(date, 1)
  }
  return shares.filter((s) => s.total !== 0)
}

export interface Fit {
  year: number
  /** What is available to this request in the year, and what is left after it. */
  available_before: number
  available_after: number
  allow_negative: number
  fits: boolean
}

/**
 * Whether a request's share of a leave year fits: what the year grants by the share's last day (its
 * carried days only for leave days up to the expiry), plus adjustments, minus what is used and
 * pending (the totals must not count the request itself), minus the share.
 */
export function fitOf(ctx: BalanceContext, share: YearShare): Fit {
  const ly = leaveYear(share.year, ctx.leaveYearStart)
  const policy = policyOf(ctx, ly)
  const t = ctx.totals.get(share.year) ?? NO_TOTALS(share.year)
  const expiry = expiryOf(ctx, ly)
  const carried = carryInto(ctx, share.year).amount
  const early = expiry !== null ? countUpTo(share.leave_from, share.day_counts, expiry) : 0
  const pending = t.pending
  const drawn = t.used_early + t.pending_early + early
  const accrued = sumUpTo(grantsOf(policy, ly, ctx.employmentStart), share.last)
  const after = accrued + carried - expiredBy(carried, expiry, share.last, drawn) + t.adjustments - t.used - pending - share.total
  return { year: share.year, available_before: after + share.total, available_after: after, allow_negative: policy.allowNegative, fits: after >= -policy.allowNegative }
}

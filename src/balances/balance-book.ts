// The write side of balances, called inside the transaction of every change to a leave request: it
// books the change (bookings.ts) into the ledger and the per-year totals, and checks whether a request
// fits what is available. Callers lock the owner first, so two writes for one person never interleave.
import { parallel } from '../db/parallel.js'
import type { Executor } from '../db/executor.js'
import { ConflictError } from '../errors.js'
import type { LeaveRequestRow } from '../leave-requests/leave-requests.repository.js'
import { todayIn } from '../working-time/calendar.js'
import type { WorkingConfig } from '../working-time/config-cache.js'
import { expiryOf, fitOf, usedBy, withPending, type BalanceContext, type Fit, type YearShare, type YearTotals } from './balance.js'
import { bookChange, pendingOf, sharesOf, type BookedRequest, type BookingRules } from './bookings.js'
import { leaveYear, leaveYearOf } from './leave-year.js'
import { toFact, type BalancesRepository } from './balances.repository.js'
import { toDays } from './policy.js'

export type RequestState = Pick<LeaveRequestRow, 'id' | 'type' | 'status' | 'start_date' | 'day_counts'>

export function toBooked(row: RequestState): BookedRequest {
  return { id: row.id, type: row.type, status: row.status, start_date: row.start_date, day_counts: JSON.parse(row.day_counts) as number[] }
}

export function bookingRules(config: WorkingConfig): BookingRules {
  const leaveYearStart = config.settings.leave_year_start
  return {
    leaveYearStart,
    expiryOf: (type, year) => expiryOf({ leaveYearStart, versions: config.policyVersions(type), employmentStart: null, totals: new Map() }, leaveYear(year, leaveYearStart)),
  }
}

export function balanceContext(config: WorkingConfig, type: string, employmentStart: string | null, totals: ReadonlyMap<number, YearTotals> | undefined): BalanceContext {
  return { leaveYearStart: config.settings.leave_year_start, versions: config.policyVersions(type), employmentStart, totals: totals ?? new Map() }
}

export interface FitOfType extends Fit {
  type: string
  typeName: string
}

export class BalanceBook {
  constructor(
    private readonly balances: BalancesRepository,
    private readonly clock: () => number,
  ) {}

  today(timeZone: string): string {
    return todayIn(timeZone, this.clock())
  }

  /** Books a request's change from `before` to `after` (null: created, or deleted) for its owner. */
  async requestChanged(
    config: WorkingConfig,
    owner: { id: number; timeZone: string },
    before: RequestState | null,
    after: RequestState | null,
    reason: string,
    actorId: number | null,
    trx: Executor,
  ): Promise<void> {
    const booking = bookChange(before && toBooked(before), after && toBooked(after), this.today(owner.timeZone), bookingRules(config), reason)
    for (const fact of booking.facts) await this.balances.addFact(owner.id, fact, actorId, trx)
    for (const delta of booking.deltas) await this.balances.applyDelta(owner.id, delta, trx)
  }

  /**
   * How a request fits each leave year it takes days in, for a type that counts against a balance
   * (else none). `stored`: the request as stored, when it is one: what it reserves itself is not
   * counted against it. Days in an ended leave year are checked against the current one, where they
   * are booked.
   */
  async fits(
    config: WorkingConfig,
    owner: { id: number; timeZone: string; employmentStart: string | null },
    request: Pick<RequestState, 'type' | 'start_date' | 'day_counts'>,
    stored: RequestState | null,
    ex?: Executor,
  ): Promise<FitOfType[]> {
    const type = config.leaveType(request.type)
    if (!type || type.counts_against_balance !== 1) return []
    const today = this.today(owner.timeZone)
    const rules = bookingRules(config)
    const [totals, pendingRows] = await parallel([this.balances.totals(owner.id, ex), this.balances.pendingRequests([owner.id], ex)])
    const others = pendingRows.filter((r) => r.id !== stored?.id)
    const reserved = pendingOf(others, today, rules).get(type.code)
    const ctx = balanceContext(config, type.code, owner.employmentStart, withPending(totals.get(type.code), reserved))
    const current = leaveYearOf(today, rules.leaveYearStart).year
    const byYear = new Map<number, YearShare>()
    for (const share of sharesOf({ id: 0, status: 'PENDING', ...request, day_counts: JSON.parse(request.day_counts) as number[] }, rules.leaveYearStart)) {
      const ended = leaveYear(share.year, rules.leaveYearStart).end < today
      // Booked in the current year as an adjustment: it draws on no carried days there.
      const mine = ended ? { year: current, leave_from: today, day_counts: [], total: share.total, last: today } : share
      const seen = byYear.get(mine.year)
      if (!seen) byYear.set(mine.year, mine)
      else byYear.set(mine.year, { ...seen, total: seen.total + mine.total, last: seen.last > mine.last ? seen.last : mine.last })
    }
    return [...byYear.values()].map((share) => ({ ...fitOf(ctx, share), type: type.code, typeName: type.name }))
  }

  /**
   * After a type's carry-over expiry moved: recounts, from the current leave year on, the days of
   * every usage that fall on or before the new expiry. `config`: read afresh.
   */
  async recountEarly(config: WorkingConfig, type: string, today: string, trx: Executor): Promise<void> {
    const rules = bookingRules(config)
    const from = leaveYearOf(today, rules.leaveYearStart).year
    const sums = new Map<string, number>()
    for (const row of await this.balances.usageFacts(type, from, trx)) {
      const key = `${row.user_id}|${row.year}`
      sums.set(key, (sums.get(key) ?? 0) + usedBy(toFact(row), rules.expiryOf(type, row.year)).early)
    }
    for (const row of await this.balances.totalsOfType(type, from, trx)) {
      const early = sums.get(`${row.user_id}|${row.year}`) ?? 0
      if (early !== row.used_early) await this.balances.setEarly(row.user_id, type, row.year, early, trx)
    }
  }

  /** Throws 409 insufficient_balance when the request does not fit a leave year. */
  async requireFit(...args: Parameters<BalanceBook['fits']>): Promise<void> {
    const short = (await this.fits(...args)).find((fit) => !fit.fits)
    if (short) throw new ConflictError(insufficientMessage(short, args[0]), 'insufficient_balance')
  }
}

export function insufficientMessage(fit: FitOfType, config: WorkingConfig): string {
  const ly = leaveYear(fit.year, config.settings.leave_year_start)
  const asked = fit.available_before - fit.available_after
  const below = fit.allow_negative > 0 ? ` (and up to ${toDays(fit.allow_negative)} below zero)` : ''
  return `Not enough ${fit.typeName} (${fit.type}) days in leave year ${fit.year} (${ly.start} to ${ly.end}): ${toDays(fit.available_before)} available${below}, ${toDays(asked)} asked.`
}


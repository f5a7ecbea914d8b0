// Reading balances and the ledger (the person, their manager, admins) and admins' adjustments. The
// arithmetic is balance.ts's; this reads the rows it needs: a person's totals in one query, plus the
// facts of a year only when a day before its latest fact is asked about.
import { parallel } from '../db/parallel.js'
import type { AuditRepository } from '../audit/audit.repository.js'
import { changesBetween } from '../audit/audit-trail.js'
import type { DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import { NotFoundError, ValidationError, type FieldErrorMap } from '../errors.js'
import { invalidChoice } from '../leave-types/leave-types.service.js'
import type { UserRow, UsersRepository } from '../users/users.repository.js'
import { requireAdmin } from '../users/users.service.js'
import { configVersionOf, type ConfigCache, type WorkingConfig } from '../working-time/config-cache.js'
import { effectiveWorkingTime } from '../working-time/effective.js'
import { balanceOn, ledgerOf, needsFacts, withPending, type BalanceNumbers } from './balance.js'
import { balanceContext, bookingRules, type BalanceBook } from './balance-book.js'
import { pendingOf } from './bookings.js'
import { toFact, type BalancesRepository } from './balances.repository.js'
import { leaveYear, leaveYearOf } from './leave-year.js'
import { toDays, toMilli } from './policy.js'

export interface BalancesDeps {
  db: DB
  balances: BalancesRepository
  users: UsersRepository
  config: ConfigCache
  book: BalanceBook
  audit: AuditRepository
}

export interface AdjustmentInput {
  user_id: number
  type: string
  amount: number
  comment: string
  date?: string
}

/** How far ahead an adjustment may be dated: the current leave year and the next two. */
const YEARS_AHEAD = 2

export class BalancesService {
  constructor(private readonly d: BalancesDeps) {}

  /** Today in the person's zone: what a default as_of, and a projection, depend on. */
  async todayOf(person: UserRow): Promise<string> {
    return this.d.book.today(zoneOf(person, await this.d.config.get(configVersionOf(person))))
  }

  async balances(caller: UserRow, query: { as_of?: string; user_id?: number }) {
    const { person, config } = await this.visiblePerson(caller, query.user_id)
    const today = this.d.book.today(zoneOf(person, config))
    const asOf = query.as_of ?? today
    const [totals, pendingRows] = await parallel([this.d.balances.totals(person.id), this.d.balances.pendingRequests([person.id])])
    const reserved = pendingOf(pendingRows, today, bookingRules(config))
    const out = []
    for (const type of countingTypes(config, totals)) {
      const ctx = balanceContext(config, type, person.employment_start, withPending(totals.get(type), reserved.get(type)))
      const year = leaveYearOf(asOf, ctx.leaveYearStart).year
      const facts = needsFacts(ctx.totals.get(year), asOf) ? (await this.d.balances.facts(person.id, type, year)).map(toFact) : undefined
      out.push(balanceBody(type, balanceOn(ctx, asOf, facts)))
    }
    return out
  }

  async ledger(caller: UserRow, query: { type: string; year?: number; user_id?: number }) {
    const { person, config } = await this.visiblePerson(caller, query.user_id)
    checkCountingType(config, query.type, 'type')
    const today = this.d.book.today(zoneOf(person, config))
    const year = query.year ?? leaveYearOf(today, config.settings.leave_year_start).year
    const totals = (await this.d.balances.totals(person.id)).get(query.type)
    const facts = (await this.d.balances.facts(person.id, query.type, year)).map(toFact)
    const ctx = balanceContext(config, query.type, person.employment_start, totals)
    return ledgerOf(ctx, year, facts, today).map((line) => ({ ...line, amount: toDays(line.amount) }))
  }

  async adjust(admin: UserRow, input: AdjustmentInput) {
    requireAdmin(admin)
    const errors: FieldErrorMap = {}
    const config = await this.d.config.get(configVersionOf(admin))
    const person = await this.d.users.findById(input.user_id)
    if (!person) errors.user_id = [`Invalid pk "${input.user_id}" - object does not exist.`]
    const typeError = countingTypeError(config, input.type)
    if (typeError) errors.type = [typeError]
    if (input.amount === 0) errors.amount = ['An adjustment must not be zero.']
    const comment = input.comment.trim()
    if (comment === '') errors.comment = ['This field may not be blank.']
    if (!person) throw new ValidationError(errors)
    const today = this.d.book.today(zoneOf(person, config))
    const date = input.date ?? today
    const lys = config.settings.leave_year_start
    const ly = leaveYearOf(date, lys)
    const current = leaveYearOf(today, lys)
    if (ly.end < today) errors.date = [`Leave year ${ly.year} has ended (${ly.end}): an ended year is never rewritten; date the adjustment in leave year ${current.year} or later.`]
    else if (ly.year > current.year + YEARS_AHEAD) errors.date = [`Date an adjustment at most ${YEARS_AHEAD} leave years ahead (by ${leaveYear(current.year + YEARS_AHEAD, lys).end}).`]
    if (Object.keys(errors).length > 0) throw new ValidationError(errors)

    const amount = toMilli(input.amount)
    const row = await this.d.db.transaction().execute(async (trx) => {
      await this.d.users.lock(person.id, trx)
      const fact = { type: input.type, year: ly.year, date, kind: 'adjustment' as const, amount, request_id: null, comment, leave_from: null, day_counts: null }
      const stored = await this.d.balances.addFact(person.id, fact, admin.id, trx)
      await this.d.balances.applyDelta(person.id, { type: input.type, year: ly.year, used: 0, used_early: 0, adjustments: amount, fact_date: date }, trx)
      const body = adjustmentBody(stored)
      await this.d.audit.record({ actorId: admin.id, entity: 'balance_adjustment', entityId: stored.id, action: 'created', changes: changesBetween(null, body) }, trx)
      return body
    })
    return row
  }

  /** The person whose balances are asked for, if the caller may see them (else 404: ids reveal nothing). */
  private async visiblePerson(caller: UserRow, userId: number | undefined, ex?: Executor): Promise<{ person: UserRow; config: WorkingConfig }> {
    const config = await this.d.config.get(configVersionOf(caller), ex)
    if (userId === undefined || userId === caller.id) return { person: caller, config }
    const person = await this.d.users.findById(userId, ex)
    if (!person || !(caller.role === 'admin' || person.manager_id === caller.id)) throw new NotFoundError()
    return { person, config }
  }
}

/** A balance as the API and the exports show it: days. */
export function balanceBody(type: string, b: BalanceNumbers) {
  return {
    type,
    year: { start: b.year.start, end: b.year.end },
    allowance: toDays(b.allowance),
    accrued: toDays(b.accrued),
    carried_over: toDays(b.carried_over),
    carried_over_expires: b.carried_over_expires,
    expired: toDays(b.expired),
    adjustments: toDays(b.adjustments),
    used: toDays(b.used),
    pending: toDays(b.pending),
    balance: toDays(b.balance),
    available: toDays(b.available),
  }
}

function adjustmentBody(row: { id: number; user_id: number; type: string; year: number; date: string; amount: number; comment: string }) {
  return { id: row.id, user_id: row.user_id, type: row.type, year: row.year, date: row.date, kind: 'adjustment' as const, amount: toDays(row.amount), comment: row.comment }
}

const zoneOf = (person: UserRow, config: WorkingConfig) => effectiveWorkingTime(person, config.settings).timeZone

/** Counting types, in the order they were made: active ones, and retired ones the person has rows of. */
export function countingTypes(config: WorkingConfig, totals: ReadonlyMap<string, unknown>): string[] {
  return config
    .leaveTypes()
    .filter((t) => t.counts_against_balance === 1 && (t.active === 1 || totals.has(t.code)))
    .map((t) => t.code)
}

function countingTypeError(config: WorkingConfig, code: string): string | null {
  const type = config.leaveType(code)
  if (!type) return invalidChoice(code)
  if (type.counts_against_balance !== 1) return `Leave type ${code} does not count against a balance.`
  return null
}

function checkCountingType(config: WorkingConfig, code: string, field: string): void {
  const error = countingTypeError(config, code)
  if (error) throw ValidationError.field(field, error)
}

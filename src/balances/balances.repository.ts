import { sql, type Selectable } from 'kysely'
import type { DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import type { BalanceEntriesTable, BalanceYearsTable } from '../db/schema.js'
import type { Fact, YearTotals } from './balance.js'
import type { BookedFact, BookedRequest, TotalsDelta } from './bookings.js'

export type FactRow = Selectable<BalanceEntriesTable>
type TotalsRow = Selectable<BalanceYearsTable>

export function toFact(row: FactRow): Fact {
  return {
    date: row.date,
    kind: row.kind,
    amount: row.amount,
    request_id: row.request_id,
    comment: row.comment,
    leave_from: row.leave_from,
    day_counts: row.day_counts === null ? null : (JSON.parse(row.day_counts) as number[]),
  }
}

const toTotals = (row: TotalsRow): YearTotals => ({
  year: row.year,
  used: row.used,
  used_early: row.used_early,
  // Reserved days are derived from the pending requests (withPending), never stored.
  pending: 0,
  pending_early: 0,
  adjustments: row.adjustments,
  last_fact_date: row.last_fact_date,
})

export class BalancesRepository {
  constructor(private readonly db: DB) {}

  /** A person's totals of every type and year: one indexed read (a few rows per year of history). */
  async totals(userId: number, ex: Executor = this.db): Promise<Map<string, Map<number, YearTotals>>> {
    const rows = await ex.selectFrom('balance_years').selectAll().where('user_id', '=', userId).execute()
    const byType = new Map<string, Map<number, YearTotals>>()
    for (const row of rows) {
      let years = byType.get(row.type)
      if (!years) byType.set(row.type, (years = new Map()))
      years.set(row.year, toTotals(row))
    }
    return byType
  }

  /** Totals of several people (an export's batch): one query. */
  async totalsOf(userIds: readonly number[], ex: Executor = this.db): Promise<Map<number, Map<string, Map<number, YearTotals>>>> {
    const out = new Map<number, Map<string, Map<number, YearTotals>>>()
    if (userIds.length === 0) return out
    const rows = await ex.selectFrom('balance_years').selectAll().where('user_id', 'in', [...userIds]).execute()
    for (const row of rows) {
      let byType = out.get(row.user_id)
      if (!byType) out.set(row.user_id, (byType = new Map()))
      let years = byType.get(row.type)
      if (!years) byType.set(row.type, (years = new Map()))
      years.set(row.year, toTotals(row))
    }
    return out
  }

  /** The stored facts of several people in one leave year, oldest first: one query. */
  factsOf(userIds: readonly number[], year: number, ex: Executor = this.db): Promise<FactRow[]> {
    if (userIds.length === 0) return Promise.resolve([])
    return ex.selectFrom('balance_entries').selectAll().where('user_id', 'in', [...userIds]).where('year', '=', year).orderBy('date').orderBy('id').execute()
  }

  /** The stored facts of one person's leave year of a type, oldest first. */
  async facts(userId: number, type: string, year: number, ex: Executor = this.db): Promise<FactRow[]> {
    return ex
      .selectFrom('balance_entries')
      .selectAll()
      .where('user_id', '=', userId)
      .where('type', '=', type)
      .where('year', '=', year)
      .orderBy('date')
      .orderBy('id')
      .execute()
  }

  async addFact(userId: number, fact: BookedFact, actorId: number | null, ex: Executor): Promise<FactRow> {
    return ex
      .insertInto('balance_entries')
      .values({
        user_id: userId,
        type: fact.type,
        year: fact.year,
        date: fact.date,
        kind: fact.kind,
        amount: fact.amount,
        request_id: fact.request_id,
        leave_from: fact.leave_from,
        day_counts: fact.day_counts && JSON.stringify(fact.day_counts),
        comment: fact.comment,
        actor_id: actorId,
        created_at: Date.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow()
  }

  /** Adds a delta to a person's totals of a type and year (creating the row). */
  async applyDelta(userId: number, d: TotalsDelta, ex: Executor): Promise<void> {
    const date = d.fact_date
    await ex
      .insertInto('balance_years')
      .values({
        user_id: userId,
        type: d.type,
        year: d.year,
        used: d.used,
        used_early: d.used_early,
        adjustments: d.adjustments,
        last_fact_date: date,
      })
      .onConflict((oc) =>
        oc.columns(['user_id', 'type', 'year']).doUpdateSet((eb) => ({
          used: eb('balance_years.used', '+', d.used),
          used_early: eb('balance_years.used_early', '+', d.used_early),
          adjustments: eb('balance_years.adjustments', '+', d.adjustments),
          last_fact_date: sql<string>`case when balance_years.last_fact_date is null or balance_years.last_fact_date < ${date} then cast(${date} as varchar(10)) else balance_years.last_fact_date end`,
        })),
      )
      .execute()
  }

  /** Whether anything has been booked at all (the leave year's start may then no longer move). */
  async any(ex: Executor = this.db): Promise<boolean> {
    return (await ex.selectFrom('balance_years').select('year').limit(1).executeTakeFirst()) !== undefined
  }

  /** Usages and releases of a type from a leave year on, for recounting what draws on carried days. */
  usageFacts(type: string, fromYear: number, ex: Executor): Promise<FactRow[]> {
    return ex
      .selectFrom('balance_entries')
      .selectAll()
      .where('type', '=', type)
      .where('year', '>=', fromYear)
      .where('kind', 'in', ['usage', 'release'])
      .execute()
  }

  /** People's pending requests (PENDING, CANCELLATION_REQUESTED): what they reserve is derived from them. */
  async pendingRequests(userIds: readonly number[], ex: Executor = this.db): Promise<(BookedRequest & { user_id: number })[]> {
    if (userIds.length === 0) return []
    const rows = await ex
      .selectFrom('leave_requests')
      .select(['id', 'user_id', 'type', 'status', 'start_date', 'day_counts'])
      .where('status', 'in', ['PENDING', 'CANCELLATION_REQUESTED'])
      .where('user_id', 'in', [...userIds])
      .execute()
    return rows.map((r) => ({ ...r, day_counts: JSON.parse(r.day_counts) as number[] }))
  }

  /** The rows of a type from a leave year on. */
  totalsOfType(type: string, fromYear: number, ex: Executor) {
    return ex.selectFrom('balance_years').select(['user_id', 'year', 'used_early']).where('type', '=', type).where('year', '>=', fromYear).execute()
  }

  async setEarly(userId: number, type: string, year: number, usedEarly: number, ex: Executor): Promise<void> {
    await ex
      .updateTable('balance_years')
      .set({ used_early: usedEarly })
      .where('user_id', '=', userId)
      .where('type', '=', type)
      .where('year', '=', year)
      .execute()
  }
}

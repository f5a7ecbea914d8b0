import { sql, type Selectable } from 'kysely'
import type { DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import type { BalanceEntriesTable, BalanceYearsTable } from '../db/schema.js'
import type { Fact, YearTotals } from './balance.js'
import type { BookedFact, TotalsDelta } from './bookings.js'

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
  pending: row.pending,
  pending_early: row.pending_early,
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
        pending: d.pending,
        pending_early: d.pending_early,
        adjustments: d.adjustments,
        last_fact_date: date,
      })
      .onConflict((oc) =>
        oc.columns(['user_id', 'type', 'year']).doUpdateSet((eb) => ({
          used: eb('balance_years.used', '+', d.used),
          used_early: eb('balance_years.used_early', '+', d.used_early),
          pending: eb('balance_years.pending', '+', d.pending),
          pending_early: eb('balance_years.pending_early', '+', d.pending_early),
          adjustments: eb('balance_years.adjustments', '+', d.adjustments),
          last_fact_date:
            date === null
              ? eb.ref('balance_years.last_fact_date')
              : sql<string>`case when balance_years.last_fact_date is null or balance_years.last_fact_date < ${date} then cast(${date} as varchar(10)) else balance_years.last_fact_date end`,
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

  /** Pending requests of a type ending on or after a date. */
  pendingRequests(type: string, endingFrom: string, ex: Executor) {
    return ex
      .selectFrom('leave_requests')
      .select(['id', 'user_id', 'type', 'status', 'start_date', 'day_counts'])
      .where('type', '=', type)
      .where('status', 'in', ['PENDING', 'CANCELLATION_REQUESTED'])
      .where('end_date', '>=', endingFrom)
      .execute()
  }

  /** The rows of a type from a leave year on. */
  totalsOfType(type: string, fromYear: number, ex: Executor) {
    return ex.selectFrom('balance_years').select(['user_id', 'year', 'used_early', 'pending_early']).where('type', '=', type).where('year', '>=', fromYear).execute()
  }

  async setEarly(userId: number, type: string, year: number, usedEarly: number, pendingEarly: number, ex: Executor): Promise<void> {
    await ex
      .updateTable('balance_years')
      .set({ used_early: usedEarly, pending_early: pendingEarly })
      .where('user_id', '=', userId)
      .where('type', '=', type)
      .where('year', '=', year)
      .execute()
  }
}

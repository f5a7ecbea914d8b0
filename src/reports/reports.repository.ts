// The reads of exports: in keyset batches, so an export of any size holds one batch in memory.
import type { DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import type { LeaveStatus } from '../db/schema.js'

export const EXPORT_BATCH = 1000

/** Whose rows an export holds: a manager's direct reports, or everyone. */
export type ExportScope = { kind: 'team'; managerId: number } | { kind: 'all' }

export class ReportsRepository {
  constructor(private readonly db: DB) {}

  /** Requests touching [from, to] in the statuses asked for, by start date, with their owners. */
  async *absences(scope: ExportScope, statuses: readonly LeaveStatus[], from: string, to: string, ex: Executor = this.db) {
    let after: [string, number] | null = null
    for (;;) {
      let q = ex
        .selectFrom('leave_requests as lr')
        .innerJoin('users as u', 'u.id', 'lr.user_id')
        .select([
          'lr.id',
          'lr.user_id',
          'u.email',
          'u.first_name',
          'u.last_name',
          'lr.type',
          'lr.status',
          'lr.start_date',
          'lr.end_date',
          'lr.half_day_start',
          'lr.half_day_end',
          'lr.days',
          'lr.hours',
          'lr.day_counts',
        ])
        .where('lr.status', 'in', [...statuses])
        .where('lr.end_date', '>=', from)
        .where('lr.start_date', '<=', to)
      if (scope.kind === 'team') q = q.where('u.manager_id', '=', scope.managerId)
      if (after) {
        const [date, id] = after
        q = q.where((eb) => eb(eb.refTuple('lr.start_date', 'lr.id'), '>', eb.tuple(date, id)))
      }
      const rows = await q.orderBy('lr.start_date').orderBy('lr.id').limit(EXPORT_BATCH).execute()
      yield* rows
      if (rows.length < EXPORT_BATCH) return
      const last = rows[rows.length - 1]!
      after = [last.start_date, last.id]
    }
  }

  /** Active people of a scope, by id, in batches. */
  async *people(scope: ExportScope, ex: Executor = this.db) {
    let after = 0
    for (;;) {
      let q = ex.selectFrom('users').selectAll().where('is_active', '=', 1).where('id', '>', after)
      if (scope.kind === 'team') q = q.where('manager_id', '=', scope.managerId)
      const rows = await q.orderBy('id').limit(EXPORT_BATCH).execute()
      if (rows.length > 0) yield rows
      if (rows.length < EXPORT_BATCH) return
      after = rows[rows.length - 1]!.id
    }
  }
}

import type { Selectable, Updateable } from 'kysely'
import type { DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import type { LeaveRequestsTable, LeaveStatus, LeaveType } from '../db/schema.js'

export type LeaveRequestRow = Selectable<LeaveRequestsTable>

export interface LeaveFilters {
  status?: LeaveStatus
  type?: LeaveType
  from?: number
  to?: number
}

export interface NewLeaveRequest {
  user_id: number
  start: number
  end: number
  description: string
  type: LeaveType
}

/** Statuses whose period is taken: a new request may not overlap them. */
export const BLOCKING_STATUSES: LeaveStatus[] = ['PENDING', 'APPROVED', 'CANCELLATION_REQUESTED']

export class LeaveRequestsRepository {
  constructor(private readonly db: DB) {}

  private filtered(userId: number, f: LeaveFilters) {
    let q = this.db.selectFrom('leave_requests').where('user_id', '=', userId)
    if (f.status) q = q.where('status', '=', f.status)
    if (f.type) q = q.where('type', '=', f.type)
    if (f.from !== undefined) q = q.where('end', '>', f.from)
    if (f.to !== undefined) q = q.where('start', '<', f.to)
    return q
  }

  async listForUser(userId: number, f: LeaveFilters, limit: number, offset: number) {
    const [rows, total] = await Promise.all([
      this.filtered(userId, f).selectAll().orderBy('start', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
      this.filtered(userId, f)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n)),
    ])
    return { rows, total }
  }

  findById(id: number, ex: Executor = this.db): Promise<LeaveRequestRow | undefined> {
    return ex.selectFrom('leave_requests').selectAll().where('id', '=', id).executeTakeFirst()
  }

  /** The id of a request of this user whose period overlaps [start, end) and still holds its time. */
  async findOverlap(userId: number, start: number, end: number, excludeId: number | null, ex: Executor): Promise<number | undefined> {
    let q = ex
      .selectFrom('leave_requests')
      .select('id')
      .where('user_id', '=', userId)
      .where('status', 'in', BLOCKING_STATUSES)
      .where('start', '<', end)
      .where('end', '>', start)
    if (excludeId !== null) q = q.where('id', '!=', excludeId)
    return (await q.orderBy('start').limit(1).executeTakeFirst())?.id
  }

  insert(values: NewLeaveRequest, ex: Executor): Promise<LeaveRequestRow> {
    const now = Date.now()
    return ex
      .insertInto('leave_requests')
      .values({ ...values, status: 'PENDING', decided_by: null, decided_at: null, decision_comment: '', created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow()
  }

  /** Updates only while the request is still in `expected` state: the loser of a race gets undefined. */
  updateIfStatus(
    id: number,
    expected: LeaveStatus,
    changes: Omit<Updateable<LeaveRequestsTable>, 'id' | 'user_id' | 'created_at'>,
    ex: Executor,
  ): Promise<LeaveRequestRow | undefined> {
    return ex
      .updateTable('leave_requests')
      .set({ ...changes, updated_at: Date.now() })
      .where('id', '=', id)
      .where('status', '=', expected)
      .returningAll()
      .executeTakeFirst()
  }

  async deleteIfStatus(id: number, expected: LeaveStatus, ex: Executor): Promise<boolean> {
    const result = await ex.deleteFrom('leave_requests').where('id', '=', id).where('status', '=', expected).executeTakeFirst()
    return Number(result.numDeletedRows) === 1
  }
}

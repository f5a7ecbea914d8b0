import { randomUUID } from 'node:crypto'
import type { ExpressionBuilder, Selectable, Updateable } from 'kysely'
import type { DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import type { Database, LeaveRequestsTable, LeaveStatus, LeaveType } from '../db/schema.js'
import { dayCountsOf } from '../balances/bookings.js'
import type { Duration } from '../working-time/duration.js'
import type { Instants, LocalPeriod } from '../working-time/period.js'

export type LeaveRequestRow = Selectable<LeaveRequestsTable>

/** A request with what its representation and its permission checks need from the users table. */
export interface LeaveRequestView extends LeaveRequestRow {
  owner_email: string
  owner_first_name: string
  owner_last_name: string
  owner_manager_id: number | null
  decider_email: string | null
  decider_first_name: string | null
  decider_last_name: string | null
}

export interface LeaveFilters {
  status?: LeaveStatus
  type?: LeaveType
  from?: number
  to?: number
}

/** Whose requests a list shows. */
export type Audience =
  | { kind: 'own'; userId: number }
  /** The direct reports of a manager. */
  | { kind: 'team'; managerId: number }
  | { kind: 'all' }
  /** Waiting for this approver's decision; with orphans, also those of users without an active manager. */
  | { kind: 'awaiting'; approverId: number; withOrphans: boolean }

export type ListOrder = 'newest_start' | 'oldest_submission'

/** What a request's period and working time are stored as (computed by working-time/). */
export type ComputedFields = Pick<LeaveRequestRow, 'start' | 'end' | 'start_date' | 'end_date' | 'half_day_start' | 'half_day_end' | 'time_zone' | 'days' | 'hours' | 'day_counts'>

/** The stored form of a measured period (half days as 0/1). */
export function computedFields(instants: Instants, period: LocalPeriod, timeZone: string, duration: Duration): ComputedFields {
  return {
    start: instants.start,
    end: instants.end,
    start_date: period.start_date,
    end_date: period.end_date,
    half_day_start: period.half_day_start ? 1 : 0,
    half_day_end: period.half_day_end ? 1 : 0,
    time_zone: timeZone,
    days: duration.days,
    hours: duration.hours,
    day_counts: JSON.stringify(dayCountsOf(duration.breakdown, duration.days)),
  }
}

export interface NewLeaveRequest extends ComputedFields {
  user_id: number
  description: string
  type: LeaveType
}

/** An unfinished request with what recomputing it needs: its owner's working time and its type's unit. */
export interface OpenRequestRow extends LeaveRequestRow {
  owner_time_zone: string | null
  owner_holiday_region: string | null
  owner_work_week: string | null
  unit: 'day' | 'hour'
}

/** Which unfinished requests a change of working time may concern. */
export interface OpenRequestScope {
  userId?: number
  /** Only those whose local period contains this date. */
  date?: string
}

/** Statuses whose period is taken: a new request may not overlap them. */
export const BLOCKING_STATUSES: LeaveStatus[] = ['PENDING', 'APPROVED', 'CANCELLATION_REQUESTED']
/** Statuses in which a request waits for an approver. */
export const AWAITING_STATUSES: LeaveStatus[] = ['PENDING', 'CANCELLATION_REQUESTED']

export class LeaveRequestsRepository {
  constructor(private readonly db: DB) {}

  /** The rows of an audience, filtered, without joins: the count query uses it as is. */
  private filtered(audience: Audience, f: LeaveFilters): LeaveQuery {
    let q = fromLeaveRequests(this.db)
    switch (audience.kind) {
      case 'own':
        q = q.where('lr.user_id', '=', audience.userId)
        break
      case 'team':
        q = q.where('lr.user_id', 'in', (eb) => eb.selectFrom('users').select('id').where('manager_id', '=', audience.managerId))
        break
      case 'awaiting': {
        const { approverId, withOrphans } = audience
        q = q
          .where('lr.status', 'in', AWAITING_STATUSES)
          .where('lr.user_id', '!=', approverId)
          .where('lr.user_id', 'in', (eb) =>
            eb
              .selectFrom('users as u')
              .leftJoin('users as m', 'm.id', 'u.manager_id')
              .select('u.id')
              .where((w) =>
                withOrphans
                  ? w.or([w('u.manager_id', '=', approverId), w('u.manager_id', 'is', null), w('m.is_active', '=', 0)])
                  : w('u.manager_id', '=', approverId),
              ),
          )
        break
      }
    }
    if (f.status) q = q.where('lr.status', '=', f.status)
    if (f.type) q = q.where('lr.type', '=', f.type)
    if (f.from !== undefined) q = q.where('lr.end', '>', f.from)
    if (f.to !== undefined) q = q.where('lr.start', '<', f.to)
    return q
  }

  /** One page and the total: two queries, whatever the page size (users come by join). */
  async list(audience: Audience, f: LeaveFilters, order: ListOrder, limit: number, offset: number) {
    let page = withUsers(this.filtered(audience, f))
    page =
      order === 'newest_start'
        ? page.orderBy('lr.start', 'desc').orderBy('lr.id', 'desc')
        : page.orderBy('lr.created_at', 'asc').orderBy('lr.id', 'asc')
    const [rows, total] = await Promise.all([
      page.limit(limit).offset(offset).execute(),
      this.filtered(audience, f)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n)),
    ])
    return { rows, total }
  }

  findById(id: number, ex: Executor = this.db): Promise<LeaveRequestRow | undefined> {
    return ex.selectFrom('leave_requests').selectAll().where('id', '=', id).executeTakeFirst()
  }

  findView(id: number, ex: Executor = this.db): Promise<LeaveRequestView | undefined> {
    return withUsers(fromLeaveRequests(ex)).where('lr.id', '=', id).executeTakeFirst()
  }

  /** The id of a request of this user whose period overlaps [start, end) and still holds its time. */
  async findOverlap(userId: number, start: number, end: number, excludeId: number | null, ex: Executor = this.db): Promise<number | undefined> {
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

  /**
   * Requests that still hold time (pending, approved, cancellation asked) and have not ended by `now`,
   * within a scope, oldest owner first (recomputing locks owners in id order).
   */
  findOpen(scope: OpenRequestScope, now: number, ex: Executor): Promise<OpenRequestRow[]> {
    let q = ex
      .selectFrom('leave_requests as lr')
      .innerJoin('users as owner', 'owner.id', 'lr.user_id')
      .innerJoin('leave_types as lt', 'lt.code', 'lr.type')
      .selectAll('lr')
      .select(['owner.time_zone as owner_time_zone', 'owner.holiday_region as owner_holiday_region', 'owner.work_week as owner_work_week', 'lt.unit'])
      .where('lr.status', 'in', BLOCKING_STATUSES)
      .where('lr.end', '>', now)
    if (scope.userId !== undefined) q = q.where('lr.user_id', '=', scope.userId)
    if (scope.date !== undefined) q = q.where('lr.end_date', '>=', scope.date).where('lr.start_date', '<=', scope.date)
    return q.orderBy('lr.user_id').orderBy('lr.id').execute()
  }

  async updateComputed(id: number, values: ComputedFields, ex: Executor): Promise<LeaveRequestRow | undefined> {
    return ex
      .updateTable('leave_requests')
      .set((eb) => ({ ...values, sequence: nextSequence(eb, values), updated_at: Date.now() }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst()
  }

  async typeInUse(code: string, ex: Executor = this.db): Promise<boolean> {
    return (await ex.selectFrom('leave_requests').select('id').where('type', '=', code).limit(1).executeTakeFirst()) !== undefined
  }

  insert(values: NewLeaveRequest, ex: Executor): Promise<LeaveRequestRow> {
    const now = Date.now()
    return ex
      .insertInto('leave_requests')
      .values({ ...values, uid: randomUUID(), status: 'PENDING', decided_by: null, decided_at: null, decision_comment: '', created_at: now, updated_at: now })
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
      .set((eb) => ({ ...changes, sequence: nextSequence(eb, changes), updated_at: Date.now() }))
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

/** What a calendar client must notice: the dates and the status. */
const SEQUENCED = ['start_date', 'end_date', 'half_day_start', 'half_day_end', 'status'] as const

/** The calendar SEQUENCE after an update: one more when it changes a sequenced field's value. */
function nextSequence(eb: ExpressionBuilder<Database, 'leave_requests'>, changes: Partial<Record<(typeof SEQUENCED)[number], string | number>>) {
  const changed = SEQUENCED.filter((f) => changes[f] !== undefined).map((f) => eb(f, '<>', changes[f]!))
  if (changed.length === 0) return eb.ref('sequence')
  return eb('sequence', '+', eb.case().when(eb.or(changed)).then(1).else(0).end())
}

function fromLeaveRequests(ex: Executor) {
  return ex.selectFrom('leave_requests as lr')
}

type LeaveQuery = ReturnType<typeof fromLeaveRequests>

/** Adds the owner and the decider: one join instead of a query per row. */
function withUsers(q: LeaveQuery) {
  return q
    .innerJoin('users as owner', 'owner.id', 'lr.user_id')
    .leftJoin('users as decider', 'decider.id', 'lr.decided_by')
    .selectAll('lr')
    .select([
      'owner.email as owner_email',
      'owner.first_name as owner_first_name',
      'owner.last_name as owner_last_name',
      'owner.manager_id as owner_manager_id',
      'decider.email as decider_email',
      'decider.first_name as decider_first_name',
      'decider.last_name as decider_last_name',
    ])
}

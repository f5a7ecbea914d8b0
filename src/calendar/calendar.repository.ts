// The reads of a calendar window: who is in view, and their absences in it. Two queries, whatever
// the size of the company and its history: the absences are filtered by the same audience as a
// subquery and found through (user_id, end_date).
import { sql, type SelectQueryBuilder } from 'kysely'
import type { DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import type { Database } from '../db/schema.js'

/** Whose leave a calendar shows. */
export type CalendarAudience =
  | { kind: 'me'; userId: number }
  /** The caller's manager's direct reports and that manager, the caller, and the caller's own reports. */
  | { kind: 'team'; userId: number; managerId: number | null }
  | { kind: 'all' }

/** Statuses that show: pending ones drawn as tentative. */
export const SHOWN_STATUSES = ['PENDING', 'APPROVED', 'CANCELLATION_REQUESTED'] as const

export interface CalendarPerson {
  id: number
  first_name: string
  last_name: string
  preferred_name: string
  manager_id: number | null
  holiday_region: string | null
}

export interface CalendarAbsence {
  id: number
  uid: string | null
  sequence: number
  user_id: number
  owner_manager_id: number | null
  start_date: string
  end_date: string
  half_day_start: number
  half_day_end: number
  status: string
  type: string
  days: number
  updated_at: number
}

type UsersQuery = SelectQueryBuilder<Database, 'users', object>

function inView<Q extends UsersQuery>(q: Q, audience: CalendarAudience, onlyUserId: number | undefined): Q {
  let out = q.where('users.is_active', '=', 1) as Q
  if (audience.kind === 'me') out = out.where('users.id', '=', audience.userId) as Q
  if (audience.kind === 'team') {
    const { userId, managerId } = audience
    out = out.where((eb) => {
      const ors = [eb('users.id', '=', userId), eb('users.manager_id', '=', userId)]
      if (managerId !== null) ors.push(eb('users.id', '=', managerId), eb('users.manager_id', '=', managerId))
      return eb.or(ors)
    }) as Q
  }
  if (onlyUserId !== undefined) out = out.where('users.id', '=', onlyUserId) as Q
  return out
}

export class CalendarRepository {
  constructor(private readonly db: DB) {}

  people(audience: CalendarAudience, onlyUserId: number | undefined, ex: Executor = this.db): Promise<CalendarPerson[]> {
    return inView(ex.selectFrom('users').select(['users.id', 'users.first_name', 'users.last_name', 'users.preferred_name', 'users.manager_id', 'users.holiday_region']), audience, onlyUserId)
      .orderBy('users.last_name')
      .orderBy('users.first_name')
      .orderBy('users.id')
      .execute()
  }

  /**
   * Requests that show and touch [from, to] (local dates, inclusive), by person and start: of the
   * people with these ids, or of everyone active (`all`). Given ids (a team) are found through
   * (user_id, end_date); the audience as a subquery made SQLite prefer (status, end_date) and read
   * every shown request of the company in the window.
   */
  absences(people: readonly number[] | 'all', from: string, to: string, ex: Executor = this.db): Promise<CalendarAbsence[]> {
    if (people !== 'all' && people.length === 0) return Promise.resolve([])
    return ex
      .selectFrom('leave_requests as lr')
      .innerJoin('users as owner', 'owner.id', 'lr.user_id')
      .select([
        'lr.id',
        'lr.uid',
        'lr.sequence',
        'lr.user_id',
        'owner.manager_id as owner_manager_id',
        'lr.start_date',
        'lr.end_date',
        'lr.half_day_start',
        'lr.half_day_end',
        'lr.status',
        'lr.type',
        'lr.days',
        'lr.updated_at',
      ])
      .where('lr.user_id', 'in', people === 'all' ? (eb) => inView(eb.selectFrom('users').select('users.id'), { kind: 'all' }, undefined) : [...people])
      // For given people the status is only a filter: as an expression it cannot steer SQLite (which
      // keeps no statistics) onto (status, end_date), a read of every shown request of the company.
      .where(people === 'all' ? sql.ref('lr.status') : sql`${sql.ref('lr.status')} || ''`, 'in', [...SHOWN_STATUSES])
      .where('lr.end_date', '>=', from)
      .where('lr.start_date', '<=', to)
      .orderBy('lr.user_id')
      .orderBy('lr.start_date')
      .orderBy('lr.id')
      .execute()
  }

  /** The person a feed token names, with the config version the feed is read with (as authentication reads it). */
  feedOwner(userId: number, ex: Executor = this.db) {
    return ex
      .selectFrom('users')
      .selectAll()
      .select((eb) => eb.selectFrom('shared_versions').select('config_version').where('id', '=', 1).as('config_version'))
      .where('id', '=', userId)
      .executeTakeFirst()
  }

  /** Ends every feed URL of a person: their tokens are derived from this version. */
  async rotateFeeds(userId: number, ex: Executor = this.db): Promise<number> {
    const row = await ex
      .updateTable('users')
      .set((eb) => ({ feed_version: eb('feed_version', '+', 1) }))
      .where('id', '=', userId)
      .returning('feed_version')
      .executeTakeFirstOrThrow()
    return row.feed_version
  }
}

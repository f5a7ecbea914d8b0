import { parallel } from '../db/parallel.js'
import { sql } from 'kysely'
import type { DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import type { CoverageMode } from '../db/schema.js'
import type { CoverageRule, MemberLeave } from './coverage.js'

/** Which rules a read concerns. */
export type RuleScope = { kind: 'all' } | { kind: 'member'; userId: number } | { kind: 'managed'; managerId: number }

export type GroupRow = {
  id: number
  name: string
  member_ids: number[]
}

export class CoverageRepository {
  constructor(private readonly db: DB) {}

  async groups(ex: Executor = this.db): Promise<GroupRow[]> {
    const [groups, members] = await parallel([
      ex.selectFrom('groups').select(['id', 'name']).orderBy('name').orderBy('id').execute(),
      ex.selectFrom('group_members').select(['group_id', 'user_id']).orderBy('user_id').execute(),
    ])
    return groups.map((g) => ({ ...g, member_ids: members.filter((m) => m.group_id === g.id).map((m) => m.user_id) }))
  }

  async group(id: number, ex: Executor = this.db): Promise<GroupRow | undefined> {
    const group = await ex.selectFrom('groups').select(['id', 'name']).where('id', '=', id).executeTakeFirst()
    if (!group) return undefined
    const members = await ex.selectFrom('group_members').select('user_id').where('group_id', '=', id).orderBy('user_id').execute()
    return { ...group, member_ids: members.map((m) => m.user_id) }
  }

  async insertGroup(name: string, ex: Executor): Promise<number> {
    const now = Date.now()
    return (await ex.insertInto('groups').values({ name, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()).id
  }

  async renameGroup(id: number, name: string, ex: Executor): Promise<void> {
    await ex.updateTable('groups').set({ name, updated_at: Date.now() }).where('id', '=', id).execute()
  }

  async setMembers(groupId: number, userIds: readonly number[], ex: Executor): Promise<void> {
    await ex.deleteFrom('group_members').where('group_id', '=', groupId).execute()
    if (userIds.length > 0) await ex.insertInto('group_members').values(userIds.map((user_id) => ({ group_id: groupId, user_id }))).execute()
  }

  async deleteGroup(id: number, ex: Executor): Promise<boolean> {
    return Number((await ex.deleteFrom('groups').where('id', '=', id).executeTakeFirst()).numDeletedRows) === 1
  }

  /** Which of these ids are users. */
  async existingUsers(ids: readonly number[], ex: Executor = this.db): Promise<Set<number>> {
    if (ids.length === 0) return new Set()
    return new Set((await ex.selectFrom('users').select('id').where('id', 'in', [...ids]).execute()).map((r) => r.id))
  }

  async anyRule(ex: Executor = this.db): Promise<boolean> {
    return (await ex.selectFrom('coverage_rules').select('id').limit(1).executeTakeFirst()) !== undefined
  }

  /** Rules with their group's name and members: one query. */
  async rules(scope: RuleScope, ex: Executor = this.db): Promise<CoverageRule[]> {
    let q = ex
      .selectFrom('coverage_rules as cr')
      .innerJoin('groups as g', 'g.id', 'cr.group_id')
      .leftJoin('group_members as gm', 'gm.group_id', 'cr.group_id')
      .select(['cr.id', 'cr.group_id', 'g.name', 'cr.min_present', 'cr.mode', 'gm.user_id'])
    if (scope.kind === 'member') {
      q = q.where('cr.group_id', 'in', (eb) => eb.selectFrom('group_members').select('group_id').where('user_id', '=', scope.userId))
    } else if (scope.kind === 'managed') {
      q = q.where('cr.group_id', 'in', (eb) =>
        eb
          .selectFrom('group_members as m')
          .innerJoin('users as u', 'u.id', 'm.user_id')
          .select('m.group_id')
          .where((w) => w.or([w('u.manager_id', '=', scope.managerId), w('u.id', '=', scope.managerId)])),
      )
    }
    const rows = await q.orderBy('cr.id').execute()
    const rules = new Map<number, CoverageRule & { member_ids: number[] }>()
    for (const row of rows) {
      let rule = rules.get(row.id)
      if (!rule) rules.set(row.id, (rule = { id: row.id, group_id: row.group_id, group: row.name, min_present: row.min_present, mode: row.mode, member_ids: [] }))
      if (row.user_id !== null) rule.member_ids.push(row.user_id)
    }
    return [...rules.values()]
  }

  rule(id: number, ex: Executor = this.db) {
    return ex.selectFrom('coverage_rules').selectAll().where('id', '=', id).executeTakeFirst()
  }

  async insertRule(values: { group_id: number; min_present: number; mode: CoverageMode }, ex: Executor): Promise<number> {
    const now = Date.now()
    return (await ex.insertInto('coverage_rules').values({ ...values, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()).id
  }

  async updateRule(id: number, changes: Partial<{ group_id: number; min_present: number; mode: CoverageMode }>, ex: Executor): Promise<void> {
    await ex.updateTable('coverage_rules').set({ ...changes, updated_at: Date.now() }).where('id', '=', id).execute()
  }

  async deleteRule(id: number, ex: Executor): Promise<boolean> {
    return Number((await ex.deleteFrom('coverage_rules').where('id', '=', id).executeTakeFirst()).numDeletedRows) === 1
  }

  /** Active members' working-time fields. */
  members(ids: readonly number[], ex: Executor = this.db) {
    if (ids.length === 0) return Promise.resolve([])
    return ex.selectFrom('users').select(['id', 'time_zone', 'holiday_region', 'work_week']).where('id', 'in', [...ids]).where('is_active', '=', 1).execute()
  }

  /** Members' leave that shows (approved, cancellation asked, pending) touching [from, to]. */
  async leave(ids: readonly number[], from: string, to: string, ex: Executor = this.db): Promise<MemberLeave[]> {
    if (ids.length === 0) return []
    const rows = await ex
      .selectFrom('leave_requests')
      .select(['id', 'user_id', 'start_date', 'day_counts'])
      .where('user_id', 'in', [...ids])
      // A filter, not an index to take: see CalendarRepository.absences.
      .where(sql`${sql.ref('status')} || ''`, 'in', ['PENDING', 'APPROVED', 'CANCELLATION_REQUESTED'])
      .where('end_date', '>=', from)
      .where('start_date', '<=', to)
      .execute()
    return rows.map((r) => ({ request_id: r.id, user_id: r.user_id, start_date: r.start_date, day_counts: JSON.parse(r.day_counts) as number[] }))
  }
}

// The reads of who's out, on both databases: a team calendar's people and their absences in a window
// are found through indexes, never by a scan of leave_requests, and GET /api/calendar costs the same
// number of statements for a team with no history as for one with years of it.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { buildApp } from '../../src/app.js'
import { CalendarRepository, type CalendarAudience } from '../../src/calendar/calendar.repository.js'
import { CoverageRepository } from '../../src/coverage/coverage.repository.js'
import { bearer, createTestContext, createUser, login, onPostgres, recordingQueries, sqlOf, type TestContext } from '../helpers/harness.js'
import { planOf, scansTable, usesOneOf } from '../helpers/plans.js'

const TEAMS = 30
const TEAM_SIZE = 10
const YEARS = 6
const DAY = 86_400_000

let ctx: TestContext
let managerId: number
let reportId: number

/** Requests every two weeks for YEARS years for every user: history the window must not read. */
async function seedHistory(userIds: number[]): Promise<void> {
  const start = Date.parse('2021-01-04T00:00:00Z')
  const rows = []
  for (const user_id of userIds) {
    for (let k = 0; k < YEARS * 26; k++) {
      const s = start + k * 14 * DAY
      const date = new Date(s).toISOString().slice(0, 10)
      rows.push({
        user_id, start: s, end: s + DAY, description: '', type: 'VACATION', status: 'APPROVED' as const, decided_by: null, decided_at: s,
        decision_comment: '', start_date: date, end_date: date, half_day_start: 0, half_day_end: 0, time_zone: 'UTC', days: 1, hours: 8,
        day_counts: '[1000]', uid: `seed-${user_id}-${k}`, created_at: s, updated_at: s,
      })
    }
  }
  for (let i = 0; i < rows.length; i += 1000) await ctx.db.insertInto('leave_requests').values(rows.slice(i, i + 1000)).execute()
  if (onPostgres) await sql`analyze`.execute(ctx.db)
}

before(async () => {
  ctx = await createTestContext({}, { mondayToFriday: true })
  const ids: number[] = []
  for (let t = 0; t < TEAMS; t++) {
    const manager = await createUser(ctx.db, { email: `m${t}@example.com`, role: 'manager' })
    ids.push(manager.id)
    for (let r = 0; r < TEAM_SIZE; r++) ids.push((await createUser(ctx.db, { email: `r${t}.${r}@example.com`, manager_id: manager.id })).id)
    if (t === 0) {
      managerId = manager.id
      reportId = ids[ids.length - 1]!
    }
  }
  await seedHistory(ids)
})
after(() => ctx.close())

async function captured(run: (repo: CalendarRepository) => Promise<unknown>) {
  const { db, executed } = recordingQueries(ctx.db)
  await run(new CalendarRepository(db))
  assert.equal(executed.length, 1, sqlOf(executed))
  return executed[0]!
}

const team = (): CalendarAudience => ({ kind: 'team', userId: reportId, managerId })

describe(`query plans of who's out on ${onPostgres ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('a team’s absences in a four-week window: by (user_id, end_date), not by status across the company', async () => {
    const ids = (await new CalendarRepository(ctx.db).people(team(), undefined)).map((p) => p.id)
    const query = await captured((repo) => repo.absences(ids, '2026-11-02', '2026-11-29'))
    const plan = await planOf(ctx.db, query)
    assert.ok(!scansTable(plan, 'leave_requests', ['lr']), `scan of leave_requests:\n${query.sql}\n${plan.text}`)
    assert.ok(usesOneOf(plan, ['leave_requests_user_end_date_idx']), `not through (user_id, end_date):\n${query.sql}\n${plan.text}`)
  })

  it('a team’s people: by id and manager_id, no scan of users', async () => {
    const query = await captured((repo) => repo.people(team(), undefined))
    const plan = await planOf(ctx.db, query, { noSeqScan: true })
    assert.ok(!scansTable(plan, 'users'), `scan of users:\n${query.sql}\n${plan.text}`)
  })

  it('everyone’s absences in a window: by status and end date, no scan of leave_requests', async () => {
    const query = await captured((repo) => repo.absences('all', '2026-11-02', '2026-11-29'))
    const plan = await planOf(ctx.db, query)
    assert.ok(!scansTable(plan, 'leave_requests', ['lr']), `scan of leave_requests:\n${query.sql}\n${plan.text}`)
  })

  it('coverage reads members’ leave in a window through an index', async () => {
    const { db, executed } = recordingQueries(ctx.db)
    await new CoverageRepository(db).leave([reportId, managerId], '2026-11-02', '2026-11-29')
    const plan = await planOf(ctx.db, executed[0]!)
    assert.ok(!scansTable(plan, 'leave_requests'), `scan of leave_requests:\n${executed[0]!.sql}\n${plan.text}`)
    assert.ok(usesOneOf(plan, ['leave_requests_user_end_date_idx']), `not through (user_id, end_date):\n${executed[0]!.sql}\n${plan.text}`)
  })

  it('GET /api/calendar costs the same statements for a team with years of history as for one without', async () => {
    const { db, executed } = recordingQueries(ctx.db)
    const app = await buildApp(ctx.config, { db, startMailDispatcher: false })
    try {
      const count = async (email: string) => {
        const { access } = await login(app, email)
        executed.length = 0
        const res = await app.inject({ method: 'GET', url: '/api/calendar?from=2026-11-02&to=2026-11-29', headers: bearer(access) })
        assert.equal(res.statusCode, 200, res.body)
        return { n: executed.length, sql: sqlOf(executed) }
      }
      await createUser(ctx.db, { email: 'lonely@example.com' })
      // Warm: the first request of a process also reads the working config.
      await count('lonely@example.com')
      const empty = await count('lonely@example.com')
      const busy = await count(`r0.${TEAM_SIZE - 1}@example.com`)
      assert.equal(busy.n, empty.n, `${busy.sql}\n---\n${empty.sql}`)
      assert.ok(busy.n <= 5, `${busy.n} statements:\n${busy.sql}`)
    } finally {
      await app.close()
    }
  })
})

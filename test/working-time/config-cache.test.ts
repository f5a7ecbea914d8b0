// Each process keeps settings, leave types and company days off in memory while config_version
// (bumped by triggers) stays the same: a change made by another process, or straight in the
// database, is seen by the next request everywhere.
import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { sql } from 'kysely'
import { buildApp } from '../../src/app.js'
import { createDatabase, type DB } from '../../src/db/database.js'
import type { App } from '../../src/http/types.js'
import { bearer, createSharedDatabase, createTestContext, createUser, login, recordingQueries, type TestContext } from '../helpers/harness.js'

let shared: { url: string; drop: () => Promise<void> }
let ctx: TestContext
let other: { app: App; db: DB }
let adminToken: string
let eveToken: string

before(async () => {
  shared = await createSharedDatabase()
  ctx = await createTestContext({ DATABASE_URL: shared.url }, { mondayToFriday: true })
  const otherDb = createDatabase(shared.url, { poolSize: 2 })
  other = { app: await buildApp(ctx.config, { db: otherDb, startMailDispatcher: false }), db: otherDb }
  await createUser(ctx.db, { email: 'admin@example.com', role: 'admin' })
  await createUser(ctx.db, { email: 'abe@example.com', role: 'admin' })
  await createUser(ctx.db, { email: 'eve@example.com' })
  adminToken = (await login(ctx.app, 'admin@example.com')).access
  eveToken = (await login(ctx.app, 'eve@example.com')).access
})
after(async () => {
  await other.app.close()
  await other.db.destroy()
  await ctx.close()
  await shared.drop()
})

const week = { start_date: '2033-03-07', end_date: '2033-03-11' }
const preview = async (app: App) => {
  const res = await app.inject({ method: 'POST', url: '/api/leave-requests/preview', headers: bearer(eveToken), payload: week })
  assert.equal(res.statusCode, 200, res.body)
  return res.json() as { days: number; problems: Array<{ code: string }> }
}

it('a company day off, a retired type and a new default added elsewhere are seen by the next preview in every process', async () => {
  assert.equal((await preview(other.app)).days, 5)
  const added = await ctx.app.inject({ method: 'POST', url: '/api/holidays', headers: bearer(adminToken), payload: { date: '2033-03-09', name: 'Founders day' } })
  assert.equal(added.statusCode, 201, added.body)
  assert.equal((await preview(other.app)).days, 4, 'the other process sees the new day off')

  // Straight in the database (a manual fix): the triggers bump the version all the same.
  await sql`update settings set default_work_week = ${JSON.stringify({ mon: 8, tue: 8, wed: 8, thu: 8, fri: 0, sat: 0, sun: 0 })}`.execute(ctx.db)
  assert.equal((await preview(other.app)).days, 3)
  assert.equal((await preview(ctx.app)).days, 3)
  await sql`update leave_types set active = 0 where code = 'VACATION'`.execute(ctx.db)
  assert.deepEqual((await preview(other.app)).problems.map((p) => p.code), ['invalid_type'])
})

it('while nothing changes, a preview reads neither settings, leave types nor company days off', async () => {
  const { db: recorded, executed } = recordingQueries(ctx.db)
  const app = await buildApp(ctx.config, { db: recorded, startMailDispatcher: false })
  try {
    await preview(app)
    executed.length = 0
    await preview(app)
    const tables = executed.map((q) => /from "(\w+)"/.exec(q.sql)?.[1])
    for (const table of ['settings', 'leave_types', 'company_holidays']) assert.ok(!tables.includes(table), `${table} read again: ${tables.join(', ')}`)
  } finally {
    await app.close()
  }
})

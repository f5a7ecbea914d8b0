// The hot queries compiled once (src/db/prepared.ts): on PostgreSQL they run as named prepared
// statements, and a migration that adds a column under a running server must not break them.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { buildApp } from '../../src/app.js'
import { createDatabase, type DB } from '../../src/db/database.js'
import type { App } from '../../src/http/types.js'
import { bearer, createSharedDatabase, createTestContext, createUser, login, onPostgres, type TestContext } from '../helpers/harness.js'

describe('prepared hot queries', () => {
  let shared: { url: string; drop: () => Promise<void> }
  let ctx: TestContext
  /** One connection, so that what it prepared can be seen through it. */
  let single: { app: App; db: DB }
  let token: string

  before(async () => {
    shared = await createSharedDatabase()
    ctx = await createTestContext({ DATABASE_URL: shared.url })
    const db = createDatabase(shared.url, { poolSize: 1 })
    single = { app: await buildApp(ctx.config, { db, startMailDispatcher: false }), db }
    await createUser(ctx.db, { email: 'prepared@example.com' })
    token = (await login(ctx.app, 'prepared@example.com')).access
  })
  after(async () => {
    await single.app.close()
    await single.db.destroy()
    await ctx.close()
    await shared.drop()
  })

  const me = (app: App) => app.inject({ url: '/api/auth/me', headers: bearer(token) })

  it('on PostgreSQL, authenticating runs a named prepared statement', { skip: !onPostgres && 'PostgreSQL only' }, async () => {
    assert.equal((await me(single.app)).statusCode, 200)
    const { rows } = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(single.db)
    const auth = rows.find((r) => r.name.startsWith('leavedesk_') && r.statement.includes('shared_versions'))
    assert.ok(auth, JSON.stringify(rows))
    assert.doesNotMatch(auth.statement, /"users"\.\*/, 'columns are listed, not *')
  })

  it('keeps answering after a migration adds a column to users under the running server', async () => {
    for (const app of [ctx.app, single.app]) assert.equal((await me(app)).statusCode, 200)
    await sql`alter table users add column nickname varchar(40)`.execute(ctx.db)
    for (const app of [ctx.app, single.app]) {
      const res = await me(app)
      assert.equal(res.statusCode, 200, res.body)
      assert.equal(res.json().email, 'prepared@example.com')
      assert.equal((await app.inject({ url: '/api/leave-requests', headers: bearer(token) })).statusCode, 200)
    }
  })
})

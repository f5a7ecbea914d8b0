// First-admin setup of a fresh install: offered while no user exists, once; the first account made
// wins, concurrent attempts included; the CLI's accounts end it too.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { LightMyRequestResponse } from 'fastify'
import { createDatabase, type DB } from '../../src/db/database.js'
import { bearer, createSharedDatabase, createTestContext, createUser, onPostgres, type TestContext } from '../helpers/harness.js'

const CSRF = { 'x-requested-with': 'leavedesk' }
const STRONG = 'violet-otter-harbor-canyon'
const ALREADY = { detail: 'This installation is already set up: sign in instead.', code: 'already_set_up' }
const COOKIE = /^leavedesk_refresh=([A-Za-z0-9_.-]+); Max-Age=1296000; Path=\/api\/auth\/; HttpOnly; Secure; SameSite=Strict$/

const body = (fields: Record<string, unknown> = {}) => ({
  email: 'ada@example.com',
  password: STRONG,
  confirm_password: STRONG,
  first_name: 'Ada',
  last_name: 'Lovelace',
  ...fields,
})

const status = async (ctx: TestContext) => {
  const res = await ctx.app.inject({ url: '/api/setup' })
  assert.equal(res.statusCode, 200, res.body)
  return res.json() as { needed: boolean }
}
const setUp = (ctx: TestContext, payload: unknown, headers: Record<string, string> = CSRF) =>
  ctx.app.inject({ method: 'POST', url: '/api/setup', headers, payload: payload as object })
const userCount = async (ctx: TestContext) =>
  Number((await ctx.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

function sessionToken(res: LightMyRequestResponse): string {
  const cookie = res.headers['set-cookie']
  assert.equal(typeof cookie, 'string', `one Set-Cookie header: ${JSON.stringify(cookie)}`)
  const m = COOKIE.exec(cookie as string)
  assert.ok(m, `the session cookie: ${String(cookie)}`)
  return m[1]!
}

describe('setup of a fresh install', () => {
  let ctx: TestContext
  before(async () => {
    ctx = await createTestContext()
  })
  after(() => ctx.close())

  it('is needed while no user exists', async () => {
    assert.deepEqual(await status(ctx), { needed: true })
    assert.deepEqual(await status(ctx), { needed: true }, 'asking changes nothing')
  })

  it('refuses a request without the CSRF header or from another origin, creating nothing', async () => {
    const refused: Array<Record<string, string>> = [{}, { 'x-requested-with': 'XMLHttpRequest' }, { ...CSRF, origin: 'https://evil.example' }]
    for (const headers of refused) {
      const res = await setUp(ctx, body(), headers)
      assert.equal(res.statusCode, 403, JSON.stringify(headers))
      assert.match(res.json().detail, /CSRF check failed/)
    }
    assert.equal(await userCount(ctx), 0)
  })

  it('applies the password policy and reports every bad field at once', async () => {
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ password: 'short', confirm_password: 'short' }, ['password']],
      [{ password: '1234567890123', confirm_password: '1234567890123' }, ['password']],
      [{ password: 'ada@example.com-x', confirm_password: 'ada@example.com-x' }, ['password']],
      [{ password: 'lovelace-lovelace', confirm_password: 'lovelace-lovelace' }, ['password']],
      [{ confirm_password: 'something-else-entirely' }, ['confirm_password']],
      [{ password: 'password1234', confirm_password: 'other' }, ['confirm_password', 'password']],
      [{ email: 'not-an-email' }, ['email']],
      [{ first_name: '' }, ['first_name']],
      [{ first_name: 'x'.repeat(151) }, ['first_name']],
      [{ email: undefined, password: undefined }, ['email', 'password']],
    ]
    for (const [fields, failing] of cases) {
      const res = await setUp(ctx, body(fields))
      assert.equal(res.statusCode, 400, `${JSON.stringify(fields)} -> ${res.body}`)
      assert.deepEqual(Object.keys(res.json()).sort(), failing, `${JSON.stringify(fields)} -> ${res.body}`)
      assert.equal(res.headers['set-cookie'], undefined)
    }
    const weak = await setUp(ctx, body({ password: 'short', confirm_password: 'short' }))
    assert.deepEqual(weak.json(), { password: ['This password is too short. It must contain at least 12 characters.'] })
    assert.equal(await userCount(ctx), 0)
    assert.deepEqual(await status(ctx), { needed: true })
  })

  it('hostile bodies answer 400 (or 413), never 500, and create nothing', async () => {
    const raw = (payload: string) => ctx.app.inject({ method: 'POST', url: '/api/setup', headers: { ...CSRF, 'content-type': 'application/json' }, payload })
    const valid = JSON.stringify(body()).slice(0, -1)
    const cases: Array<[string, number]> = [
      ['['.repeat(10_000) + ']'.repeat(10_000), 400],
      [`${valid},"nested":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`, 400],
      [`[${Array(30_000).fill('0').join(',')}]`, 400],
      [JSON.stringify(body({ first_name: Array(30_000).fill(0) })), 400],
      [JSON.stringify(body({ email: `${'a'.repeat(243)}@example.com` })), 400],
      [JSON.stringify(body({ last_name: 'x'.repeat(151) })), 400],
      [JSON.stringify(body({ password: 'x'.repeat(1025), confirm_password: 'x'.repeat(1025) })), 400],
      [JSON.stringify(body({ first_name: 'a\u0000b' })), 400],
      [JSON.stringify(body({ last_name: 'x\ud800' })), 400],
      ['{"__proto__":{"role":"employee"},"constructor":{"prototype":{"polluted":"yes"}}}', 400],
      [JSON.stringify(body({ first_name: 'x'.repeat(70_000) })), 413],
      ['{"email":', 400],
      ['null', 400],
    ]
    for (const [payload, expected] of cases) {
      const res = await raw(payload)
      assert.equal(res.statusCode, expected, `${payload.slice(0, 60)} -> ${res.statusCode} ${res.body.slice(0, 200)}`)
      assert.equal(res.headers['set-cookie'], undefined)
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined)
    assert.equal(await userCount(ctx), 0)
  })

  it('creates the first user as an admin and signs them in: access token in the body, refresh token in the cookie', async () => {
    // Server fields sent along are ignored: the first user is an active admin whatever is sent.
    const res = await setUp(ctx, body({ email: 'Ada@Example.COM', role: 'employee', is_active: 0, token_version: 7, manager_id: 1 }))
    assert.equal(res.statusCode, 201, res.body)
    assert.deepEqual(Object.keys(res.json()), ['access'])
    const refresh = sessionToken(res)

    const me = await ctx.app.inject({ url: '/api/auth/me', headers: bearer(res.json().access) })
    assert.equal(me.statusCode, 200, me.body)
    assert.equal(me.json().email, 'ada@example.com')
    assert.equal(me.json().role, 'admin')
    assert.equal(me.json().first_name, 'Ada')
    assert.equal(me.json().last_name, 'Lovelace')

    // The cookie is a real session, and the password signs in.
    const refreshed = await ctx.app.inject({ method: 'POST', url: '/api/auth/session/refresh', headers: { ...CSRF, cookie: `leavedesk_refresh=${refresh}` } })
    assert.equal(refreshed.statusCode, 200, refreshed.body)
    const login = await ctx.app.inject({ method: 'POST', url: '/api/auth/token', payload: { email: 'ada@example.com', password: STRONG } })
    assert.equal(login.statusCode, 200, login.body)
  })

  it('records the setup in the audit trail', async () => {
    const user = await ctx.db.selectFrom('users').selectAll().executeTakeFirstOrThrow()
    const events = await ctx.db.selectFrom('audit_events').selectAll().where('entity', '=', 'user').where('entity_id', '=', user.id).execute()
    assert.equal(events.length, 1)
    const [event] = events
    assert.equal(event!.action, 'created')
    assert.equal(event!.actor_id, user.id)
    assert.match(String(event!.note), /first admin/i)
    const changes = JSON.parse(event!.changes)
    assert.deepEqual(changes.role, [null, 'admin'])
    assert.deepEqual(changes.email, [null, 'ada@example.com'])
    assert.ok(!event!.changes.includes(STRONG) && !event!.changes.includes('argon2'), 'no password or hash in the audit trail')
  })

  it('is over once a user exists: needed false, and 409 to any further attempt, whatever its body', async () => {
    assert.deepEqual(await status(ctx), { needed: false })
    for (const payload of [body({ email: 'eve@example.com' }), body(), {}, { email: 5 }, body({ password: 'short', confirm_password: 'x' })]) {
      const res = await setUp(ctx, payload)
      assert.equal(res.statusCode, 409, `${JSON.stringify(payload)} -> ${res.body}`)
      assert.deepEqual(res.json(), ALREADY)
      assert.equal(res.headers['set-cookie'], undefined)
    }
    assert.equal(await userCount(ctx), 1)
  })

  it('is documented: statuses, public security, operation ids', async () => {
    const doc = (await ctx.app.inject({ url: '/api/openapi.json' })).json()
    const get = doc.paths['/api/setup'].get
    const post = doc.paths['/api/setup'].post
    assert.equal(get.operationId, 'getSetupStatus')
    assert.equal(post.operationId, 'createFirstAdmin')
    assert.deepEqual(get.security, [])
    assert.deepEqual(post.security, [])
    assert.deepEqual(Object.keys(get.responses).sort(), ['200', '429', '500'])
    assert.deepEqual(Object.keys(post.responses).sort(), ['201', '400', '403', '409', '413', '415', '429', '500'])
  })
})

describe('setup: the first account made wins', () => {
  it(`of 5 concurrent attempts exactly one gets 201 (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, async () => {
    const ctx = await createTestContext()
    try {
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) => setUp(ctx, body({ email: `racer${i}@example.com`, first_name: `Racer${i}` }))),
      )
      const codes = results.map((r) => r.statusCode).sort()
      assert.deepEqual(codes, [201, 409, 409, 409, 409], results.map((r) => `${r.statusCode} ${r.body}`).join('\n'))
      for (const res of results.filter((r) => r.statusCode === 409)) assert.deepEqual(res.json(), ALREADY)
      const users = await ctx.db.selectFrom('users').selectAll().execute()
      assert.equal(users.length, 1)
      assert.equal(users[0]!.role, 'admin')
      const winner = results.find((r) => r.statusCode === 201)!
      const me = await ctx.app.inject({ url: '/api/auth/me', headers: bearer(winner.json().access) })
      assert.equal(me.json().email, users[0]!.email)
      assert.equal((await ctx.db.selectFrom('audit_events').selectAll().where('entity', '=', 'user').execute()).length, 1)
    } finally {
      await ctx.close()
    }
  })

  it('concurrent attempts with the same email: one 201, the others 409', async () => {
    const ctx = await createTestContext()
    try {
      const results = await Promise.all(Array.from({ length: 5 }, () => setUp(ctx, body())))
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 409, 409, 409, 409], results.map((r) => r.body).join('\n'))
      assert.equal(await userCount(ctx), 1)
    } finally {
      await ctx.close()
    }
  })

  it(`with the window between count and insert held open, still exactly one (${onPostgres ? 'two app instances on one PostgreSQL database' : 'SQLite'})`, async () => {
    // Every count of users answers only after 400 ms: without the lock, every attempt would read
    // "no user" before any inserts. On PostgreSQL two app instances (as two processes would) share the
    // database, each with its own pool. On SQLite one: better-sqlite3 waits for another connection's
    // lock synchronously, so two instances in one process would block each other's event loop.
    const shared = await createSharedDatabase()
    const slowDbs = Array.from({ length: onPostgres ? 2 : 1 }, () => slowUserCounts(createDatabase(shared.url, { poolSize: 5 })))
    const apps: TestContext[] = []
    try {
      for (const slow of slowDbs) apps.push(await createTestContext({ DATABASE_URL: shared.url }, { db: slow.db }))
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => setUp(apps[i % apps.length]!, body({ email: `twin${i}@example.com` }))))
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 409, 409, 409, 409, 409], results.map((r) => `${r.statusCode} ${r.body}`).join('\n'))
      assert.ok(slowDbs.every((d) => d.delayed() > 0), 'the counts were slowed')
      assert.equal(await userCount(apps[0]!), 1)
      for (const app of apps) assert.deepEqual(await status(app), { needed: false })
    } finally {
      for (const app of apps) await app.close()
      for (const d of slowDbs) await d.db.destroy()
      await shared.drop()
    }
  })
})

/** The database, with every `count(*)` of users answering 400 ms late (the query has run; its answer waits). */
function slowUserCounts(db: DB): { db: DB; delayed: () => number } {
  const counts = new Set<unknown>()
  let delayed = 0
  const slowed = db.withPlugin({
    transformQuery(args) {
      const { sql } = db.getExecutor().compileQuery(args.node, args.queryId)
      if (/count\(\*\)/i.test(sql) && /from "users"/i.test(sql)) counts.add(args.queryId)
      return args.node
    },
    async transformResult(args) {
      if (counts.has(args.queryId)) {
        delayed++
        await new Promise((resolve) => setTimeout(resolve, 400))
      }
      return args.result
    },
  })
  return { db: slowed, delayed: () => delayed }
}

describe('setup and the other ways accounts are made', () => {
  it('a user made otherwise (the CLI, an admin) ends setup', async () => {
    const ctx = await createTestContext()
    try {
      assert.deepEqual(await status(ctx), { needed: true })
      await createUser(ctx.db, { email: 'someone@example.com', role: 'employee' })
      assert.deepEqual(await status(ctx), { needed: false })
      const res = await setUp(ctx, body())
      assert.equal(res.statusCode, 409)
      assert.deepEqual(res.json(), ALREADY)
    } finally {
      await ctx.close()
    }
  })

  it('`leavedesk createuser` on the same database ends setup, and keeps working after a web setup', async () => {
    const BIN = fileURLToPath(new URL('../../bin/leavedesk.js', import.meta.url))
    const dir = mkdtempSync(path.join(tmpdir(), 'leavedesk-setup-'))
    const shared = await createSharedDatabase()
    const ctx = await createTestContext({ DATABASE_URL: shared.url })
    const createuser = (email: string) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, 'createuser', '--email', email, '--role', 'admin', '--password-stdin'], {
          cwd: dir,
          env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: shared.url, SECRET_KEY: ctx.config.secretKey, DATA_DIR: dir, LOG_LEVEL: 'silent' },
          stdio: ['pipe', 'pipe', 'pipe'],
        })
        let stdout = ''
        let stderr = ''
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
        child.on('error', reject)
        child.on('close', (code) => resolve({ code, stdout, stderr }))
        child.stdin.end(STRONG)
      })
    try {
      assert.deepEqual(await status(ctx), { needed: true })
      const made = await createuser('cli-admin@example.com')
      assert.equal(made.code, 0, made.stderr)
      assert.deepEqual(await status(ctx), { needed: false })
      assert.equal((await setUp(ctx, body())).statusCode, 409)
      const second = await createuser('cli-second@example.com')
      assert.equal(second.code, 0, second.stderr)
      assert.equal(await userCount(ctx), 2)
    } finally {
      await ctx.close()
      await shared.drop()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('is rate limited per address like every other route', async () => {
    const ctx = await createTestContext({ RATE_LIMIT_PER_MINUTE: '3' })
    try {
      for (let i = 0; i < 3; i++) assert.equal((await ctx.app.inject({ url: '/api/setup' })).statusCode, 200)
      const limited = await ctx.app.inject({ url: '/api/setup' })
      assert.equal(limited.statusCode, 429)
      assert.ok(Number(limited.headers['retry-after']) > 0)
      const post = await setUp(ctx, body())
      assert.equal(post.statusCode, 429)
      assert.equal(await userCount(ctx), 0)
    } finally {
      await ctx.close()
    }
  })
})

// Webhooks through HTTP, on SQLite and PostgreSQL, delivered to a real HTTP receiver on 127.0.0.1 and
// verified with the standardwebhooks package as a subscriber would; and the SSRF refusals.
import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { Webhook } from 'standardwebhooks'
import { isRefusedAddress } from '../../src/webhooks/address-policy.js'
import { buildApp } from '../../src/app.js'
import { createDatabase } from '../../src/db/database.js'
import { bearer, createSharedDatabase, createTestContext, createUser, login, sentMails, type TestContext } from '../helpers/harness.js'

interface Received {
  headers: http.IncomingHttpHeaders
  body: string
}

/** A receiver that records every POST and answers with the next queued status (200 when none). */
async function receiver() {
  const received: Received[] = []
  const statuses: number[] = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (body += c))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.writeHead(statuses.shift() ?? 200).end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return { received, statuses, url: `http://127.0.0.1:${port}/hooks`, close: () => new Promise<void>((r) => server.close(() => r())) }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE'

function client(ctx: () => TestContext) {
  const call = (method: Method, url: string, token?: string, payload?: unknown) =>
    ctx().app.inject({ method, url, headers: token ? bearer(token) : {}, ...(payload !== undefined ? { payload: payload as object } : {}) })
  const ok = async <T = Record<string, unknown>>(method: Method, url: string, token: string, payload?: unknown, status = 200): Promise<T> => {
    const res = await call(method, url, token, payload)
    assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`)
    return (res.statusCode === 204 ? {} : res.json()) as T
  }
  return { call, ok }
}

const verify = (secret: string, r: Received) =>
  new Webhook(secret).verify(r.body, { 'webhook-id': String(r.headers['webhook-id']), 'webhook-timestamp': String(r.headers['webhook-timestamp']), 'webhook-signature': String(r.headers['webhook-signature']) }) as {
    type: string
    data: Record<string, unknown>
  }

describe('webhook deliveries', () => {
  let ctx: TestContext
  let hooks: Awaited<ReturnType<typeof receiver>>
  let admin: string
  let boss: string
  let emp: string
  const { call, ok } = client(() => ctx)

  before(async () => {
    hooks = await receiver()
    ctx = await createTestContext({ WEBHOOKS_ALLOW_HTTP: 'true', WEBHOOKS_ALLOWED_HOSTS: '127.0.0.1' }, { webhookDispatcher: { retryDelayMs: () => 0 } })
    await createUser(ctx.db, { email: 'admin@example.com', role: 'admin' })
    const m = await createUser(ctx.db, { email: 'boss@example.com', role: 'manager' })
    await createUser(ctx.db, { email: 'emp@example.com', manager_id: m.id, first_name: 'Emma', last_name: 'Ployee' })
    admin = (await login(ctx.app, 'admin@example.com')).access
    boss = (await login(ctx.app, 'boss@example.com')).access
    emp = (await login(ctx.app, 'emp@example.com')).access
  })
  after(async () => {
    await ctx.close()
    await hooks.close()
  })

  it('signs every delivery so that standardwebhooks verifies it; retries a 500 with the same webhook-id', async () => {
    assert.equal((await call('POST', '/api/webhooks', emp, { url: hooks.url, events: ['leave.created'] })).statusCode, 403)
    const hook = await ok<{ id: number; secret: string }>('POST', '/api/webhooks', admin, { url: hooks.url, events: ['leave.created', 'leave.approved', 'user.created'], description: 'HR system' }, 201)
    assert.match(hook.secret, /^whsec_[A-Za-z0-9+/]{43}=$/)
    const listed = await ok<Record<string, unknown>[]>('GET', '/api/webhooks', admin)
    assert.ok(!JSON.stringify(listed).includes(hook.secret), 'the secret is shown once')
    const stored = await ctx.db.selectFrom('webhooks').select('secret').executeTakeFirstOrThrow()
    assert.ok(!stored.secret.includes(hook.secret.slice(6)), 'the secret is not stored in the clear')

    const leave = await ok<{ id: number }>('POST', '/api/leave-requests', emp, { start_date: '2031-03-03', end_date: '2031-03-04', description: 'Trip' }, 201)
    await ctx.app.webhooks.drain()
    assert.equal(hooks.received.length, 1)
    const created = verify(hook.secret, hooks.received[0]!)
    assert.equal(created.type, 'leave.created')
    assert.equal(created.data.id, leave.id)
    assert.equal(created.data.description, 'Trip', 'the representation an admin would get')
    assert.equal(hooks.received[0]!.headers['content-type'], 'application/json')

    hooks.statuses.push(500)
    await ok('POST', `/api/leave-requests/${leave.id}/approve`, boss, {})
    await ctx.app.webhooks.drain()
    assert.equal(hooks.received.length, 3, 'the 500 and its retry')
    const [failed, retried] = hooks.received.slice(1)
    assert.equal(failed!.headers['webhook-id'], retried!.headers['webhook-id'], 'the same webhook-id on a retry')
    assert.equal(verify(hook.secret, retried!).type, 'leave.approved')
    assert.throws(() => verify('whsec_' + Buffer.alloc(32, 1).toString('base64'), retried!), 'another secret does not verify')

    const attempts = await ok<{ status_code: number | null; event_type: string; duration_ms: number }[]>('GET', `/api/webhooks/${hook.id}/deliveries`, admin)
    assert.deepEqual(attempts.map((a) => [a.event_type, a.status_code]), [['leave.approved', 200], ['leave.approved', 500], ['leave.created', 200]])
    assert.ok(attempts.every((a) => a.duration_ms >= 0))
  })

  it('after a rotation, the new secret signs; the old one signs too for 24 hours', async () => {
    const [hook] = await ok<{ id: number }[]>('GET', '/api/webhooks', admin)
    const { secret } = await ok<{ secret: string }>('POST', `/api/webhooks/${hook!.id}/rotate-secret`, admin)
    const before = hooks.received.length
    await ok('POST', '/api/users', admin, { email: 'new@example.com', first_name: 'New', last_name: 'Person', role: 'employee' }, 201)
    await ctx.app.webhooks.drain()
    const delivery = hooks.received[before]!
    const event = verify(secret, delivery)
    assert.equal(event.type, 'user.created')
    assert.equal(event.data.email, 'new@example.com')
    assert.equal(String(delivery.headers['webhook-signature']).split(' ').length, 2, 'both signatures while the old secret is honoured')

    // A person changing their own profile is a user.updated event too.
    await ok('PATCH', `/api/webhooks/${hook!.id}`, admin, { events: ['user.created', 'user.updated'] })
    await ok('PATCH', '/api/auth/me', emp, { preferred_name: 'Em' })
    await ctx.app.webhooks.drain()
    const updated = verify(secret, hooks.received[hooks.received.length - 1]!)
    assert.deepEqual([updated.type, updated.data.preferred_name], ['user.updated', 'Em'])
  })

  it('an endpoint failing for 24 hours is disabled and the admins are mailed', async () => {
    const broken = await ok<{ id: number }>('POST', '/api/webhooks', admin, { url: hooks.url.replace('/hooks', '/broken'), events: ['leave.created'] }, 201)
    await ctx.db.updateTable('webhooks').set({ failing_since: Date.now() - 25 * 3_600_000 }).where('id', '=', broken.id).execute()
    hooks.statuses.push(503, 503, 503)
    await ok('POST', '/api/leave-requests', emp, { start_date: '2031-04-07', end_date: '2031-04-07' }, 201)
    await ctx.app.webhooks.drain()
    const after = await ok<{ id: number; active: boolean; disabled_at: string | null }[]>('GET', '/api/webhooks', admin)
    const disabled = after.find((w) => w.id === broken.id)!
    assert.equal(disabled.active, false)
    assert.ok(disabled.disabled_at)
    const mails = await sentMails(ctx)
    assert.ok(mails.some((m) => m.includes('A Leavedesk webhook was disabled')))
    await ok('PATCH', `/api/webhooks/${broken.id}`, admin, { active: true })
  })
})

describe('webhooks with several processes', () => {
  it('each delivery goes out once when two processes drain the same outbox at the same time', async () => {
    const hooks = await receiver()
    const shared = await createSharedDatabase()
    const env = { DATABASE_URL: shared.url, WEBHOOKS_ALLOW_HTTP: 'true', WEBHOOKS_ALLOWED_HOSTS: '127.0.0.1' }
    const ctx = await createTestContext(env, { webhookDispatcher: { retryDelayMs: () => 0 } })
    const otherDb = createDatabase(shared.url, { poolSize: 2 })
    const other = await buildApp(ctx.config, { db: otherDb, startMailDispatcher: false })
    try {
      await createUser(ctx.db, { email: 'admin@example.com', role: 'admin' })
      const admin = (await login(ctx.app, 'admin@example.com')).access
      const { ok } = client(() => ctx)
      await ok('POST', '/api/webhooks', admin, { url: hooks.url, events: ['user.created'] }, 201)
      for (let i = 0; i < 12; i++) await ok('POST', '/api/users', admin, { email: `p${i}@example.com`, first_name: 'P', last_name: String(i), role: 'employee' }, 201)
      await Promise.all([ctx.app.webhooks.drain(), other.webhooks.drain(), ctx.app.webhooks.drain(), other.webhooks.drain()])
      const ids = hooks.received.map((r) => String(r.headers['webhook-id']))
      assert.equal(ids.length, 12, 'twelve events, twelve deliveries')
      assert.equal(new Set(ids).size, 12, 'none twice')
    } finally {
      await other.close()
      await otherDb.destroy()
      await ctx.close()
      await shared.drop()
      await hooks.close()
    }
  })
})

describe('webhook addresses (SSRF)', () => {
  let ctx: TestContext
  let admin: string
  const { call } = client(() => ctx)
  let lookups = 0
  // A resolver standing in for DNS: one public name, one internal name, and one that rebinds.
  const resolve = async (host: string) => {
    if (host === 'public.example') return [{ address: '93.184.216.34', family: 4 }]
    if (host === 'internal.example') return [{ address: '10.0.0.7', family: 4 }, { address: 'fd00::1', family: 6 }]
    if (host === 'rebind.example') return lookups++ === 0 ? [{ address: '93.184.216.34', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]
    throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' })
  }

  before(async () => {
    ctx = await createTestContext({}, { webhookDispatcher: { resolve, retryDelayMs: () => 3_600_000 } })
    await createUser(ctx.db, { email: 'admin@example.com', role: 'admin' })
    admin = (await login(ctx.app, 'admin@example.com')).access
  })
  after(() => ctx.close())

  it('refuses plain http, internal addresses and names that resolve only to them, with a message on url', async () => {
    for (const url of [
      'http://127.0.0.1:8080/',
      'https://127.0.0.1/',
      'https://localhost/',
      'https://169.254.169.254/latest/meta-data',
      'https://10.1.2.3/',
      'https://192.168.0.10/',
      'https://172.20.0.1/',
      'https://100.64.0.1/',
      'https://[::1]/',
      'https://[::ffff:127.0.0.1]/',
      'https://[fe80::1]/',
      'https://[fd12::1]/',
      'https://224.0.0.1/',
      'https://internal.example/',
      'https://nowhere.example/',
      'https://user:secret@public.example/',
      'ftp://public.example/',
    ]) {
      const res = await call('POST', '/api/webhooks', admin, { url, events: ['leave.created'] })
      assert.equal(res.statusCode, 400, url)
      assert.ok(Array.isArray(res.json().url), `${url}: ${res.body}`)
    }
    assert.equal((await call('POST', '/api/webhooks', admin, { url: 'https://public.example/hook', events: ['leave.created'] })).statusCode, 201)
    assert.equal((await call('POST', '/api/webhooks', admin, { url: 'https://public.example/hook', events: ['leave.nothing'] })).statusCode, 400)
  })

  it('checks the address again at connect time: a name that rebinds to loopback fails and is retried', async () => {
    const created = await call('POST', '/api/webhooks', admin, { url: 'https://rebind.example/hook', events: ['user.created'] })
    assert.equal(created.statusCode, 201, created.body)
    await ctx.app.inject({ method: 'POST', url: '/api/users', headers: bearer(admin), payload: { email: 'x@example.com', first_name: 'X', last_name: 'Y', role: 'employee' } })
    await ctx.app.webhooks.drain()
    const attempts = (await call('GET', `/api/webhooks/${created.json().id}/deliveries`, admin)).json() as { status_code: number | null; error: string | null }[]
    assert.equal(attempts.length, 1)
    assert.equal(attempts[0]!.status_code, null)
    assert.match(String(attempts[0]!.error), /refused/)
    const pending = await ctx.db.selectFrom('webhook_deliveries').select(['status', 'attempts']).where('webhook_id', '=', created.json().id).executeTakeFirstOrThrow()
    assert.deepEqual(pending, { status: 'pending', attempts: 1 }, 'retried later like any failure')
  })

  it('knows the internal ranges in every spelling', () => {
    for (const a of ['127.0.0.1', '127.255.1.1', '0.0.0.0', '10.0.0.1', '172.31.255.255', '192.168.1.1', '100.127.0.1', '169.254.169.254', '224.1.1.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fc00::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', 'not an address']) {
      assert.ok(isRefusedAddress(a), a)
    }
    for (const a of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) assert.ok(!isRefusedAddress(a), a)
  })
})

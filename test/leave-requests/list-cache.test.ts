// The cache of list pages (own, team, a manager's approvals): a repeated page costs one query, and it
// is never stale. Every change to what a page shows, made through the API, by another process or
// directly in the database, is seen by the next request, in every process.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import Fastify from 'fastify'
import type { CompiledQuery } from 'kysely'
import { buildApp } from '../../src/app.js'
import { createDatabase, type DB } from '../../src/db/database.js'
import { PageCache } from '../../src/http/page-cache.js'
import type { App } from '../../src/http/types.js'
import { bearer, createSharedDatabase, createTestContext, createUser, login, recordingQueries, sqlOf, type TestContext } from '../helpers/harness.js'

interface Person {
  id: number
  token: string
}

interface Item {
  id: number
  description: string
  status: string
  allowed_actions: string[]
  user: { email: string; last_name: string }
  decided_by: { first_name: string } | null
}

const day = 86_400_000
let periods = 0
function period() {
  const start = Date.UTC(2032, 0, 1) + periods++ * 3 * day
  return { start: new Date(start).toISOString(), end: new Date(start + day).toISOString() }
}

const OWN = '/api/leave-requests?limit=2'

type Role = 'employee' | 'manager' | 'admin'

/**
 * Two apps on one database, each with its own connection and cache: two processes, as far as caching
 * goes. Every test lists in both, changes something, and lists in both again.
 */
function twoProcesses() {
  let shared: { url: string; drop: () => Promise<void> }
  const f = {} as { ctx: TestContext; other: { app: App; db: DB } }

  const call = (app: App, who: Person, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url, headers: bearer(who.token), ...(payload ? { payload } : {}) })
  const list = async (app: App, who: Person, url = OWN) => {
    const res = await call(app, who, 'GET', url)
    assert.equal(res.statusCode, 200, res.body)
    return { body: res.body, items: res.json() as Item[], total: res.headers['x-total-count'], link: res.headers.link }
  }
  const file = async (who: Person) => {
    const res = await call(f.ctx.app, who, 'POST', '/api/leave-requests', { ...period(), description: 'Trip' })
    assert.equal(res.statusCode, 201, res.body)
    return res.json() as { id: number }
  }
  /** Lists in both apps (so both cache the page), runs `change`, and returns what each app lists next. */
  const around = async (who: Person, change: () => Promise<unknown>, url = OWN) => {
    const before = await list(f.ctx.app, who, url)
    assert.deepEqual((await list(f.other.app, who, url)).items, before.items)
    await change()
    return { before, after: [await list(f.ctx.app, who, url), await list(f.other.app, who, url)] }
  }
  const person = async (email: string, role: Role, manager?: Person): Promise<Person> => {
    const user = await createUser(f.ctx.db, { email, first_name: email.split('@')[0], last_name: 'Test', role, manager_id: manager?.id ?? null })
    return { id: user.id, token: (await login(f.ctx.app, email)).access }
  }
  /** Runs `use` against a third app on the same database that records every statement it runs. */
  const recorded = async (use: (app: App, executed: CompiledQuery[]) => Promise<void>) => {
    const { db, executed } = recordingQueries(f.ctx.db)
    const app = await buildApp(f.ctx.config, { db, startMailDispatcher: false })
    try {
      await use(app, executed)
    } finally {
      await app.close()
    }
  }

  before(async () => {
    shared = await createSharedDatabase()
    f.ctx = await createTestContext({ DATABASE_URL: shared.url })
    const db = createDatabase(shared.url, { poolSize: 2 })
    f.other = { app: await buildApp(f.ctx.config, { db, startMailDispatcher: false }), db }
  })
  after(async () => {
    await f.other.app.close()
    await f.other.db.destroy()
    await f.ctx.close()
    await shared.drop()
  })
  return Object.assign(f, { call, list, file, around, person, recorded })
}

describe('cached own list pages', () => {
  const t = twoProcesses()
  const { call, list, file, around } = t
  let ada: Person
  let max: Person
  let eve: Person
  let pete: Person

  before(async () => {
    ada = await t.person('ada@example.com', 'admin')
    max = await t.person('max@example.com', 'manager')
    eve = await t.person('eve@example.com', 'employee', max)
    pete = await t.person('pete@example.com', 'employee', max)
    for (let i = 0; i < 3; i++) await file(eve)
  })

  it('answers a repeated list with one query (authentication), the same body and the same paging headers', async () => {
    await t.recorded(async (app, executed) => {
      const first = await list(app, eve)
      assert.ok(executed.some((q) => q.sql.includes('leave_requests')), 'the first list reads the requests')
      assert.equal(first.total, '3')
      assert.match(String(first.link), /offset=2/)
      executed.length = 0
      const second = await list(app, eve)
      assert.equal(executed.length, 1, sqlOf(executed))
      assert.doesNotMatch(executed[0]?.sql ?? '', /leave_requests/)
      assert.deepEqual(second, first)
    })
  })

  it('never answers one user with a page cached for another, at the same URL', async () => {
    assert.equal((await list(t.ctx.app, eve)).items.length, 2)
    const petes = await list(t.ctx.app, pete)
    assert.deepEqual(petes.items, [])
    assert.equal(petes.total, '0')
    assert.equal(petes.link, undefined)
  })

  it('sees the owner filing, changing and deleting requests, in both processes', async () => {
    let created = 0
    let r = await around(eve, async () => (created = (await file(eve)).id))
    for (const after of r.after) {
      assert.equal(after.total, String(Number(r.before.total) + 1))
      assert.equal(after.items[0]?.id, created)
    }
    r = await around(eve, () => call(t.ctx.app, eve, 'PATCH', `/api/leave-requests/${created}`, { description: 'Changed' }))
    for (const after of r.after) assert.equal(after.items[0]?.description, 'Changed')
    r = await around(eve, () => call(t.ctx.app, eve, 'DELETE', `/api/leave-requests/${created}`))
    for (const after of r.after) {
      assert.equal(after.total, String(Number(r.before.total) - 1))
      assert.notEqual(after.items[0]?.id, created)
    }
  })

  it('sees an approver’s decision, and the approver’s new name on the decided request', async () => {
    const { id } = await file(eve)
    let r = await around(eve, () => call(t.other.app, max, 'POST', `/api/leave-requests/${id}/approve`, { comment: 'Enjoy' }))
    for (const after of r.after) {
      assert.equal(after.items[0]?.status, 'APPROVED')
      assert.deepEqual(after.items[0]?.allowed_actions, ['cancel'])
      assert.equal(after.items[0]?.decided_by?.first_name, 'max')
    }
    r = await around(eve, () => call(t.ctx.app, max, 'PATCH', '/api/auth/me', { first_name: 'Maximilian' }))
    for (const after of r.after) assert.equal(after.items[0]?.decided_by?.first_name, 'Maximilian')
  })

  it('sees an admin changing the owner’s name and email', async () => {
    const r = await around(eve, () => call(t.other.app, ada, 'PATCH', `/api/users/${eve.id}`, { last_name: 'Renamed', email: 'eve.renamed@example.com' }))
    for (const after of r.after) {
      assert.equal(after.items[0]?.user?.last_name, 'Renamed')
      assert.equal(after.items[0]?.user?.email, 'eve.renamed@example.com')
    }
  })

  it('sees changes written straight to the database (CLI, another server, a manual fix)', async () => {
    const target = (await list(t.ctx.app, eve)).items[0]?.id ?? 0
    let r = await around(eve, () => t.ctx.db.updateTable('leave_requests').set({ description: 'Fixed by hand' }).where('id', '=', target).execute())
    for (const after of r.after) assert.equal(after.items[0]?.description, 'Fixed by hand')
    r = await around(eve, () => t.ctx.db.updateTable('users').set({ first_name: 'Max by hand' }).where('id', '=', max.id).execute())
    for (const after of r.after) assert.equal(after.items.find((item) => item.decided_by)?.decided_by?.first_name, 'Max by hand')
    // Deleting the approver leaves the decision without a decider.
    r = await around(eve, () => t.ctx.db.deleteFrom('users').where('id', '=', max.id).execute())
    for (const after of r.after) assert.ok(after.items.every((item) => item.decided_by === null))
  })

})

describe('cached team pages and a manager’s approvals', () => {
  const t = twoProcesses()
  const { call, list, file, around } = t
  const TEAM = '/api/leave-requests?scope=team&limit=50'
  const APPROVALS = '/api/approvals'
  let ada: Person
  let max: Person
  let mia: Person
  let eve: Person
  let pete: Person
  let olga: Person

  before(async () => {
    ada = await t.person('ada@example.com', 'admin')
    max = await t.person('max@example.com', 'manager')
    mia = await t.person('mia@example.com', 'manager')
    eve = await t.person('eve@example.com', 'employee', max)
    pete = await t.person('pete@example.com', 'employee', max)
    olga = await t.person('olga@example.com', 'employee')
    await file(eve)
    await file(pete)
  })

  it('answers a repeated team list or approvals queue with one query', async () => {
    await t.recorded(async (app, executed) => {
      for (const url of [TEAM, APPROVALS]) {
        const first = await list(app, max, url)
        assert.equal(first.total, '2', url)
        executed.length = 0
        assert.deepEqual(await list(app, max, url), first)
        assert.equal(executed.length, 1, `${url}: ${sqlOf(executed)}`)
      }
    })
  })

  it('follows the reports filing, and decisions made in the other process', async () => {
    let r = await around(max, () => file(eve), TEAM)
    for (const after of r.after) assert.equal(after.total, String(Number(r.before.total) + 1))
    const { id } = await file(pete)
    r = await around(max, () => call(t.other.app, max, 'POST', `/api/leave-requests/${id}/approve`, {}), APPROVALS)
    for (const after of r.after) {
      assert.equal(after.total, String(Number(r.before.total) - 1))
      assert.ok(after.items.every((item) => item.id !== id))
    }
    r = await around(max, () => call(t.ctx.app, pete, 'POST', `/api/leave-requests/${id}/cancel`, {}), APPROVALS)
    for (const after of r.after) assert.equal(after.items.find((item) => item.id === id)?.status, 'CANCELLATION_REQUESTED')
  })

  it('follows changes made straight to the database', async () => {
    const target = (await list(t.ctx.app, max, TEAM)).items[0]?.id ?? 0
    const r = await around(max, () => t.ctx.db.updateTable('leave_requests').set({ description: 'Fixed by hand' }).where('id', '=', target).execute(), TEAM)
    for (const after of r.after) assert.equal(after.items.find((item) => item.id === target)?.description, 'Fixed by hand')
  })

  it('follows who is in the team, and their names', async () => {
    let r = await around(max, () => call(t.ctx.app, ada, 'PATCH', `/api/users/${eve.id}`, { last_name: 'Renamed' }), TEAM)
    for (const after of r.after) assert.ok(after.items.filter((item) => item.user.email.startsWith('eve')).every((item) => item.user.last_name === 'Renamed'))
    // Pete moves to Mia: he leaves Max's team and approvals, and joins Mia's.
    const petes = (await list(t.ctx.app, max, TEAM)).items.filter((item) => item.user.email.startsWith('pete')).length
    assert.ok(petes > 0)
    const before = await list(t.other.app, mia, TEAM)
    r = await around(max, () => call(t.other.app, ada, 'PATCH', `/api/users/${pete.id}`, { manager_id: mia.id }), TEAM)
    for (const after of r.after) assert.equal(after.total, String(Number(r.before.total) - petes))
    assert.equal((await list(t.other.app, mia, TEAM)).total, String(Number(before.total) + petes))
    for (const app of [t.ctx.app, t.other.app]) {
      assert.ok((await list(app, max, APPROVALS)).items.every((item) => !item.user.email.startsWith('pete')))
    }
  })

  it('does not cache an admin’s approvals: they hold every unmanaged user’s requests', async () => {
    await t.recorded(async (app, executed) => {
      await list(app, ada, APPROVALS)
      executed.length = 0
      await list(app, ada, APPROVALS)
      assert.ok(executed.some((q) => q.sql.includes('leave_requests')), 'read again')
    })
    const r = await around(ada, () => file(olga), APPROVALS)
    for (const after of r.after) assert.equal(after.total, String(Number(r.before.total) + 1))
  })

  it('does not cache scope=all', async () => {
    const r = await around(ada, () => file(olga), '/api/leave-requests?scope=all')
    for (const after of r.after) assert.equal(after.total, String(Number(r.before.total) + 1))
  })
})

describe('PageCache', () => {
  /** A route whose page is cached under ?key= and &version=, counting how often it is loaded. */
  async function pagesApp(maxBytes: number) {
    const cache = new PageCache(maxBytes)
    let loads = 0
    const app = Fastify()
    app.get<{ Querystring: { key: string; version: string; size?: string } }>(
      '/pages',
      { schema: { response: { 200: { type: 'array', items: { type: 'string' } } } } },
      async (request, reply) =>
        cache.send(request, reply, request.query.key, request.query.version, async () => {
          loads++
          const items = [`${request.query.key}@${request.query.version}#${loads}`, 'x'.repeat(Number(request.query.size ?? 0))]
          return { items, total: 10, limit: 2, offset: 0 }
        }),
    )
    const get = async (key: string, version = '1', size = 0) => {
      const res = await app.inject({ url: `/pages?key=${key}&version=${version}&size=${size}` })
      assert.equal(res.statusCode, 200)
      assert.equal(res.headers['content-type'], 'application/json; charset=utf-8')
      assert.equal(res.headers['x-total-count'], '10')
      return (res.json() as string[])[0]
    }
    return { cache, get, loads: () => loads, close: () => app.close() }
  }

  it('keeps a page per key until its version changes', async () => {
    const p = await pagesApp(1024 * 1024)
    assert.equal(await p.get('a'), 'a@1#1')
    assert.equal(await p.get('a'), 'a@1#1')
    assert.equal(await p.get('b'), 'b@1#2')
    assert.equal(await p.get('a', '2'), 'a@2#3')
    assert.equal(await p.get('a', '2'), 'a@2#3')
    // The stale page was dropped, not kept next to the new one.
    assert.equal(p.cache.size, 2)
    await p.close()
  })

  it('stays within its byte budget, dropping the least recently used page first', async () => {
    const p = await pagesApp(18_000)
    await p.get('a', '1', 5000)
    await p.get('b', '1', 5000)
    await p.get('c', '1', 5000)
    assert.equal(p.cache.size, 3)
    await p.get('a', '1', 5000) // a is now the most recently used
    await p.get('d', '1', 5000) // over budget: b goes
    assert.ok(p.cache.usedBytes <= 18_000, String(p.cache.usedBytes))
    const loads = p.loads()
    await p.get('a', '1', 5000)
    await p.get('c', '1', 5000)
    await p.get('d', '1', 5000)
    assert.equal(p.loads(), loads, 'a, c and d were still cached')
    await p.get('b', '1', 5000)
    assert.equal(p.loads(), loads + 1, 'b had been dropped')
    // A page larger than the whole budget is sent but not kept.
    await p.get('huge', '1', 50_000)
    await p.get('huge', '1', 50_000)
    assert.equal(p.loads(), loads + 3)
    assert.ok(p.cache.usedBytes <= 18_000)
    await p.close()
  })

  it('with a budget of 0 (LIST_CACHE_MB=0) keeps nothing', async () => {
    const p = await pagesApp(0)
    await p.get('a')
    await p.get('a')
    assert.equal(p.loads(), 2)
    assert.equal(p.cache.size, 0)
    await p.close()
  })
})

// Broken object level authorisation (OWASP API1:2023) and mass assignment (API3:2023): user B
// attacks user A's leave requests by every id form and query parameter, and both users try to
// write fields that are the server's to set. Every attack must leave the database as it was.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { bearer, createTestContext, createUser, login, PASSWORD, type TestContext } from '../helpers/harness.js'
import type { UserRow } from '../../src/users/users.repository.js'

const MARK = randomBytes(6).toString('hex')
const A_EMAIL = `victim-${MARK}@example.com`
const B_EMAIL = `attacker-${MARK}@example.com`
const SECRET = `secret-${MARK}`
const NOT_FOUND = { detail: 'Not found.' }

let ctx: TestContext
let aId: number
let bId: number
let aAuth: Record<string, string>
let bAuth: Record<string, string>
let aRequest: number
let bRequest: number

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

function send(method: Method, url: string, headers: Record<string, string>, payload?: unknown) {
  return ctx.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) })
}

const leaveRow = (id: number) => ctx.db.selectFrom('leave_requests').selectAll().where('id', '=', id).executeTakeFirst()
/** A user's row as a person sees it: leave_version is a counter the database bumps on every leave write. */
const userRow = async (id: number) => {
  const row: Partial<UserRow> = await ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  delete row.leave_version
  return row
}
const aRows = () => ctx.db.selectFrom('leave_requests').selectAll().where('user_id', '=', aId).orderBy('id').execute()

/** Nothing of A's may appear in what B is told. */
function assertNoLeak(res: { body: string; headers: Record<string, unknown> }, what: string) {
  const everything = res.body + JSON.stringify(res.headers)
  assert.ok(!everything.includes(SECRET), `A's description leaked: ${what}`)
  assert.ok(!everything.includes(A_EMAIL), `A's email leaked: ${what}`)
}

/** Every way of writing an id that a router, a parser or a database might read as that id. */
function idForms(id: number): string[] {
  const digits = String(id)
  return [
    digits,
    `${digits}/`,
    `0${digits}`,
    `0000${digits}`,
    `+${digits}`,
    `%2B${digits}`,
    [...digits].map((d) => `%3${d}`).join(''),
    `${digits}.0`,
    `${digits}.`,
    `${digits}e0`,
    `%20${digits}`,
    `${digits}%20`,
    `${digits}%00`,
    `${digits}%0A`,
    `${digits}%09`,
    `-${digits}`,
    `${digits}abc`,
    `${digits};`,
    `0x${id.toString(16)}`,
    `${id + 2 ** 32}`,
    `${id + 2 ** 31}`,
    `${digits}n`,
    `${digits}%2F`,
    `.%2F${digits}`,
    `${digits}?id=${digits}`,
    `${digits}/?user=${aId}`,
    // Digits that are digits to Unicode but not to a strict parser: full-width and Arabic-Indic.
    [...digits].map((d) => encodeURIComponent(String.fromCharCode(0xff10 + Number(d)))).join(''),
    [...digits].map((d) => encodeURIComponent(String.fromCharCode(0x0660 + Number(d)))).join(''),
    `${digits}#x`,
  ]
}

before(async () => {
  ctx = await createTestContext()
  aId = (await createUser(ctx.db, { email: A_EMAIL, first_name: `A-${MARK}` })).id
  bId = (await createUser(ctx.db, { email: B_EMAIL, first_name: 'Bea' })).id
  aAuth = bearer((await login(ctx.app, A_EMAIL)).access)
  bAuth = bearer((await login(ctx.app, B_EMAIL)).access)
  let res = await send('POST', '/api/leave-requests', aAuth, { start: '2030-03-01T00:00:00Z', end: '2030-03-08T00:00:00Z', description: SECRET, type: 'SICK' })
  assert.equal(res.statusCode, 201, res.body)
  aRequest = res.json().id
  res = await send('POST', '/api/leave-requests', aAuth, { start: '2030-05-01T00:00:00Z', end: '2030-05-03T00:00:00Z', description: `${SECRET} two` })
  assert.equal(res.statusCode, 201, res.body)
  res = await send('POST', '/api/leave-requests', bAuth, { start: '2031-01-01T00:00:00Z', end: '2031-01-05T00:00:00Z', description: 'mine' })
  assert.equal(res.statusCode, 201, res.body)
  bRequest = res.json().id
})
after(() => ctx.close())

describe('BOLA: B and A’s leave requests', () => {
  it('the owner reads the request by its plain id, with and without the trailing slash', async () => {
    for (const url of [`/api/leave-requests/${aRequest}`, `/api/leave-requests/${aRequest}/`]) {
      const res = await send('GET', url, aAuth)
      assert.equal(res.statusCode, 200, url)
      assert.equal(res.json().description, SECRET)
    }
  })

  it('B cannot read A’s request by any id form: 404 "Not found." like a missing id', async () => {
    const before = await aRows()
    for (const form of idForms(aRequest)) {
      const url = `/api/leave-requests/${form}`
      const res = await send('GET', url, bAuth)
      assert.ok(res.statusCode === 404 || (res.statusCode === 200 && Array.isArray(res.json())), `${url} -> ${res.statusCode} ${res.body}`)
      if (res.statusCode === 404) assert.deepEqual(res.json(), NOT_FOUND, url)
      assertNoLeak(res, `GET ${url}`)
      // A form that reaches the owner's request must be refused to B for the right reason.
      const asOwner = await send('GET', url, aAuth)
      assert.ok(asOwner.statusCode < 500, `${url} as owner -> ${asOwner.statusCode}`)
    }
    // The answer for A's id is exactly the answer for an id that does not exist.
    const missing = await send('GET', '/api/leave-requests/999999', bAuth)
    const aIdRes = await send('GET', `/api/leave-requests/${aRequest}`, bAuth)
    assert.equal(aIdRes.statusCode, missing.statusCode)
    assert.equal(aIdRes.body, missing.body)
    assert.deepEqual(await aRows(), before)
  })

  it('B cannot change or delete A’s request by any id form (PUT, PATCH, DELETE)', async () => {
    const before = await aRows()
    const put = { start: '2030-03-01T00:00:00Z', end: '2030-03-09T00:00:00Z', description: 'pwned', type: 'UNPAID' }
    for (const form of idForms(aRequest)) {
      const url = `/api/leave-requests/${form}`
      for (const [method, payload] of [
        ['PUT', put],
        ['PATCH', { description: 'pwned' }],
        ['PATCH', { end: '2030-12-31T00:00:00Z', status: 'PENDING' }],
        ['DELETE', undefined],
      ] as const) {
        const res = await send(method, url, bAuth, payload)
        assert.ok([404, 405].includes(res.statusCode), `${method} ${url} -> ${res.statusCode} ${res.body}`)
        assertNoLeak(res, `${method} ${url}`)
      }
    }
    assert.deepEqual(await aRows(), before, 'A’s requests changed')
  })

  it('B gets 404 on every documented operation on A’s request and on A’s account, and changes nothing', async () => {
    const doc = (await send('GET', '/api/openapi.json', {})).json() as { paths: Record<string, Record<string, unknown>> }
    const before = { rows: await aRows(), user: await userRow(aId) }
    let tried = 0
    for (const [path, byMethod] of Object.entries(doc.paths)) {
      if (!path.includes('{')) continue
      const target = path.startsWith('/api/users') ? aId : aRequest
      for (const method of Object.keys(byMethod)) {
        for (const form of [String(target), `0${target}`, `${target}/`]) {
          const url = path.replace(/\{[^}]+\}/, form)
          const m = method.toUpperCase() as Method
          // A body every operation accepts, so that the answer comes from the ownership check, not validation.
          const payload = { start: '2030-03-01T00:00:00Z', end: '2030-03-09T00:00:00Z', comment: 'pwned', description: 'pwned', role: 'admin', is_active: false }
          const res = await send(m, url, bAuth, m === 'GET' || m === 'DELETE' ? undefined : payload)
          tried++
          // 404 for what B may not see; 403 only on admin endpoints, which B may not use at all.
          const adminApi = ['/api/users', '/api/leave-types', '/api/holidays', '/api/groups', '/api/coverage-rules', '/api/webhooks'].some((prefix) => path.startsWith(prefix))
          const expected = adminApi ? [403, 404] : [404]
          assert.ok(expected.includes(res.statusCode), `${m} ${url} -> ${res.statusCode} ${res.body}`)
          assertNoLeak(res, `${m} ${url}`)
        }
      }
    }
    assert.ok(tried >= 8 * 3, `only ${tried} operations with an id are documented`)
    assert.deepEqual(await aRows(), before.rows)
    assert.deepEqual(await userRow(aId), before.user)
  })

  it('B cannot list A’s requests through any query parameter or scope', async () => {
    const mine = new Set([bRequest])
    const queries = [
      '',
      `?user=${aId}`,
      `?user_id=${aId}`,
      `?owner=${aId}`,
      `?owner_id=${aId}`,
      `?userId=${aId}`,
      `?user.id=${aId}`,
      `?user[id]=${aId}`,
      `?filter[user_id]=${aId}`,
      `?user_id=${aId}&user_id=${bId}`,
      `?user_id[]=${aId}`,
      `?id=${aRequest}`,
      `?email=${encodeURIComponent(A_EMAIL)}`,
      `?q=${encodeURIComponent(A_EMAIL)}`,
      '?scope=all',
      '?scope=team',
      '?scope=ALL',
      '?scope=everyone',
      '?scope=*',
      '?scope=own&scope=all',
      '?scope[]=all',
      '?scope=all%00',
      '?scope=%20all',
      '?all=true',
      '?include=all',
      '?status=PENDING&scope=all',
      '?limit=500&offset=0',
    ]
    for (const base of ['/api/leave-requests', '/api/leave-requests/', '/api/approvals']) {
      for (const query of queries) {
        const url = `${base}${query}`
        const res = await send('GET', url, bAuth)
        assertNoLeak(res, url)
        assert.ok([200, 400, 403].includes(res.statusCode), `${url} -> ${res.statusCode} ${res.body}`)
        if (res.statusCode !== 200) continue
        const items = res.json() as Array<{ id: number; user?: { id: number } }>
        assert.ok(Array.isArray(items), url)
        for (const item of items) {
          assert.ok(base === '/api/approvals' ? false : mine.has(item.id), `${url} listed request ${item.id}`)
          if (item.user) assert.equal(item.user.id, bId, url)
        }
        assert.equal(Number(res.headers['x-total-count']), items.length, `${url}: X-Total-Count counts only B's requests`)
      }
    }
  })

  it('A’s requests do not block B’s: an overlapping request of B is accepted and names no id of A', async () => {
    const res = await send('POST', '/api/leave-requests', bAuth, { start: '2030-03-02T00:00:00Z', end: '2030-03-04T00:00:00Z' })
    assert.equal(res.statusCode, 201, res.body)
    assert.equal(res.json().user.id, bId)
    const dup = await send('POST', '/api/leave-requests', bAuth, { start: '2030-03-02T00:00:00Z', end: '2030-03-04T00:00:00Z' })
    assert.equal(dup.statusCode, 400)
    assert.deepEqual(dup.json(), { error: [`This request overlaps leave request ${res.json().id}.`] })
    assert.equal((await send('DELETE', `/api/leave-requests/${res.json().id}`, bAuth)).statusCode, 204)
  })

  it('A’s manager may read A’s request but neither change nor delete it', async () => {
    const manager = await createUser(ctx.db, { email: `manager-${MARK}@example.com`, role: 'manager' })
    const managerAuth = bearer((await login(ctx.app, `manager-${MARK}@example.com`)).access)
    const before = await aRows()
    // Seeing the request is the manager's job (approval): only while A reports to them.
    assert.equal((await send('GET', `/api/leave-requests/${aRequest}`, managerAuth)).statusCode, 404)
    await ctx.db.updateTable('users').set({ manager_id: manager.id }).where('id', '=', aId).execute()
    try {
      assert.equal((await send('GET', `/api/leave-requests/${aRequest}`, managerAuth)).statusCode, 200)
      for (const [method, payload] of [
        ['PUT', { start: '2030-03-01T00:00:00Z', end: '2030-03-09T00:00:00Z', description: 'pwned' }],
        ['PATCH', { description: 'pwned' }],
        ['DELETE', undefined],
      ] as const) {
        const res = await send(method, `/api/leave-requests/${aRequest}`, managerAuth, payload)
        assert.equal(res.statusCode, 403, `${method}: ${res.body}`)
      }
      assert.deepEqual(await aRows(), before)
    } finally {
      await ctx.db.updateTable('users').set({ manager_id: null }).where('id', '=', aId).execute()
    }
  })

  it('afterwards A reads every request back unchanged', async () => {
    const res = await send('GET', `/api/leave-requests/${aRequest}`, aAuth)
    assert.equal(res.statusCode, 200)
    const body = res.json()
    assert.equal(body.description, SECRET)
    assert.equal(body.status, 'PENDING')
    assert.equal(body.type, 'SICK')
    assert.equal(body.start, '2030-03-01T00:00:00.000Z')
    assert.equal(body.end, '2030-03-08T00:00:00.000Z')
    assert.equal(body.user.id, aId)
    assert.equal(body.created_at, body.updated_at, 'the request was never updated')
    const list = await send('GET', '/api/leave-requests', aAuth)
    assert.equal(list.json().length, 2)
  })
})

/** Fields the server sets, with values an attacker would like them to have. */
function forbiddenFields() {
  return {
    user: aId,
    user_id: aId,
    owner: aId,
    id: aRequest,
    role: 'admin',
    is_active: 0,
    token_version: 99,
    password: 'new-password-123456',
    password_hash: '$argon2id$v=19$m=19456,t=2,p=1$AAAA$AAAA',
    manager_id: bId,
    manager: aId,
    decided_by: bId,
    decided_at: '2030-01-01T00:00:00Z',
    decision_comment: 'self-approved',
    created_at: '2000-01-01T00:00:00Z',
    updated_at: '2000-01-01T00:00:00Z',
  }
}

describe('mass assignment: fields the server sets cannot be sent', () => {
  it('POST /api/leave-requests: only the caller owns it, PENDING, new id; no other row changes', async () => {
    const before = { a: await aRows(), aUser: await userRow(aId), bUser: await userRow(bId) }
    const res = await send('POST', '/api/leave-requests', bAuth, {
      start: '2032-01-01T00:00:00Z',
      end: '2032-01-02T00:00:00Z',
      description: 'extra fields',
      status: 'PENDING',
      ...forbiddenFields(),
      nested: { user_id: aId },
    })
    assert.equal(res.statusCode, 201, res.body)
    const body = res.json()
    assert.notEqual(body.id, aRequest)
    assert.equal(body.status, 'PENDING')
    assert.equal(body.decided_by, null)
    assert.equal(body.decision_comment, '')
    assert.notEqual(body.created_at, '2000-01-01T00:00:00.000Z')
    const row = await leaveRow(body.id)
    assert.equal(row?.user_id, bId)
    assert.equal(row?.status, 'PENDING')
    assert.equal(row?.decided_by, null)
    assert.equal(row?.decided_at, null)
    assert.equal(row?.decision_comment, '')
    assert.ok(row!.created_at > Date.parse('2020-01-01'))
    assert.deepEqual(await aRows(), before.a)
    assert.deepEqual(await userRow(aId), before.aUser)
    assert.deepEqual(await userRow(bId), before.bUser)
    assert.equal((await send('DELETE', `/api/leave-requests/${body.id}`, bAuth)).statusCode, 204)
  })

  it('any status but PENDING is refused on POST, PUT and PATCH, and the row stays as it was', async () => {
    for (const status of ['APPROVED', 'REJECTED', 'CANCELLED', 'CANCELLATION_REQUESTED', 'approved', 'Pending']) {
      const before = await leaveRow(bRequest)
      for (const [method, url, payload] of [
        ['POST', '/api/leave-requests', { start: '2033-01-01T00:00:00Z', end: '2033-01-02T00:00:00Z', status }],
        ['PUT', `/api/leave-requests/${bRequest}`, { start: '2031-01-01T00:00:00Z', end: '2031-01-05T00:00:00Z', status }],
        ['PATCH', `/api/leave-requests/${bRequest}`, { status }],
        ['PATCH', `/api/leave-requests/${bRequest}`, { status, description: 'approve me' }],
      ] as const) {
        const res = await send(method, url, bAuth, payload)
        assert.equal(res.statusCode, 400, `${method} ${url} ${status}: ${res.body}`)
        assert.ok(res.json().status, `${method} ${url} ${status}: the error names the status field`)
      }
      assert.deepEqual(await leaveRow(bRequest), before, status)
    }
    const count = await ctx.db.selectFrom('leave_requests').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', bId).executeTakeFirstOrThrow()
    assert.equal(Number(count.n), 1, 'no request was created with a forbidden status')
  })

  it('PUT and PATCH of one’s own request ignore owner, id, status-like and timestamp fields', async () => {
    for (const [method, payload] of [
      ['PUT', { start: '2031-01-01T00:00:00Z', end: '2031-01-05T00:00:00Z', description: 'put', ...forbiddenFields() }],
      ['PATCH', { description: 'patch', ...forbiddenFields() }],
      ['PATCH', { description: 'patch again', status: 'PENDING', ...forbiddenFields() }],
    ] as const) {
      const before = await leaveRow(bRequest)
      const res = await send(method, `/api/leave-requests/${bRequest}`, bAuth, payload)
      assert.equal(res.statusCode, 200, `${method}: ${res.body}`)
      assert.equal(res.json().id, bRequest)
      const row = await leaveRow(bRequest)
      assert.ok(row && before)
      // Only the description (and updated_at) moved.
      assert.deepEqual({ ...row, description: '', updated_at: 0 }, { ...before, description: '', updated_at: 0 }, method)
      assert.equal(row.description, payload.description)
    }
    assert.equal(await leaveRow(aRequest).then((r) => r?.user_id), aId)
  })

  it('PUT and PATCH /api/auth/me change only the profile fields, never role, activity, tokens, password or id', async () => {
    const before = await userRow(bId)
    const aBefore = await userRow(aId)
    const profile = { email: B_EMAIL, first_name: 'Bea', last_name: 'Attacker', preferred_name: 'B', gender: 'other', birth_date: '1990-01-01' }
    for (const [method, payload] of [
      ['PUT', { ...profile, ...forbiddenFields() }],
      ['PATCH', { last_name: 'Patched', ...forbiddenFields() }],
      ['PATCH', { role: 'admin' }],
      ['PATCH', { is_active: false, token_version: 0, id: aId }],
      ['PATCH', { manager_id: aId, manager: { id: aId } }],
    ] as const) {
      const res = await send(method, '/api/auth/me', bAuth, payload)
      assert.equal(res.statusCode, 200, `${method} ${JSON.stringify(payload)}: ${res.body}`)
      const body = res.json()
      assert.equal(body.id, bId)
      assert.equal(body.role, 'employee')
      assert.equal(body.manager, null)
      assertNoLeak(res, `${method} /api/auth/me`)
      const row = await userRow(bId)
      for (const column of ['id', 'email', 'role', 'is_active', 'token_version', 'password_hash', 'manager_id', 'created_at'] as const) {
        assert.deepEqual(row[column], before[column], `${method} ${JSON.stringify(payload)} changed ${column}`)
      }
    }
    const row = await userRow(bId)
    assert.equal(row.last_name, 'Patched', 'the legitimate change was applied')
    assert.deepEqual(await userRow(aId), aBefore, 'A’s account changed')
    // The old token still works (token_version untouched) and the password is the old one.
    assert.equal((await send('GET', '/api/auth/me', bAuth)).statusCode, 200)
    await login(ctx.app, B_EMAIL, PASSWORD)
  })
})

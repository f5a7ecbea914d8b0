import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { LeaveStatus } from '../../src/db/schema.js'
import { bearer, createTestContext, createUser, login, type TestContext } from '../helpers/harness.js'

let ctx: TestContext
let seq = 0

before(async () => {
  ctx = await createTestContext()
})
after(() => ctx.close())

interface Caller {
  id: number
  headers: Record<string, string>
}

type Body = Record<string, unknown>

const BASE = '/api/leave-requests'
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
const DATETIME_FORMAT = 'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].'
const NOT_FOUND = { detail: 'Not found.' }
const NOT_PENDING = { detail: 'Only a pending leave request can be changed.', code: 'not_pending' }
const END_AFTER_START = { error: ['end must be after start'] }
const ONLY_APPROVER = { status: ['Only an approver can change the status.'] }
const MALFORMED_IDS = ['abc', '-1', '1.5', '0', '99999999999999999999', '2147483648', '1e3', '%20']

/** A fresh user per test, so lists and overlaps never depend on another test. */
async function newCaller(): Promise<Caller> {
  const email = `leaver${++seq}@example.com`
  const user = await createUser(ctx.db, { email })
  const { access } = await login(ctx.app, email)
  return { id: user.id, headers: bearer(access) }
}

function call(c: Caller | null, method: string, url: string, payload?: unknown) {
  return ctx.app.inject({
    method: method as 'GET',
    url,
    headers: c?.headers ?? {},
    ...(payload !== undefined ? { payload: payload as object } : {}),
  })
}

async function create(c: Caller, body: Body): Promise<Body> {
  const res = await call(c, 'POST', BASE, body)
  assert.equal(res.statusCode, 201, res.body)
  return res.json()
}

async function list(c: Caller, query = '') {
  const res = await call(c, 'GET', `${BASE}${query}`)
  assert.equal(res.statusCode, 200, res.body)
  return { res, items: res.json() as Body[], ids: (res.json() as Body[]).map((r) => r.id) }
}

/** The target of an RFC 8288 rel="next" Link header, or undefined when there is none. */
function nextLink(res: { headers: Record<string, unknown> }): { url: string; path: string; params: URLSearchParams } | undefined {
  const link = res.headers.link as string | undefined
  if (link === undefined) return undefined
  const url = /^<([^>]+)>; rel="next"$/.exec(link)?.[1]
  assert.ok(url, `malformed Link header: ${link}`)
  const parsed = new URL(url, 'http://relative.invalid')
  assert.equal(parsed.origin, 'http://relative.invalid', 'the link is relative: it never trusts the Host header')
  return { url, path: parsed.pathname, params: parsed.searchParams }
}

/** Asserts a next link to the list with this limit and offset (other parameters, e.g. filters, may ride along). */
function assertNext(res: { headers: Record<string, unknown> }, limit: number, offset: number) {
  const next = nextLink(res)
  assert.ok(next, 'a next link')
  assert.equal(next.path, BASE)
  assert.equal(next.params.get('limit'), String(limit))
  assert.equal(next.params.get('offset'), String(offset))
}

/** The approval workflow is not in this issue: tests put a request in another state directly. */
async function setStatus(id: unknown, status: LeaveStatus) {
  await ctx.db.updateTable('leave_requests').set({ status }).where('id', '=', Number(id)).execute()
}

/** The issue-2 fields a client reads; other developers may add more keys to the representation. */
function core(body: Body) {
  return { start: body.start, end: body.end, description: body.description, type: body.type, status: body.status }
}

function assertRepresentation(body: Body) {
  for (const key of ['id', 'start', 'end', 'description', 'type', 'status', 'created_at', 'updated_at']) {
    assert.ok(key in body, `missing ${key} in ${JSON.stringify(body)}`)
  }
  assert.ok(Number.isInteger(body.id) && (body.id as number) > 0)
  for (const key of ['start', 'end', 'created_at', 'updated_at']) assert.match(String(body[key]), ISO_MS, key)
}

const day = (d: number, h = 0) => `2030-01-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00.000Z`

describe('POST /api/leave-requests', () => {
  it('creates the README example: 201, Location, and the stored representation', async () => {
    const c = await newCaller()
    const before = Date.now()
    const res = await call(c, 'POST', BASE, {
      start: '2019-12-02T10:00:00.000Z',
      end: '2019-12-03T19:00:00.000Z',
      description: 'Gotta chill.',
      type: 'VACATION',
      status: 'PENDING',
    })
    assert.equal(res.statusCode, 201, res.body)
    assert.match(String(res.headers['content-type']), /^application\/json; charset=utf-8/)
    const body = res.json()
    assertRepresentation(body)
    assert.deepEqual(core(body), {
      start: '2019-12-02T10:00:00.000Z',
      end: '2019-12-03T19:00:00.000Z',
      description: 'Gotta chill.',
      type: 'VACATION',
      status: 'PENDING',
    })
    assert.equal(res.headers.location, `${BASE}/${body.id}`)
    const createdAt = Date.parse(body.created_at)
    assert.ok(createdAt >= before - 1000 && createdAt <= Date.now() + 1000, body.created_at)
    assert.ok(Date.parse(body.updated_at) >= createdAt)

    const fetched = await call(c, 'GET', String(res.headers.location))
    assert.equal(fetched.statusCode, 200)
    assert.deepEqual(fetched.json(), body)
  })

  it('applies the defaults when only start and end are sent', async () => {
    const c = await newCaller()
    const body = await create(c, { start: '2020-01-06T09:00:00Z', end: '2020-01-06T17:00:00Z' })
    assert.deepEqual(core(body), {
      start: '2020-01-06T09:00:00.000Z',
      end: '2020-01-06T17:00:00.000Z',
      description: '',
      type: 'VACATION',
      status: 'PENDING',
    })
  })

  it('accepts every leave type and a blank description', async () => {
    const c = await newCaller()
    for (const [i, type] of ['VACATION', 'SICK', 'MATERNITY', 'UNPAID'].entries()) {
      const body = await create(c, { start: day(i + 1), end: day(i + 2), type, description: '' })
      assert.equal(body.type, type)
      assert.equal(body.description, '')
    }
  })

  it('normalises offsets to UTC, reads a date-time without offset as UTC and writes milliseconds', async () => {
    const c = await newCaller()
    const cases: Array<[string, string, string, string]> = [
      ['2020-03-01T10:00:00.123+02:00', '2020-03-02T10:00:00+02:00', '2020-03-01T08:00:00.123Z', '2020-03-02T08:00:00.000Z'],
      ['2020-04-01T10:00', '2020-04-01T12:00:00', '2020-04-01T10:00:00.000Z', '2020-04-01T12:00:00.000Z'],
      ['2020-05-01T10:00:00-05:30', '2020-05-01T23:59:59.999999Z', '2020-05-01T15:30:00.000Z', '2020-05-01T23:59:59.999Z'],
    ]
    for (const [start, end, wantStart, wantEnd] of cases) {
      const body = await create(c, { start, end })
      assert.equal(body.start, wantStart, start)
      assert.equal(body.end, wantEnd, end)
      // What was stored is what is read back.
      const fetched = (await call(c, 'GET', `${BASE}/${body.id}`)).json()
      assert.deepEqual([fetched.start, fetched.end], [wantStart, wantEnd])
    }
  })

  it('refuses an end that is not after the start', async () => {
    const c = await newCaller()
    for (const [start, end] of [
      ['2020-01-10T10:00:00Z', '2020-01-09T10:00:00Z'],
      ['2020-05-01T10:00:00Z', '2020-05-01T10:00:00Z'],
      // The same instant written in two offsets is still an empty period.
      ['2020-05-01T12:00:00+02:00', '2020-05-01T10:00:00Z'],
    ]) {
      const res = await call(c, 'POST', BASE, { start, end })
      assert.equal(res.statusCode, 400, `${start} ${end}`)
      assert.deepEqual(res.json(), END_AFTER_START)
    }
    assert.deepEqual((await list(c)).ids, [])
  })

  it('refuses a period overlapping a pending or approved request of the same user', async () => {
    const c = await newCaller()
    const pending = await create(c, { start: day(10), end: day(15) })
    for (const [start, end] of [
      [day(12), day(20)], // overlaps the end
      [day(5), day(11)], // overlaps the start
      [day(11), day(12)], // inside
      [day(1), day(31)], // around
      [day(10), day(15)], // the same period
    ]) {
      const res = await call(c, 'POST', BASE, { start, end })
      assert.equal(res.statusCode, 400, `${start} ${end}`)
      assert.deepEqual(res.json(), { error: [`This request overlaps leave request ${pending.id}.`] })
    }

    const approved = await create(c, { start: day(20), end: day(22) })
    await setStatus(approved.id, 'APPROVED')
    const res = await call(c, 'POST', BASE, { start: day(21), end: day(25) })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json(), { error: [`This request overlaps leave request ${approved.id}.`] })
    assert.equal((await list(c)).items.length, 2)
  })

  it('keeps overlapping requests filed at the same moment from both being created', async () => {
    const c = await newCaller()
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => call(c, 'POST', BASE, { start: day(1, i), end: day(2, i) })),
    )
    const statuses = results.map((r) => r.statusCode).sort()
    assert.deepEqual(statuses, [201, 400, 400, 400, 400, 400])
    const winner = results.find((r) => r.statusCode === 201)!.json()
    for (const r of results.filter((x) => x.statusCode === 400)) {
      assert.deepEqual(r.json(), { error: [`This request overlaps leave request ${winner.id}.`] })
    }
    assert.deepEqual((await list(c)).ids, [winner.id])
  })

  it('lets a period overlap a rejected request, or another user’s request', async () => {
    const c = await newCaller()
    const other = await newCaller()
    const rejected = await create(c, { start: day(1), end: day(5) })
    await setStatus(rejected.id, 'REJECTED')
    await create(c, { start: day(2), end: day(4) })
    await create(other, { start: day(2), end: day(4) })
  })

  it('treats periods as half-open: one ending when another starts does not overlap it', async () => {
    const c = await newCaller()
    await create(c, { start: day(3, 10), end: day(3, 12) })
    await create(c, { start: day(3, 12), end: day(3, 14) })
    await create(c, { start: day(3, 8), end: day(3, 10) })
    // The same instants written with an offset.
    await create(c, { start: '2030-01-03T16:00:00+02:00', end: '2030-01-03T18:00:00+02:00' })
    assert.equal((await list(c)).items.length, 4)
  })

  it('accepts status only as "PENDING": the status is the approver’s to change', async () => {
    const c = await newCaller()
    const body = await create(c, { start: day(1), end: day(2), status: 'PENDING' })
    assert.equal(body.status, 'PENDING')
    for (const status of ['APPROVED', 'REJECTED']) {
      const res = await call(c, 'POST', BASE, { start: day(5), end: day(6), status })
      assert.equal(res.statusCode, 400, status)
      assert.deepEqual(res.json(), ONLY_APPROVER)
    }
    assert.equal((await list(c)).items.length, 1)
  })

  it('names an invalid choice, case-sensitively', async () => {
    const c = await newCaller()
    const cases: Array<[Body, Body]> = [
      [{ type: 'HOLIDAY', status: 'DONE' }, { type: ['"HOLIDAY" is not a valid choice.'], status: ['"DONE" is not a valid choice.'] }],
      [{ type: 'vacation', status: 'pending' }, { type: ['"vacation" is not a valid choice.'], status: ['"pending" is not a valid choice.'] }],
      [{ type: 'X', start: '2020-01-10T10:00:00Z' }, { type: ['"X" is not a valid choice.'] }],
    ]
    for (const [fields, expected] of cases) {
      const res = await call(c, 'POST', BASE, { start: '2020-01-06T09:00:00Z', end: '2020-01-07T09:00:00Z', ...fields })
      assert.equal(res.statusCode, 400, JSON.stringify(fields))
      assert.deepEqual(res.json(), expected)
    }
  })

  it('reports every missing, null, blank or malformed field at once', async () => {
    const c = await newCaller()
    const cases: Array<[unknown, Body]> = [
      [{}, { start: ['This field is required.'], end: ['This field is required.'] }],
      [
        { start: null, end: '', description: null, type: '', status: null },
        {
          start: ['This field may not be null.'],
          end: [DATETIME_FORMAT],
          description: ['This field may not be null.'],
          type: ['"" is not a valid choice.'],
          status: ['This field may not be null.'],
        },
      ],
      [{ start: '2020-01-06', end: '06/01/2020 10:00' }, { start: [DATETIME_FORMAT], end: [DATETIME_FORMAT] }],
      [{ start: 1577836800, end: '2020-01-07T09:00:00Z' }, { start: [DATETIME_FORMAT] }],
      [{ start: '2020-02-30T10:00:00Z', end: '2020-03-01T25:00:00Z' }, { start: [DATETIME_FORMAT], end: [DATETIME_FORMAT] }],
      [{ start: 'yesterday', end: '2020-01-07T09:00:00+2' }, { start: [DATETIME_FORMAT], end: [DATETIME_FORMAT] }],
      [{ start: '2020-01-06T09:00:00Z', end: '2020-01-07T09:00:00Z', description: 5 }, { description: ['Not a valid string.'] }],
    ]
    for (const [payload, expected] of cases) {
      const res = await call(c, 'POST', BASE, payload)
      assert.equal(res.statusCode, 400, JSON.stringify(payload))
      assert.deepEqual(res.json(), expected, JSON.stringify(payload))
    }
    const res = await ctx.app.inject({
      method: 'POST',
      url: BASE,
      headers: { ...c.headers, 'content-type': 'application/json' },
      payload: '[{"start":"2020-01-06T09:00:00Z","end":"2020-01-07T09:00:00Z"}]',
    })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json(), { error: ['Invalid data. Expected an object.'] })
    assert.deepEqual((await list(c)).ids, [])
  })

  it('allows a description of up to 1000 characters', async () => {
    const c = await newCaller()
    const body = await create(c, { start: day(1), end: day(2), description: 'd'.repeat(1000) })
    assert.equal(body.description, 'd'.repeat(1000))
    // Characters, not UTF-16 units or bytes: 1000 emoji fit.
    const emoji = await create(c, { start: day(5), end: day(6), description: '😀'.repeat(1000) })
    assert.equal(emoji.description, '😀'.repeat(1000))
    for (const description of ['d'.repeat(1001), '😀'.repeat(1001)]) {
      const res = await call(c, 'POST', BASE, { start: day(3), end: day(4), description })
      assert.equal(res.statusCode, 400)
      assert.deepEqual(res.json(), { description: ['Ensure this field has no more than 1000 characters.'] })
    }
  })

  it('keeps Unicode text as sent', async () => {
    const c = await newCaller()
    const description = 'Ski in Zürich ⛷️ 日本語 🏔'
    const body = await create(c, { start: day(1), end: day(2), description })
    assert.equal(body.description, description)
    assert.equal((await call(c, 'GET', `${BASE}/${body.id}`)).json().description, description)
  })

  it('always makes the caller the owner: id, user, user_id and unknown fields change nothing', async () => {
    const c = await newCaller()
    const victim = await newCaller()
    const victimRequest = await create(victim, { start: day(1), end: day(2) })
    const body = await create(c, {
      id: victimRequest.id,
      user: victim.id,
      user_id: victim.id,
      created_at: '2000-01-01T00:00:00Z',
      foo: 'bar',
      start: day(1),
      end: day(2),
    })
    assert.notEqual(body.id, victimRequest.id)
    assert.ok(!('foo' in body))
    assert.notEqual(body.created_at, '2000-01-01T00:00:00.000Z')
    assert.deepEqual((await list(c)).ids, [body.id])
    assert.deepEqual((await list(victim)).ids, [victimRequest.id])
    const row = await ctx.db.selectFrom('leave_requests').select('user_id').where('id', '=', Number(body.id)).executeTakeFirstOrThrow()
    assert.equal(row.user_id, c.id)
  })

  it('requires authentication', async () => {
    const res = await call(null, 'POST', BASE, { start: day(1), end: day(2) })
    assert.equal(res.statusCode, 401)
    assert.deepEqual(res.json(), { detail: 'Authentication credentials were not provided.' })
    assert.equal(res.headers['www-authenticate'], 'Bearer realm="api"')
  })
})

describe('GET /api/leave-requests', () => {
  it('lists only the caller’s own requests, newest start first', async () => {
    const c = await newCaller()
    const other = await newCaller()
    const feb = await create(c, { start: '2030-02-01T00:00:00Z', end: '2030-02-02T00:00:00Z' })
    const jan = await create(c, { start: '2030-01-01T00:00:00Z', end: '2030-01-02T00:00:00Z' })
    const mar = await create(c, { start: '2030-03-01T00:00:00Z', end: '2030-03-02T00:00:00Z', type: 'SICK' })
    await create(other, { start: '2030-04-01T00:00:00Z', end: '2030-04-02T00:00:00Z' })

    const { res, items, ids } = await list(c)
    assert.deepEqual(ids, [mar.id, feb.id, jan.id])
    assert.equal(res.headers['x-total-count'], '3')
    assert.equal(res.headers.link, undefined)
    items.forEach(assertRepresentation)
    assert.deepEqual(items[0], mar)
  })

  it('answers an empty array to a user without requests', async () => {
    const c = await newCaller()
    const { res, items } = await list(c)
    assert.deepEqual(items, [])
    assert.equal(res.headers['x-total-count'], '0')
    assert.equal(res.headers.link, undefined)
  })

  it('filters by status and type, and counts what the filter keeps', async () => {
    const c = await newCaller()
    const a = await create(c, { start: day(1), end: day(2), type: 'SICK' })
    const b = await create(c, { start: day(3), end: day(4), type: 'SICK' })
    const d = await create(c, { start: day(5), end: day(6), type: 'UNPAID' })
    const e = await create(c, { start: day(7), end: day(8) })
    await setStatus(b.id, 'APPROVED')
    await setStatus(e.id, 'REJECTED')

    const cases: Array<[string, unknown[]]> = [
      ['?status=PENDING', [d.id, a.id]],
      ['?status=APPROVED', [b.id]],
      ['?status=REJECTED', [e.id]],
      ['?type=SICK', [b.id, a.id]],
      ['?type=MATERNITY', []],
      ['?type=SICK&status=PENDING', [a.id]],
    ]
    for (const [query, expected] of cases) {
      const { res, ids } = await list(c, query)
      assert.deepEqual(ids, expected, query)
      assert.equal(res.headers['x-total-count'], String(expected.length), query)
    }
  })

  it('filters by a from/to window, keeping the requests that overlap it (start < to and end > from)', async () => {
    const c = await newCaller()
    const r1 = await create(c, { start: day(1), end: day(5) })
    const r2 = await create(c, { start: day(5), end: day(10) })
    const r3 = await create(c, { start: day(10), end: day(20) })
    const q = (from?: string, to?: string) =>
      '?' + new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}) }).toString()

    const cases: Array<[string, unknown[]]> = [
      [q(day(5), day(10)), [r2.id]], // touching ends are outside
      [q(day(4), day(11)), [r3.id, r2.id, r1.id]],
      [q(day(4)), [r3.id, r2.id, r1.id]],
      [q(day(10)), [r3.id]],
      [q(undefined, day(5)), [r1.id]],
      [q(undefined, day(5, 1)), [r2.id, r1.id]],
      [q(day(20), day(25)), []],
      [q(day(6), day(7)), [r2.id]], // inside one request
      [q('2030-01-05T02:00:00+02:00', '2030-01-10T02:00:00+02:00'), [r2.id]], // offsets, URL-encoded
      [q('2030-01-05T00:00', '2030-01-10T00:00'), [r2.id]], // no offset: UTC
    ]
    for (const [query, expected] of cases) {
      const { res, ids } = await list(c, query)
      assert.deepEqual(ids, expected, query)
      assert.equal(res.headers['x-total-count'], String(expected.length), query)
    }
  })

  it('pages with limit and offset, with X-Total-Count and a next link while more remain', async () => {
    const c = await newCaller()
    const created: Body[] = []
    for (let d = 1; d <= 5; d++) created.push(await create(c, { start: day(d), end: day(d, 12), type: d === 3 ? 'SICK' : 'VACATION' }))
    const newestFirst = created.map((r) => r.id).reverse()

    let page = await list(c, '?limit=2')
    assert.deepEqual(page.ids, newestFirst.slice(0, 2))
    assert.equal(page.res.headers['x-total-count'], '5')
    assertNext(page.res, 2, 2)

    // Following the links walks every page once.
    const seen: unknown[] = []
    let url: string | undefined = `${BASE}?limit=2`
    while (url) {
      const res = await call(c, 'GET', url)
      assert.equal(res.statusCode, 200)
      assert.equal(res.headers['x-total-count'], '5')
      seen.push(...(res.json() as Body[]).map((r) => r.id))
      url = nextLink(res)?.url
    }
    assert.deepEqual(seen, newestFirst)

    page = await list(c, '?limit=2&offset=4')
    assert.deepEqual(page.ids, newestFirst.slice(4))
    assert.equal(page.res.headers.link, undefined)
    page = await list(c, '?offset=3')
    assert.deepEqual(page.ids, newestFirst.slice(3))
    assert.equal(page.res.headers.link, undefined)
    page = await list(c, '?offset=10')
    assert.deepEqual(page.ids, [])
    assert.equal(page.res.headers['x-total-count'], '5')
    assert.equal(page.res.headers.link, undefined)

    // The next link keeps the filters.
    page = await list(c, '?type=VACATION&limit=3')
    assert.equal(page.res.headers['x-total-count'], '4')
    assertNext(page.res, 3, 3)
    assert.equal(nextLink(page.res)!.params.get('type'), 'VACATION')
  })

  it('returns 100 requests by default and at most 500 per page', async () => {
    const c = await newCaller()
    const start = Date.UTC(2040, 0, 1)
    for (let i = 0; i < 101; i++) {
      await create(c, { start: new Date(start + i * 3_600_000).toISOString(), end: new Date(start + i * 3_600_000 + 1_800_000).toISOString() })
    }
    let page = await list(c)
    assert.equal(page.items.length, 100)
    assert.equal(page.res.headers['x-total-count'], '101')
    assertNext(page.res, 100, 100)
    page = await list(c, '?limit=500')
    assert.equal(page.items.length, 101)
    assert.equal(page.res.headers.link, undefined)
  })

  it('refuses bad filter and paging values with field errors, all at once', async () => {
    const c = await newCaller()
    const cases: Array<[string, Body]> = [
      ['?status=DONE', { status: ['"DONE" is not a valid choice.'] }],
      ['?status=pending', { status: ['"pending" is not a valid choice.'] }],
      ['?type=HOLIDAY', { type: ['"HOLIDAY" is not a valid choice.'] }],
      ['?from=yesterday', { from: [DATETIME_FORMAT] }],
      ['?to=2030-13-01T00:00:00Z', { to: [DATETIME_FORMAT] }],
      ['?limit=0', { limit: ['Ensure this value is greater than or equal to 1.'] }],
      ['?limit=501', { limit: ['Ensure this value is less than or equal to 500.'] }],
      ['?limit=abc', { limit: ['A valid integer is required.'] }],
      ['?limit=2.5', { limit: ['A valid integer is required.'] }],
      ['?offset=-1', { offset: ['Ensure this value is greater than or equal to 0.'] }],
      ['?offset=x', { offset: ['A valid integer is required.'] }],
      [
        '?status=X&type=Y&from=bad&limit=0&offset=-1',
        {
          status: ['"X" is not a valid choice.'],
          type: ['"Y" is not a valid choice.'],
          from: [DATETIME_FORMAT],
          limit: ['Ensure this value is greater than or equal to 1.'],
          offset: ['Ensure this value is greater than or equal to 0.'],
        },
      ],
    ]
    for (const [query, expected] of cases) {
      const res = await call(c, 'GET', `${BASE}${query}`)
      assert.equal(res.statusCode, 400, query)
      assert.deepEqual(res.json(), expected, query)
    }
  })

  it('requires authentication', async () => {
    const res = await call(null, 'GET', BASE)
    assert.equal(res.statusCode, 401)
    assert.deepEqual(res.json(), { detail: 'Authentication credentials were not provided.' })
    assert.equal(res.headers['www-authenticate'], 'Bearer realm="api"')
  })
})

describe('GET, PUT, PATCH, DELETE /api/leave-requests/:id', () => {
  it('returns one of the caller’s requests', async () => {
    const c = await newCaller()
    const body = await create(c, { start: day(1), end: day(2), description: 'mine', type: 'UNPAID' })
    const res = await call(c, 'GET', `${BASE}/${body.id}`)
    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.json(), body)
    assert.equal((await call(c, 'GET', `${BASE}/99999`)).statusCode, 404)
  })

  it('PUT requires start and end and keeps the omitted fields', async () => {
    const c = await newCaller()
    const body = await create(c, { start: day(1), end: day(2), description: 'keep me', type: 'SICK' })
    const url = `${BASE}/${body.id}`

    let res = await call(c, 'PUT', url, { description: 'only this' })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json(), { start: ['This field is required.'], end: ['This field is required.'] })

    res = await call(c, 'PUT', url, { start: day(1), end: day(4) })
    assert.equal(res.statusCode, 200, res.body)
    const updated = res.json()
    assertRepresentation(updated)
    assert.deepEqual(core(updated), { start: day(1), end: day(4), description: 'keep me', type: 'SICK', status: 'PENDING' })
    assert.equal(updated.id, body.id)
    assert.equal(updated.created_at, body.created_at)
    assert.ok(Date.parse(updated.updated_at) >= Date.parse(String(body.updated_at)))

    res = await call(c, 'PUT', url, { start: day(2), end: day(3), description: '', type: 'MATERNITY', status: 'PENDING' })
    assert.equal(res.statusCode, 200, res.body)
    assert.deepEqual(core(res.json()), { start: day(2), end: day(3), description: '', type: 'MATERNITY', status: 'PENDING' })
    assert.deepEqual((await call(c, 'GET', url)).json(), res.json())
  })

  it('PATCH changes any subset of the fields', async () => {
    const c = await newCaller()
    const body = await create(c, { start: day(1), end: day(2), description: 'first' })
    const url = `${BASE}/${body.id}`
    const steps: Array<[Body, Body]> = [
      [{ description: 'second' }, { start: day(1), end: day(2), description: 'second', type: 'VACATION', status: 'PENDING' }],
      [{ type: 'SICK' }, { start: day(1), end: day(2), description: 'second', type: 'SICK', status: 'PENDING' }],
      [{ end: day(3) }, { start: day(1), end: day(3), description: 'second', type: 'SICK', status: 'PENDING' }],
      [{ start: '2030-01-01T14:00:00+02:00' }, { start: day(1, 12), end: day(3), description: 'second', type: 'SICK', status: 'PENDING' }],
      [{ status: 'PENDING' }, { start: day(1, 12), end: day(3), description: 'second', type: 'SICK', status: 'PENDING' }],
      [{}, { start: day(1, 12), end: day(3), description: 'second', type: 'SICK', status: 'PENDING' }],
    ]
    for (const [patch, expected] of steps) {
      const res = await call(c, 'PATCH', url, patch)
      assert.equal(res.statusCode, 200, `${JSON.stringify(patch)} ${res.body}`)
      assert.deepEqual(core(res.json()), expected, JSON.stringify(patch))
    }
    assert.deepEqual(core((await call(c, 'GET', url)).json()), steps.at(-1)![1])
  })

  it('validates PUT and PATCH as it validates a new request', async () => {
    const c = await newCaller()
    const neighbour = await create(c, { start: day(10), end: day(12) })
    const body = await create(c, { start: day(1), end: day(3), description: 'untouched' })
    const url = `${BASE}/${body.id}`
    const cases: Array<['PUT' | 'PATCH', Body, Body]> = [
      ['PUT', { start: day(3), end: day(2) }, END_AFTER_START],
      ['PATCH', { end: day(1) }, END_AFTER_START],
      ['PATCH', { start: day(3) }, END_AFTER_START],
      ['PUT', { start: day(2), end: day(11) }, { error: [`This request overlaps leave request ${neighbour.id}.`] }],
      ['PATCH', { end: day(10, 1) }, { error: [`This request overlaps leave request ${neighbour.id}.`] }],
      ['PUT', { start: day(1), end: day(2), status: 'APPROVED' }, ONLY_APPROVER],
      ['PATCH', { status: 'REJECTED' }, ONLY_APPROVER],
      ['PATCH', { type: 'BEACH', status: 'MAYBE' }, { type: ['"BEACH" is not a valid choice.'], status: ['"MAYBE" is not a valid choice.'] }],
      ['PATCH', { description: 'x'.repeat(1001) }, { description: ['Ensure this field has no more than 1000 characters.'] }],
      ['PATCH', { start: null }, { start: ['This field may not be null.'] }],
      ['PATCH', { end: 'tomorrow' }, { end: [DATETIME_FORMAT] }],
    ]
    for (const [method, payload, expected] of cases) {
      const res = await call(c, method, url, payload)
      assert.equal(res.statusCode, 400, `${method} ${JSON.stringify(payload)} ${res.body}`)
      assert.deepEqual(res.json(), expected, `${method} ${JSON.stringify(payload)}`)
    }
    assert.deepEqual((await call(c, 'GET', url)).json(), body)

    // A request may overlap its own former period, and touch its neighbour.
    const res = await call(c, 'PATCH', url, { start: day(2), end: day(10) })
    assert.equal(res.statusCode, 200, res.body)
  })

  it('answers 409 not_pending to PUT, PATCH and DELETE once the request is decided, and changes nothing', async () => {
    const c = await newCaller()
    for (const status of ['APPROVED', 'REJECTED'] as const) {
      const body = await create(c, { start: day(status === 'APPROVED' ? 1 : 5), end: day(status === 'APPROVED' ? 2 : 6) })
      await setStatus(body.id, status)
      const url = `${BASE}/${body.id}`
      const before = (await call(c, 'GET', url)).json()
      for (const [method, payload] of [
        ['PUT', { start: day(20), end: day(21) }],
        ['PATCH', { description: 'changed' }],
        ['PATCH', {}],
        ['DELETE', undefined],
      ] as const) {
        const res = await call(c, method, url, payload)
        assert.equal(res.statusCode, 409, `${status} ${method}`)
        assert.deepEqual(res.json(), NOT_PENDING)
      }
      assert.deepEqual((await call(c, 'GET', url)).json(), before)
    }
  })

  it('DELETE removes a pending request: 204, then 404', async () => {
    const c = await newCaller()
    const body = await create(c, { start: day(1), end: day(2) })
    const url = `${BASE}/${body.id}`
    const res = await call(c, 'DELETE', url)
    assert.equal(res.statusCode, 204)
    assert.equal(res.body, '')
    assert.deepEqual((await call(c, 'GET', url)).json(), NOT_FOUND)
    const again = await call(c, 'DELETE', url)
    assert.equal(again.statusCode, 404)
    assert.deepEqual(again.json(), NOT_FOUND)
    assert.deepEqual((await list(c)).ids, [])
    // Its period is free again.
    await create(c, { start: day(1), end: day(2) })
  })

  it('answers 404 for another user’s request on every verb and leaves it untouched', async () => {
    const owner = await newCaller()
    const intruder = await newCaller()
    const pending = await create(owner, { start: day(1), end: day(2), description: 'private' })
    const approved = await create(owner, { start: day(3), end: day(4) })
    await setStatus(approved.id, 'APPROVED')
    for (const target of [pending, approved]) {
      const url = `${BASE}/${target.id}`
      const before = (await call(owner, 'GET', url)).json()
      for (const [method, payload] of [
        ['GET', undefined],
        ['PUT', { start: day(1), end: day(5), description: 'hijacked', status: 'PENDING' }],
        ['PATCH', { description: 'hijacked' }],
        ['DELETE', undefined],
      ] as const) {
        const res = await call(intruder, method, url, payload)
        assert.equal(res.statusCode, 404, `${method} ${url}`)
        assert.deepEqual(res.json(), NOT_FOUND)
      }
      assert.deepEqual((await call(owner, 'GET', url)).json(), before)
    }
    assert.deepEqual((await list(intruder)).ids, [])
  })

  it('answers 404, never 500, to a malformed or out-of-range id on every verb', async () => {
    const c = await newCaller()
    for (const id of MALFORMED_IDS) {
      for (const [method, payload] of [
        ['GET', undefined],
        ['PUT', { start: day(1), end: day(2) }],
        ['PATCH', { description: 'x' }],
        ['DELETE', undefined],
      ] as const) {
        const res = await call(c, method, `${BASE}/${id}`, payload)
        assert.equal(res.statusCode, 404, `${method} ${id}`)
        assert.deepEqual(res.json(), NOT_FOUND, `${method} ${id}`)
      }
    }
  })

  it('requires authentication on every verb', async () => {
    const c = await newCaller()
    const body = await create(c, { start: day(1), end: day(2) })
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
      const res = await call(null, method, `${BASE}/${body.id}`, method === 'PUT' || method === 'PATCH' ? { start: day(1), end: day(3) } : undefined)
      assert.equal(res.statusCode, 401, method)
      assert.equal(res.headers['www-authenticate'], 'Bearer realm="api"')
    }
    assert.deepEqual((await call(c, 'GET', `${BASE}/${body.id}`)).json(), body)
  })
})

describe('paths and methods', () => {
  it('answers every path the same with and without a trailing slash', async () => {
    const c = await newCaller()
    for (const slash of ['', '/']) {
      const created = await call(c, 'POST', `${BASE}${slash}`, { start: day(1), end: day(2) })
      assert.equal(created.statusCode, 201, `POST ${slash}`)
      const id = created.json().id
      assert.equal(created.headers.location, `${BASE}/${id}`)
      const listed = await call(c, 'GET', `${BASE}${slash}`)
      assert.equal(listed.statusCode, 200)
      assert.deepEqual(listed.json().map((r: Body) => r.id), [id])
      const url = `${BASE}/${id}${slash}`
      assert.equal((await call(c, 'GET', url)).statusCode, 200, `GET ${url}`)
      assert.equal((await call(c, 'PUT', url, { start: day(1), end: day(3) })).statusCode, 200, `PUT ${url}`)
      assert.equal((await call(c, 'PATCH', url, { description: 'x' })).statusCode, 200, `PATCH ${url}`)
      assert.equal((await call(c, 'DELETE', url)).statusCode, 204, `DELETE ${url}`)
      assert.equal((await call(c, 'GET', url)).statusCode, 404, `GET ${url}`)
    }
  })

  it('answers 405 with an Allow header to methods a path does not take', async () => {
    const c = await newCaller()
    const body = await create(c, { start: day(1), end: day(2) })
    const cases: Array<[string, string, string[], string[]]> = [
      ['PUT', BASE, ['GET', 'POST'], ['PUT', 'PATCH', 'DELETE']],
      ['DELETE', `${BASE}/`, ['GET', 'POST'], ['PUT', 'PATCH', 'DELETE']],
      ['PATCH', BASE, ['GET', 'POST'], ['PUT', 'PATCH', 'DELETE']],
      ['POST', `${BASE}/${body.id}`, ['GET', 'PUT', 'PATCH', 'DELETE'], ['POST']],
      ['POST', `${BASE}/${body.id}/`, ['GET', 'PUT', 'PATCH', 'DELETE'], ['POST']],
    ]
    for (const [method, url, allowed, refused] of cases) {
      const res = await call(c, method, url, method === 'DELETE' ? undefined : {})
      assert.equal(res.statusCode, 405, `${method} ${url}`)
      assert.deepEqual(res.json(), { detail: `Method "${method}" not allowed.` })
      const allow = String(res.headers.allow).split(/,\s*/)
      for (const m of allowed) assert.ok(allow.includes(m), `${method} ${url}: Allow ${allow.join(', ')} lacks ${m}`)
      for (const m of refused) assert.ok(!allow.includes(m), `${method} ${url}: Allow ${allow.join(', ')} has ${m}`)
    }
    // Nothing was created or deleted by those.
    assert.deepEqual((await list(c)).ids, [body.id])
  })
})

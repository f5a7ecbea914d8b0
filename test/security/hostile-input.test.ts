// Requests that try too much: oversized and lying bodies, deep nesting, huge arrays, over-long
// strings, NUL bytes and lone surrogates, unsupported and overridden methods, prototype pollution.
// Each answer is a 4xx in the API's shape, never a 500, and nothing reaches the database.
import assert from 'node:assert/strict'
import net from 'node:net'
import { after, before, describe, it } from 'node:test'
import { BODY_LIMIT } from '../../src/app.js'
import { parseJsonBody } from '../../src/http/json-body.js'
import { bearer, createTestContext, createUser, login, type TestContext } from '../helpers/harness.js'
import type { Schema } from '../helpers/openapi-schema.js'


interface Op {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  body: Schema | null
  query: Record<string, Schema>
  statuses: string[]
}

let ctx: TestContext
let ops: Op[]
let adminAuth: Record<string, string>
let empAuth: Record<string, string>
let adminId: number
let empId: number
let targetId: number
let adminRequest: number
let secondAdminId: number
const ADMIN_EMAIL = 'root@example.com'
const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort()

before(async () => {
  ctx = await createTestContext()
  adminId = (await createUser(ctx.db, { email: ADMIN_EMAIL, role: 'admin', first_name: 'Root' })).id
  empId = (await createUser(ctx.db, { email: 'emp@example.com', manager_id: adminId })).id
  adminAuth = bearer((await login(ctx.app, ADMIN_EMAIL)).access)
  empAuth = bearer((await login(ctx.app, 'emp@example.com')).access)
  // The user the admin endpoints with an id act on (and may legitimately deactivate).
  targetId = (await createUser(ctx.db, { email: 'target@example.com', manager_id: adminId })).id
  // A second admin approves the first's requests (the only admin's own would be approved at once).
  secondAdminId = (await createUser(ctx.db, { email: 'second-admin@example.com', role: 'admin' })).id
  const res = await ctx.app.inject({ method: 'POST', url: '/api/leave-requests', headers: adminAuth, payload: { start: '2035-01-01T00:00:00Z', end: '2035-01-02T00:00:00Z' } })
  assert.equal(res.statusCode, 201, res.body)
  adminRequest = res.json().id
  const doc = (await ctx.app.inject({ url: '/api/openapi.json' })).json() as {
    paths: Record<
      string,
      Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> }; parameters?: Array<{ in: string; name: string; schema: Schema }>; responses?: object }>
    >
  }
  ops = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, op]) => ({
      method: method.toUpperCase() as Op['method'],
      path,
      body: op.requestBody?.content?.['application/json']?.schema ?? null,
      query: Object.fromEntries((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p.schema])),
      statuses: Object.keys(op.responses ?? {}),
    })),
  )
})
after(() => ctx.close())

/** The concrete URL of an operation: ids of rows that exist (the admin's leave request, the target user). */
const urlOf = (op: Pick<Op, 'path'>) =>
  op.path.replace('{id}', String(op.path.startsWith('/api/users') ? targetId : adminRequest)).replace('{code}', 'VACATION')
// POST /api/setup answers 409 before reading its body once any account exists, as here: its hostile
// bodies are tested on a fresh install in test/setup/setup.test.ts.
const bodyOps = () => ops.filter((op) => op.body?.properties && !(op.method === 'POST' && op.path === '/api/setup'))

/** A value the schema accepts, so that only the one hostile field is wrong. */
function sample(name: string, schema: Schema): unknown {
  if (schema.enum) return schema.enum[0]
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type
  if (type === 'integer' || type === 'number') return schema.minimum ?? 1
  if (type === 'boolean') return true
  if (schema.format === 'date-time') return name === 'end' || name === 'to' ? '2040-01-02T00:00:00Z' : '2040-01-01T00:00:00Z'
  if (schema.format === 'date') return '1990-01-01'
  if (schema.format === 'email') return ADMIN_EMAIL
  return 'text'.padEnd(schema.minLength ?? 0, 'x')
}

function validBody(op: Op): Record<string, unknown> {
  return Object.fromEntries(Object.entries(op.body?.properties ?? {}).map(([name, schema]) => [name, sample(name, schema)]))
}

const stringFields = (op: Op) =>
  Object.entries(op.body?.properties ?? {}).filter(([, s]) => s.type === 'string' || (Array.isArray(s.type) && s.type.includes('string')))

function send(method: Op['method'] | 'HEAD' | 'OPTIONS' | 'TRACE', url: string, payload?: string | object, headers: Record<string, string> = {}) {
  return ctx.app.inject({
    method: method as 'GET',
    url,
    // X-Requested-With: the cookie endpoints' CSRF header (session.routes.ts), so hostile bodies reach them too.
    headers: { ...adminAuth, 'x-requested-with': 'leavedesk', ...(typeof payload === 'string' ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(payload !== undefined ? { payload } : {}),
  })
}

/** Everything an attack could have changed. */
async function snapshot() {
  return {
    users: await ctx.db.selectFrom('users').selectAll().orderBy('id').execute(),
    requests: await ctx.db.selectFrom('leave_requests').selectAll().orderBy('id').execute(),
  }
}

function assertErrorShape(res: { statusCode: number; body: string; headers: Record<string, unknown> }, what: string) {
  assert.match(String(res.headers['content-type']), /^application\/json; charset=utf-8/, what)
  const body = JSON.parse(res.body) as Record<string, unknown>
  const detail = typeof body.detail === 'string' && Object.keys(body).every((k) => k === 'detail' || k === 'code')
  const fields = Object.keys(body).length > 0 && Object.values(body).every((v) => Array.isArray(v) && v.every((m) => typeof m === 'string'))
  assert.ok(detail || fields, `${what}: not an error body: ${res.body.slice(0, 300)}`)
}

function assertPristinePrototype(what: string) {
  assert.equal(({} as Record<string, unknown>).polluted, undefined, `${what}: Object.prototype polluted`)
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), protoKeys, `${what}: Object.prototype changed`)
  for (const key of ['role', 'status', 'is_active', 'start', 'end', 'email', 'user_id']) {
    assert.equal(key in {}, false, `${what}: every object now has "${key}"`)
  }
}

describe('bodies over 64 KiB', () => {
  it('answer 413 {"detail"} on every endpoint that takes a body; 64 KiB exactly is read', async () => {
    let checked = 0
    for (const op of ops.filter((o) => o.method !== 'GET')) {
      const url = urlOf(op)
      const over = JSON.stringify({ description: 'x'.repeat(BODY_LIMIT) })
      const res = await send(op.method, url, over)
      assert.equal(res.statusCode, 413, `${op.method} ${url}: ${res.body}`)
      assert.deepEqual(Object.keys(res.json()), ['detail'])
      assertErrorShape(res, url)
      // Any route Fastify reads a body for can answer these: the OpenAPI document says so.
      for (const status of ['400', '413', '415']) assert.ok(op.statuses.includes(status), `${op.method} ${op.path} does not document ${status}`)
      checked++
    }
    assert.ok(checked >= 10, `only ${checked} endpoints take a body`)
    // The limit itself: 65,536 bytes are read (and refused for what they say), one byte more is not.
    const at = (n: number) => JSON.stringify({ start: '2040-01-01T00:00:00Z', end: '2040-01-02T00:00:00Z', description: '' }).replace('""', `"${'x'.repeat(n)}"`)
    const exact = at(BODY_LIMIT - at(0).length)
    assert.equal(Buffer.byteLength(exact), BODY_LIMIT)
    const res = await send('POST', '/api/leave-requests', exact)
    assert.equal(res.statusCode, 400)
    assert.match(res.json().description[0], /no more than 1000 characters/)
    assert.equal((await send('POST', '/api/leave-requests', at(BODY_LIMIT - at(0).length + 1))).statusCode, 413)
  })

  describe('on a real listening server', () => {
    let port: number
    before(async () => {
      await ctx.app.listen({ port: 0, host: '127.0.0.1' })
      port = (ctx.app.server.address() as net.AddressInfo).port
    })

    /** Sends raw bytes and resolves with what came back when the server answers (or after `wait` ms). */
    function raw(text: string, wait = 5000): Promise<{ response: string; ms: number; closed: boolean }> {
      return new Promise((resolve) => {
        const socket = net.connect(port, '127.0.0.1')
        const started = Date.now()
        let response = ''
        let done = false
        const finish = (closed: boolean) => {
          if (done) return
          done = true
          socket.destroy()
          resolve({ response, ms: Date.now() - started, closed })
        }
        socket.on('data', (chunk) => {
          response += chunk.toString('latin1')
          // One complete response (headers and a body of its content-length) is all we wait for.
          const [head, body = ''] = response.split('\r\n\r\n')
          const length = /content-length: (\d+)/i.exec(head ?? '')
          if (length && Buffer.byteLength(body, 'latin1') >= Number(length[1])) finish(false)
        })
        socket.on('error', () => {})
        socket.on('close', () => finish(true))
        socket.write(text)
        setTimeout(() => finish(false), wait)
      })
    }

    const statusOf = (response: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1])
    const bodyOf = (response: string) => JSON.parse(response.split('\r\n\r\n')[1] ?? '')

    it('a declared Content-Length of 10 MB is refused at once, without waiting for the body', async () => {
      for (const [path, auth] of [
        ['/api/auth/token', ''],
        ['/api/leave-requests', `Authorization: ${adminAuth.authorization}\r\n`],
      ] as const) {
        const { response, ms } = await raw(`POST ${path} HTTP/1.1\r\nHost: localhost\r\n${auth}Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n{"email"`)
        assert.equal(statusOf(response), 413, `${path}: ${response.slice(0, 200)}`)
        assert.equal(typeof bodyOf(response).detail, 'string')
        assert.match(response, /x-content-type-options: nosniff/i)
        // The server has 10 bytes of a 10 MB body: answering at all proves it did not wait for the rest.
        assert.ok(ms < 3000, `${path}: the 413 took ${ms} ms`)
      }
    })

    it('a chunked body is cut off as soon as it passes 64 KiB', async () => {
      const chunk = 'x'.repeat(70_000)
      const { response, ms } = await raw(
        `POST /api/auth/token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${chunk.length.toString(16)}\r\n${chunk}\r\n`,
      )
      assert.equal(statusOf(response), 413, response.slice(0, 200))
      assert.ok(ms < 3000, `the 413 took ${ms} ms`)
    })

    it('a body longer than its Content-Length gets a 4xx in the API’s shape, never a 500', async () => {
      const { response } = await raw(
        'POST /api/auth/token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{"email":"a@example.com","password":"x"}',
      )
      const status = statusOf(response)
      assert.ok(status >= 400 && status < 500, response.slice(0, 300))
      assert.equal(typeof bodyOf(response).detail, 'string', response)
      assert.match(response, /content-type: application\/json; charset=utf-8/i)
      assert.match(response, /x-content-type-options: nosniff/i)
    })

    it('a body shorter than its Content-Length is not answered as if complete', async () => {
      const { response, closed } = await raw('POST /api/auth/token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{}', 1000)
      // The server waits for the rest (or gives up with a 4xx); it never treats "{}" as the body.
      if (response) assert.ok(statusOf(response) >= 400 && statusOf(response) < 500 && statusOf(response) !== 401, response.slice(0, 200))
      else assert.equal(closed, false)
    })

    it('the server still answers normally afterwards', async () => {
      const { response } = await raw('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')
      assert.equal(statusOf(response), 200, response)
    })
  })
})

describe('structures that try too much', () => {
  const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n)
  const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)

  it('deep nesting (10,000 levels) answers 400 on every endpoint that takes a body, never 500', async () => {
    for (const op of bodyOps()) {
      const url = urlOf(op)
      const fields = Object.keys(op.body!.properties!)
      const base = JSON.stringify(validBody(op)).slice(0, -1)
      const inFields = fields.length === 0 ? [] : [`${base},"nested":${deepArray(10_000)}}`, `${base.replace(`"${fields[0]}":`, `"${fields[0]}_":`)},"${fields[0]}":${deepObject(5_000)}}`]
      for (const payload of [deepArray(10_000), deepObject(10_000), '['.repeat(10_000), '{"a":'.repeat(10_000), ...inFields]) {
        const res = await send(op.method, url, payload)
        assert.equal(res.statusCode, 400, `${op.method} ${url} ${payload.slice(0, 40)}: ${res.statusCode} ${res.body.slice(0, 200)}`)
        assertErrorShape(res, url)
      }
    }
  })

  it('nesting past the limit is refused by the parser itself, even where the field is ignored', async () => {
    // An unknown field would be dropped by validation: only the parser's depth limit refuses it.
    const body = `{"start":"2040-03-01T00:00:00Z","end":"2040-03-02T00:00:00Z","ignored":${deepArray(1_000)}}`
    const res = await send('POST', '/api/leave-requests', body)
    assert.equal(res.statusCode, 400, res.body)
    assert.match(JSON.stringify(res.json()), /nest|deep|depth/i)
  })

  it('huge arrays answer 400 quickly, in every field', async () => {
    const huge = `[${Array(30_000).fill('0').join(',')}]`
    for (const op of bodyOps()) {
      const url = urlOf(op)
      for (const [name] of Object.entries(op.body!.properties!)) {
        const started = Date.now()
        const res = await send(op.method, url, JSON.stringify({ ...validBody(op), [name]: 0 }).replace(`"${name}":0`, `"${name}":${huge}`))
        assert.equal(res.statusCode, 400, `${op.method} ${url} ${name}: ${res.body.slice(0, 200)}`)
        assert.ok(res.json()[name], `${op.method} ${url}: the error names ${name}`)
        assert.ok(Date.now() - started < 2000, `${op.method} ${url} ${name}: took ${Date.now() - started} ms`)
      }
      const res = await send(op.method, url, huge)
      assert.equal(res.statusCode, 400)
      assert.deepEqual(res.json(), { error: ['Invalid data. Expected an object.'] })
    }
  })

  it('date-times that an offset carries outside years 1-9999 answer 400 (they could not be written back)', async () => {
    for (const [start, end] of [
      ['9999-12-31T00:00:00Z', '9999-12-31T23:59:59-23:59'],
      ['0001-01-01T00:00:00+23:59', '0001-01-02T00:00:00Z'],
    ]) {
      const res = await send('POST', '/api/leave-requests', { start, end })
      assert.equal(res.statusCode, 400, `${start} ${end}: ${res.body}`)
      assert.ok(res.json().start || res.json().end, res.body)
    }
    const res = await send('POST', '/api/leave-requests', { start: '9999-12-30T00:00:00Z', end: '9999-12-31T23:59:59+01:00' })
    assert.equal(res.statusCode, 201, res.body)
    assert.equal(res.json().end, '9999-12-31T22:59:59.000Z')
    assert.equal((await send('DELETE', `/api/leave-requests/${res.json().id}`)).statusCode, 204)
  })

  it('strings over their field limit answer 400 on that field; at the limit the length is accepted', async () => {
    let checked = 0
    for (const op of bodyOps()) {
      const url = urlOf(op)
      for (const [name, schema] of stringFields(op)) {
        if (schema.maxLength === undefined) continue
        const text = (n: number) => (schema.format === 'email' ? `${'a'.repeat(n - '@example.com'.length)}@example.com` : 'x'.repeat(n))
        const over = await send(op.method, url, { ...validBody(op), [name]: text(schema.maxLength + 1) })
        assert.equal(over.statusCode, 400, `${op.method} ${url} ${name}: ${over.body.slice(0, 200)}`)
        assert.ok(over.json()[name], `${op.method} ${url}: the error names ${name}: ${over.body.slice(0, 200)}`)
        const at = await send(op.method, url, { ...validBody(op), [name]: text(schema.maxLength) })
        assert.ok(at.statusCode < 500)
        if (at.statusCode === 400) assert.doesNotMatch(String(at.json()[name] ?? ''), /no more than/, `${op.method} ${url} ${name} at its limit`)
        checked++
      }
    }
    assert.ok(checked >= 15, `only ${checked} length limits checked`)
    // Fields without their own limit are still bounded by the body limit (and often by the policy).
    const res = await send('POST', '/api/leave-requests', { start: '2040-04-01T00:00:00Z', end: '2040-04-02T00:00:00Z', description: 'x'.repeat(1001) })
    assert.deepEqual(res.json(), { description: ['Ensure this field has no more than 1000 characters.'] })
  })
})

describe('text the databases cannot store', () => {
  const HOSTILE = ['a\u0000b', '\u0000', 'x\ud800', '\udfffy', '\udc00\ud800']

  it('NUL bytes and lone surrogates in every text field of every body answer 400 on that field, and nothing is stored', async () => {
    const before = await snapshot()
    let checked = 0
    for (const op of bodyOps()) {
      const url = urlOf(op)
      for (const [name] of stringFields(op)) {
        for (const value of HOSTILE) {
          const res = await send(op.method, url, JSON.stringify({ ...validBody(op), [name]: value }))
          assert.equal(res.statusCode, 400, `${op.method} ${url} ${name}=${JSON.stringify(value)}: ${res.statusCode} ${res.body.slice(0, 200)}`)
          const messages = res.json()[name] as string[] | undefined
          assert.ok(messages, `${op.method} ${url}: the error names ${name}: ${res.body}`)
          assert.match(messages.join(' '), /null character|unicode|surrogate/i, `${op.method} ${url} ${name}`)
          checked++
        }
      }
    }
    assert.ok(checked >= 100, `only ${checked} cases`)
    assert.deepEqual(await snapshot(), before, 'a hostile value reached the database')
  })

  it('in nested values and in keys too', async () => {
    const before = await snapshot()
    // A field named by a line break is still named in the error (a "^.*$" key pattern once dropped it).
    const res = await send('POST', '/api/leave-requests', '{"\\r":"\\u0000"}')
    assert.equal(res.statusCode, 400)
    assert.deepEqual(Object.keys(res.json()), ['\r'])
    for (const payload of [
      '{"start":"2040-05-01T00:00:00Z","end":"2040-05-02T00:00:00Z","description":"ok","extra":{"deep":["\\u0000"]}}',
      '{"start":"2040-05-01T00:00:00Z","end":"2040-05-02T00:00:00Z","descr\\u0000iption":"x"}',
      '{"start":"2040-05-01T00:00:00Z","end":"2040-05-02T00:00:00Z","\\ud800":"x"}',
    ]) {
      const res = await send('POST', '/api/leave-requests', payload)
      assert.equal(res.statusCode, 400, `${payload}: ${res.body}`)
      assertErrorShape(res, payload)
    }
    assert.deepEqual(await snapshot(), before)
  })

  it('NUL in a declared query parameter answers 400 on that parameter (PostgreSQL would refuse it)', async () => {
    let checked = 0
    for (const op of ops.filter((o) => o.method === 'GET')) {
      for (const name of Object.keys(op.query)) {
        const url = `${urlOf(op)}?${name}=a%00b`
        const res = await send('GET', url)
        assert.equal(res.statusCode, 400, `${url}: ${res.statusCode} ${res.body.slice(0, 200)}`)
        assert.ok(res.json()[name], `${url}: the error names ${name}`)
        checked++
      }
    }
    assert.ok(checked >= 5, `only ${checked} query parameters`)
  })

  it('invalid UTF-8 bytes in a body are never stored as invalid text', async () => {
    const payload = Buffer.concat([
      Buffer.from('{"start":"2040-06-01T00:00:00Z","end":"2040-06-02T00:00:00Z","description":"'),
      Buffer.from([0xed, 0xa0, 0x80, 0xff, 0xc3]),
      Buffer.from('"}'),
    ])
    const res = await send('POST', '/api/leave-requests', payload as unknown as string, { 'content-type': 'application/json' })
    assert.ok(res.statusCode === 201 || res.statusCode === 400, `${res.statusCode} ${res.body}`)
    if (res.statusCode === 201) {
      const row = await ctx.db.selectFrom('leave_requests').select('description').where('id', '=', res.json().id).executeTakeFirstOrThrow()
      assert.ok(row.description.isWellFormed())
      assert.ok(!row.description.includes('\u0000'))
      await send('DELETE', `/api/leave-requests/${res.json().id}`)
    }
  })
})

describe('methods', () => {
  it('TRACE answers 405 with Allow on every path, and echoes nothing', async () => {
    const paths = [...new Set(ops.map((o) => o.path))]
    for (const path of paths) {
      const url = urlOf({ path })
      const res = await send('TRACE', url, undefined, { cookie: 'session=trace-secret' })
      assert.equal(res.statusCode, 405, `${url}: ${res.statusCode}`)
      assert.deepEqual(res.json(), { detail: 'Method "TRACE" not allowed.' })
      const allow = String(res.headers.allow).split(/,\s*/)
      const documented = ops.filter((o) => o.path === path).map((o) => o.method)
      for (const m of documented) assert.ok(allow.includes(m), `${url}: Allow (${res.headers.allow}) lacks ${m}`)
      assert.ok(!allow.includes('TRACE'), url)
      assert.ok(!res.body.includes('trace-secret') && !res.body.includes(adminAuth.authorization!), `${url}: TRACE echoed the request`)
    }
  })

  it('every method a path does not offer (PATCH where not offered, and the rest) answers 405 with Allow', async () => {
    let checked = 0
    for (const path of new Set(ops.map((o) => o.path))) {
      const offered = new Set(ops.filter((o) => o.path === path).map((o) => o.method))
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) {
        if (offered.has(method)) continue
        const url = urlOf({ path })
        const res = await send(method, url, method === 'GET' ? undefined : '{}')
        assert.equal(res.statusCode, 405, `${method} ${url}: ${res.statusCode} ${res.body}`)
        assert.deepEqual(res.json(), { detail: `Method "${method}" not allowed.` })
        assert.ok(res.headers.allow, `${method} ${url}: no Allow`)
        for (const m of offered) assert.match(String(res.headers.allow), new RegExp(`\\b${m}\\b`))
        checked++
      }
    }
    assert.ok(checked >= 20, `only ${checked} cases`)
    const patch = await send('PATCH', '/api/auth/token', '{}')
    assert.equal(patch.statusCode, 405)
    assert.equal(patch.headers.allow, 'POST, OPTIONS')
  })

  it('X-HTTP-Method-Override and its cousins are ignored: nothing is deleted', async () => {
    const created = await ctx.app.inject({ method: 'POST', url: '/api/leave-requests', headers: empAuth, payload: { start: '2041-01-01T00:00:00Z', end: '2041-01-02T00:00:00Z', description: 'keep me' } })
    assert.equal(created.statusCode, 201)
    const id = created.json().id as number
    const row = await ctx.db.selectFrom('leave_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    const headersToTry = ['x-http-method-override', 'x-http-method', 'x-method-override']
    for (const header of headersToTry) {
      for (const method of ['DELETE', 'delete', 'PUT', 'PATCH']) {
        let res = await ctx.app.inject({ method: 'GET', url: `/api/leave-requests/${id}`, headers: { ...empAuth, [header]: method } })
        assert.equal(res.statusCode, 200, `GET with ${header}: ${method}`)
        assert.equal(res.json().description, 'keep me')
        res = await ctx.app.inject({ method: 'POST', url: `/api/leave-requests/${id}`, headers: { ...empAuth, [header]: method }, payload: {} })
        assert.equal(res.statusCode, 405, `POST with ${header}: ${method}`)
        assert.equal(res.json().detail, 'Method "POST" not allowed.')
      }
    }
    for (const query of ['_method=DELETE', 'method=DELETE', '_method=delete']) {
      const res = await ctx.app.inject({ method: 'POST', url: `/api/leave-requests/${id}?${query}`, headers: empAuth, payload: {} })
      assert.equal(res.statusCode, 405, query)
      assert.equal((await ctx.app.inject({ method: 'GET', url: `/api/leave-requests/${id}?${query}`, headers: empAuth })).statusCode, 200)
    }
    // A POST that creates still creates: the override did not turn it into anything else.
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/leave-requests',
      headers: { ...empAuth, 'x-http-method-override': 'DELETE' },
      payload: { start: '2041-02-01T00:00:00Z', end: '2041-02-02T00:00:00Z' },
    })
    assert.equal(res.statusCode, 201)
    assert.deepEqual(await ctx.db.selectFrom('leave_requests').selectAll().where('id', '=', id).executeTakeFirst(), row, 'the request was changed or deleted')
  })
})

describe('prototype pollution', () => {
  const POISON = [
    '{"__proto__":{"polluted":"yes","role":"admin","status":"APPROVED","is_active":0,"user_id":1}}',
    '{"constructor":{"prototype":{"polluted":"yes","role":"admin"}}}',
    '{"prototype":{"polluted":"yes"}}',
    '{"\\u005f_proto__":{"polluted":"yes"}}',
    '{"__pro\\u0074o__":{"polluted":"yes"}}',
    '{"nested":{"__proto__":{"polluted":"yes"}},"list":[{"__proto__":{"polluted":"yes"}},{"constructor":{"prototype":{"polluted":"yes"}}}]}',
  ]

  it('the JSON parser drops __proto__ and constructor.prototype keys at every depth', () => {
    for (const text of POISON) {
      const value = parseJsonBody(text) as Record<string, unknown>
      assert.equal(Object.getPrototypeOf(value), Object.prototype)
      const stack: unknown[] = [value]
      while (stack.length > 0) {
        const v = stack.pop()
        if (v === null || typeof v !== 'object') continue
        assert.ok(!Object.hasOwn(v, '__proto__'), `${text}: kept a __proto__ key`)
        const ctor = (v as Record<string, unknown>).constructor
        assert.ok(!Object.hasOwn(v, 'constructor') || typeof ctor !== 'object' || ctor === null || !Object.hasOwn(ctor, 'prototype'), `${text}: kept constructor.prototype`)
        stack.push(...Object.values(v))
      }
      assertPristinePrototype(text)
    }
  })

  it('bodies with __proto__, constructor and prototype keys change nothing on any endpoint, now or later', async () => {
    const before = await snapshot()
    for (const op of bodyOps()) {
      const url = urlOf(op)
      for (const poison of POISON) {
        // Alone, and merged into an otherwise valid body at the top level.
        const merged = `${JSON.stringify(validBody(op)).slice(0, -1)},${poison.slice(1)}`
        for (const payload of [poison, merged]) {
          const res = await send(op.method, url, payload)
          assert.ok(res.statusCode < 500, `${op.method} ${url} ${payload}: ${res.statusCode}`)
          assert.ok(!res.body.includes('polluted'), `${op.method} ${url}: the poison came back`)
          assertPristinePrototype(`${op.method} ${url} ${payload}`)
        }
      }
    }
    assert.ok((await snapshot()).users.length >= before.users.length)
  })

  it('a poisoned body cannot set the owner, the status or a role', async () => {
    const poison = '"__proto__":{"role":"admin","status":"APPROVED","user_id":%ID%,"is_active":0,"manager_id":null},"constructor":{"prototype":{"role":"admin"}}'.replace('%ID%', String(adminId))
    let res = await ctx.app.inject({
      method: 'POST',
      url: '/api/leave-requests',
      headers: { ...empAuth, 'content-type': 'application/json' },
      payload: `{"start":"2043-01-01T00:00:00Z","end":"2043-01-02T00:00:00Z",${poison}}`,
    })
    assert.equal(res.statusCode, 201, res.body)
    const row = await ctx.db.selectFrom('leave_requests').selectAll().where('id', '=', res.json().id).executeTakeFirstOrThrow()
    assert.equal(row.status, 'PENDING')
    assert.equal(row.user_id, empId)
    res = await ctx.app.inject({ method: 'PATCH', url: '/api/auth/me', headers: { ...empAuth, 'content-type': 'application/json' }, payload: `{"first_name":"Pat",${poison}}` })
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(res.json().role, 'employee')
    res = await send('POST', '/api/users', `{"email":"poisoned@example.com","first_name":"P","last_name":"Q",${poison}}`)
    assert.equal(res.statusCode, 201, res.body)
    assert.equal(res.json().role, 'employee')
    assert.equal(res.json().is_active, true)
    const users = await ctx.db.selectFrom('users').select(['id', 'role', 'is_active', 'manager_id']).execute()
    for (const user of users) if (user.id !== adminId && user.id !== secondAdminId) assert.equal(user.role, 'employee', `user ${user.id} became ${user.role}`)
    const emp = users.find((u) => u.id === empId)!
    assert.equal(emp.is_active, 1)
    assert.equal(emp.manager_id, adminId)
    assertPristinePrototype('after poisoned writes')
  })

  it('query strings with __proto__ and constructor keys change nothing', async () => {
    for (const query of ['__proto__[polluted]=yes', 'constructor[prototype][polluted]=yes', '__proto__=x&__proto__.polluted=yes', 'scope[__proto__][polluted]=yes']) {
      const res = await ctx.app.inject({ url: `/api/leave-requests?${query}`, headers: empAuth })
      assert.ok(res.statusCode === 200 || res.statusCode === 400, `${query}: ${res.statusCode}`)
      assertPristinePrototype(query)
    }
  })

  it('later requests still behave normally', async () => {
    assertPristinePrototype('after the attacks')
    // Were "start" or "end" inherited by every object, these would no longer be missing.
    let res = await ctx.app.inject({ method: 'POST', url: '/api/leave-requests', headers: empAuth, payload: {} })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json(), { start: ['This field is required.'], end: ['This field is required.'] })
    res = await ctx.app.inject({ method: 'POST', url: '/api/leave-requests', headers: empAuth, payload: { start: '2042-01-01T00:00:00Z', end: '2042-01-02T00:00:00Z' } })
    assert.equal(res.statusCode, 201)
    assert.equal(res.json().status, 'PENDING')
    assert.equal(res.json().user.id, empId)
    res = await ctx.app.inject({ url: '/api/auth/me', headers: empAuth })
    assert.equal(res.statusCode, 200)
    assert.equal(res.json().role, 'employee')
    res = await ctx.app.inject({ url: '/api/users', headers: empAuth })
    assert.equal(res.statusCode, 403, 'an employee is still not an admin')
    const row = await ctx.db.selectFrom('users').selectAll().where('id', '=', empId).executeTakeFirstOrThrow()
    assert.equal(row.role, 'employee')
    assert.equal(row.is_active, 1)
  })
})

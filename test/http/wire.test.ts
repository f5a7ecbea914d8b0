import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { InjectOptions } from 'fastify'
import { bearer, createTestContext, createUser, login, PASSWORD, type TestContext } from '../helpers/harness.js'

let ctx: TestContext
let headers: Record<string, string>

before(async () => {
  ctx = await createTestContext()
  await createUser(ctx.db, { email: 'wire@example.com' })
  headers = bearer((await login(ctx.app, 'wire@example.com')).access)
})
after(() => ctx.close())

const inject = (opts: InjectOptions) => ctx.app.inject(opts)

describe('GET /healthz', () => {
  it('answers 200 {"status":"ok"} while the database answers', async () => {
    for (const url of ['/healthz', '/healthz/']) {
      const res = await inject({ url })
      assert.equal(res.statusCode, 200, url)
      assert.deepEqual(res.json(), { status: 'ok' })
      assert.match(String(res.headers['content-type']), /^application\/json; charset=utf-8/)
    }
  })

  it('answers 503 when the database does not', async () => {
    const broken = await createTestContext()
    try {
      await broken.db.destroy()
      const res = await broken.app.inject({ url: '/healthz' })
      assert.equal(res.statusCode, 503)
      assert.notEqual(res.json().status, 'ok')
    } finally {
      await broken.close().catch(() => {})
    }
  })
})

describe('OpenAPI and docs', () => {
  // Every route of issue 2 with every status it answers (besides 429/500, which any route may).
  const ROUTES: Record<string, Record<string, number[]>> = {
    '/healthz': { get: [200, 503] },
    '/api/auth/token': { post: [200, 400, 401, 413, 415] },
    '/api/auth/refresh': { post: [200, 400, 401] },
    '/api/auth/forgot-password': { post: [204, 400] },
    '/api/auth/reset-password': { post: [204, 400] },
    '/api/auth/change-password': { post: [204, 400, 401] },
    '/api/auth/me': { get: [200, 401], put: [200, 400, 401], patch: [200, 400, 401] },
    '/api/leave-requests': { get: [200, 400, 401], post: [201, 400, 401] },
    '/api/leave-requests/{id}': { get: [200, 401, 404], put: [200, 400, 401, 404, 409], patch: [200, 400, 401, 404, 409], delete: [204, 401, 404, 409] },
  }

  it('GET /api/openapi.json lists every route with its statuses', async () => {
    const res = await inject({ url: '/api/openapi.json' })
    assert.equal(res.statusCode, 200)
    const doc = res.json()
    assert.match(String(doc.openapi), /^3\./)
    for (const [path, methods] of Object.entries(ROUTES)) {
      const item = doc.paths[path]
      assert.ok(item, `${path} is documented`)
      for (const [method, statuses] of Object.entries(methods)) {
        assert.ok(item[method], `${method.toUpperCase()} ${path} is documented`)
        const documented = Object.keys(item[method].responses ?? {})
        for (const status of statuses) assert.ok(documented.includes(String(status)), `${method.toUpperCase()} ${path} documents ${status}: ${documented}`)
      }
    }
    // The bodies are documented too.
    assert.ok(doc.paths['/api/leave-requests'].post.requestBody)
    assert.ok(doc.paths['/api/auth/me'].put.requestBody)
  })

  it('GET /api/docs serves the Swagger UI page', async () => {
    const res = await inject({ url: '/api/docs' })
    assert.equal(res.statusCode, 200)
    assert.match(String(res.headers['content-type']), /^text\/html/)
    assert.match(res.body, /swagger/i)
  })
})

describe('wire format', () => {
  it('answers unknown routes 404 {"detail":"Not found."}, with or without credentials', async () => {
    for (const [url, h] of [
      ['/', {}],
      ['/api/', {}],
      ['/api/nope/', headers],
      ['/api/auth/token/refresh/', {}],
      ['/api/leave-requests/1/extra', headers],
    ] as const) {
      const res = await inject({ url, headers: h })
      assert.equal(res.statusCode, 404, url)
      assert.deepEqual(res.json(), { detail: 'Not found.' })
      assert.match(String(res.headers['content-type']), /^application\/json; charset=utf-8/)
    }
  })

  it('sends the security headers and no X-Powered-By on every kind of answer', async () => {
    const answers = [
      await inject({ url: '/api/auth/me', headers }),
      await inject({ url: '/api/auth/me' }),
      await inject({ url: '/api/nope' }),
      await inject({ method: 'POST', url: '/api/leave-requests', headers, payload: {} }),
      await inject({ method: 'DELETE', url: '/api/auth/token' }),
      await inject({ url: '/healthz' }),
    ]
    for (const res of answers) {
      const where = `${res.statusCode} ${res.body.slice(0, 60)}`
      assert.equal(res.headers['x-content-type-options'], 'nosniff', where)
      assert.ok(res.headers['referrer-policy'], where)
      assert.equal(res.headers['x-frame-options'], 'DENY', where)
      assert.match(String(res.headers['content-security-policy']), /default-src 'none'/, where)
      assert.equal(res.headers['x-powered-by'], undefined, where)
      assert.equal(res.headers['cache-control'], 'no-store', where)
      assert.equal(res.headers['access-control-allow-origin'], undefined, where)
    }
  })

  it('echoes a well-formed X-Request-Id and generates one otherwise', async () => {
    let res = await inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123.XYZ' } })
    assert.equal(res.headers['x-request-id'], 'abc-123.XYZ')
    res = await inject({ url: '/healthz' })
    const generated = String(res.headers['x-request-id'])
    assert.match(generated, /^[A-Za-z0-9._:-]{8,}$/)
    const again = String((await inject({ url: '/healthz' })).headers['x-request-id'])
    assert.notEqual(again, generated)
    for (const bad of ['has space', 'x'.repeat(500), '<script>']) {
      res = await inject({ url: '/healthz', headers: { 'x-request-id': bad } })
      const id = String(res.headers['x-request-id'])
      assert.notEqual(id, bad)
      assert.match(id, /^[A-Za-z0-9._:-]{8,128}$/)
    }
    // Error answers carry it too.
    res = await inject({ url: '/api/auth/me', headers: { 'x-request-id': 'req-401' } })
    assert.equal(res.statusCode, 401)
    assert.equal(res.headers['x-request-id'], 'req-401')
  })

  it('answers 413 to a body over 64 KiB', async () => {
    const res = await inject({
      method: 'POST',
      url: '/api/auth/token',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'wire@example.com', password: 'x'.repeat(70 * 1024) }),
    })
    assert.equal(res.statusCode, 413)
    assert.equal(typeof res.json().detail, 'string')
    // Just under the limit is read (and then judged on its content).
    const ok = await inject({
      method: 'POST',
      url: '/api/auth/token',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'wire@example.com', password: PASSWORD, pad: 'x'.repeat(60 * 1024) }),
    })
    assert.equal(ok.statusCode, 200)
  })

  it('refuses NUL characters and lone surrogates in strings with 400', async () => {
    const cases = [
      ['{"email":"wire\\u0000@example.com","password":"x"}', 'email'],
      ['{"email":"wire@example.com","password":"\\ud800abc"}', 'password'],
      ['{"email":"wire@example.com","password":"abc\\udc00"}', 'password'],
    ] as const
    for (const [payload, field] of cases) {
      const res = await inject({ method: 'POST', url: '/api/auth/token', headers: { 'content-type': 'application/json' }, payload })
      assert.equal(res.statusCode, 400, payload)
      assert.ok(Array.isArray(res.json()[field]), `${payload}: ${res.body}`)
    }
    const res = await inject({
      method: 'POST',
      url: '/api/leave-requests',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: '{"start":"2030-01-01T00:00:00Z","end":"2030-01-02T00:00:00Z","description":"a\\u0000b"}',
    })
    assert.equal(res.statusCode, 400)
    assert.ok(Array.isArray(res.json().description), res.body)
    const list = await inject({ url: '/api/leave-requests', headers })
    assert.deepEqual(list.json(), [])
  })

  it('answers malformed JSON, non-object bodies and other content types as the original did', async () => {
    let res = await inject({ method: 'POST', url: '/api/leave-requests', headers: { ...headers, 'content-type': 'application/json' }, payload: '{"start":' })
    assert.equal(res.statusCode, 400)
    assert.match(res.json().detail, /^JSON parse error - /)
    res = await inject({ method: 'PATCH', url: '/api/auth/me', headers: { ...headers, 'content-type': 'application/json' }, payload: '"text"' })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json(), { error: ['Invalid data. Expected an object.'] })
    res = await inject({ method: 'POST', url: '/api/leave-requests', headers: { ...headers, 'content-type': 'text/plain' }, payload: 'hello' })
    assert.equal(res.statusCode, 415)
    assert.equal(typeof res.json().detail, 'string')
  })

  it('answers TRACE with 405 and never echoes the request', async () => {
    for (const url of ['/api/auth/token', '/api/leave-requests', '/api/auth/me']) {
      const res = await inject({ method: 'TRACE', url, headers })
      assert.equal(res.statusCode, 405, url)
      assert.deepEqual(res.json(), { detail: 'Method "TRACE" not allowed.' })
      assert.ok(res.headers.allow)
      assert.ok(!res.body.includes('Bearer'))
    }
  })

  it('never shows a stack trace, SQL or a file path in an error body', async () => {
    const bodies = [
      await inject({ method: 'POST', url: '/api/auth/token', headers: { 'content-type': 'application/json' }, payload: '{"email": nope}' }),
      await inject({ url: '/api/leave-requests/99999999999999999999999999', headers }),
      await inject({ url: '/api/leave-requests?limit=1e999', headers }),
    ].map((r) => r.body)
    for (const body of bodies) assert.doesNotMatch(body, /\/work\/|node_modules|\.ts:\d|SELECT|at \w+ \(/i, body)
  })
})

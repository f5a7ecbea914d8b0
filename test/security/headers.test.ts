// Response headers (OWASP secure headers): on every kind of response, successes and errors alike,
// including those the router and node's HTTP parser answer before any hook; caching of tokens and
// personal data; HSTS only behind https; CORS only for the exact configured origins.
import assert from 'node:assert/strict'
import http from 'node:http'
import net from 'node:net'
import { after, before, describe, it } from 'node:test'
import type { InjectOptions } from 'fastify'
import { sql } from 'kysely'
import { bearer, createTestContext, createUser, login, type TestContext } from '../helpers/harness.js'

const API_CSP = "default-src 'none'; frame-ancestors 'none'"
const HSTS = 'max-age=31536000; includeSubDomains'
const ALLOWED = ['https://a.example', 'https://b.example']

type Headers = Record<string, string | string[] | number | undefined>
interface Sample {
  what: string
  status: number
  headers: Headers
}

/** The headers every response carries, whatever its status. */
function assertBaseline({ what, headers }: Sample, opts: { hsts: boolean; docs?: boolean }) {
  assert.equal(headers['x-content-type-options'], 'nosniff', what)
  assert.equal(headers['referrer-policy'], 'no-referrer', what)
  assert.equal(headers['x-frame-options'], 'DENY', what)
  if (!opts.docs) assert.equal(headers['content-security-policy'], API_CSP, what)
  assert.equal(headers['x-powered-by'], undefined, what)
  if (headers.server !== undefined) assert.doesNotMatch(String(headers.server), /\d/, `${what}: Server names a version`)
  if (opts.hsts) assert.equal(headers['strict-transport-security'], HSTS, what)
  else assert.equal(headers['strict-transport-security'], undefined, `${what}: HSTS over http`)
  assert.equal(headers['access-control-allow-origin'], undefined, `${what}: CORS without CORS_ORIGINS`)
}

/** One response of every kind the API gives: success, each 4xx, router errors, and a forced 500. */
async function everyKindOfResponse(ctx: TestContext, auth: Record<string, string>): Promise<Sample[]> {
  const samples: Sample[] = []
  const add = async (what: string, opts: InjectOptions, status: number) => {
    const res = await ctx.app.inject(opts)
    assert.equal(res.statusCode, status, `${what}: ${res.body.slice(0, 200)}`)
    samples.push({ what, status, headers: res.headers })
  }
  await add('200 health', { url: '/healthz' }, 200)
  await add('200 token', { method: 'POST', url: '/api/auth/token', payload: { email: 'h@example.com', password: 'correct-horse-battery-staple' } }, 200)
  await add('200 profile', { url: '/api/auth/me', headers: auth }, 200)
  await add('201 created', { method: 'POST', url: '/api/leave-requests', headers: auth, payload: { start: '2040-01-01T00:00:00Z', end: '2040-01-02T00:00:00Z' } }, 201)
  await add('200 list', { url: '/api/leave-requests', headers: auth }, 200)
  await add('204 no content', { method: 'POST', url: '/api/auth/forgot-password', payload: { email: 'nobody@example.com' } }, 204)
  await add('204 options', { method: 'OPTIONS', url: '/api/leave-requests' }, 204)
  await add('400 fields', { method: 'POST', url: '/api/leave-requests', headers: auth, payload: {} }, 400)
  await add('400 json', { method: 'POST', url: '/api/auth/token', headers: { 'content-type': 'application/json' }, payload: '{' }, 400)
  await add('401', { url: '/api/auth/me' }, 401)
  await add('403', { url: '/api/users', headers: auth }, 403)
  await add('404 id', { url: '/api/leave-requests/999999', headers: auth }, 404)
  await add('404 unknown route', { url: '/nope' }, 404)
  await add('404 bad percent-encoding', { url: '/api/leave-requests/%zz', headers: auth }, 404)
  await add('404 over-long id', { url: `/api/leave-requests/${'9'.repeat(500)}`, headers: auth }, 404)
  await add('405', { method: 'PATCH', url: '/api/leave-requests' }, 405)
  await add('405 TRACE', { method: 'TRACE' as InjectOptions['method'], url: '/api/auth/me' }, 405)
  await add('413', { method: 'POST', url: '/api/auth/token', headers: { 'content-type': 'application/json' }, payload: 'x'.repeat(70_000) }, 413)
  await add('415', { method: 'POST', url: '/api/auth/token', headers: { 'content-type': 'text/plain' }, payload: 'x' }, 415)
  return samples
}

describe('secure headers over http (no CORS_ORIGINS)', () => {
  let ctx: TestContext
  let auth: Record<string, string>
  before(async () => {
    ctx = await createTestContext()
    await createUser(ctx.db, { email: 'h@example.com' })
    auth = bearer((await login(ctx.app, 'h@example.com')).access)
  })
  after(() => ctx.close())

  it('every response, success or error, carries them; no HSTS over http; no CORS', async () => {
    const samples = await everyKindOfResponse(ctx, auth)
    for (const sample of samples) assertBaseline(sample, { hsts: false })
    // And an Origin changes nothing when no origin is configured.
    const res = await ctx.app.inject({ url: '/healthz', headers: { origin: 'https://a.example' } })
    assertBaseline({ what: 'with Origin', status: res.statusCode, headers: res.headers }, { hsts: false })
    assert.equal(res.headers['access-control-allow-origin'], undefined)
  })

  it('Cache-Control: no-store on token responses and every authenticated response', async () => {
    const { refresh } = await login(ctx.app, 'h@example.com')
    const responses = [
      await ctx.app.inject({ method: 'POST', url: '/api/auth/token', payload: { email: 'h@example.com', password: 'correct-horse-battery-staple' } }),
      await ctx.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refresh } }),
      await ctx.app.inject({ url: '/api/auth/me', headers: auth }),
      await ctx.app.inject({ method: 'PATCH', url: '/api/auth/me', headers: auth, payload: { first_name: 'H' } }),
      await ctx.app.inject({ url: '/api/leave-requests', headers: auth }),
      await ctx.app.inject({ url: '/api/approvals', headers: auth }),
    ]
    const created = await ctx.app.inject({ method: 'POST', url: '/api/leave-requests', headers: auth, payload: { start: '2041-01-01T00:00:00Z', end: '2041-01-02T00:00:00Z' } })
    responses.push(created, await ctx.app.inject({ url: `/api/leave-requests/${created.json().id}`, headers: auth }))
    responses.push(await ctx.app.inject({ url: `/api/leave-requests/${created.json().id}/history`, headers: auth }))
    for (const res of responses) {
      assert.ok(res.statusCode < 300, `${res.statusCode} ${res.body.slice(0, 100)}`)
      assert.equal(res.headers['cache-control'], 'no-store', res.body.slice(0, 100))
    }
  })

  it('a forced internal error (500) carries them too, and says nothing but "Server error."', async () => {
    const broken = await createTestContext()
    try {
      await createUser(broken.db, { email: 'h@example.com' })
      const brokenAuth = bearer((await login(broken.app, 'h@example.com')).access)
      await sql`ALTER TABLE leave_requests RENAME TO leave_requests_gone`.execute(broken.db)
      const res = await broken.app.inject({ url: '/api/leave-requests', headers: { ...brokenAuth, 'x-request-id': 'forced-500' } })
      assert.equal(res.statusCode, 500)
      assert.deepEqual(res.json(), { detail: 'Server error.' })
      assert.equal(res.headers['x-request-id'], 'forced-500')
      assert.equal(res.headers['cache-control'], 'no-store')
      assertBaseline({ what: '500', status: 500, headers: res.headers }, { hsts: false })
    } finally {
      await broken.close()
    }
  })

  it('the docs page gets a CSP that lets it work: its scripts and styles are its own files, all served', async () => {
    const page = await ctx.app.inject({ url: '/api/docs' })
    assert.equal(page.statusCode, 200)
    assertBaseline({ what: 'docs', status: 200, headers: page.headers }, { hsts: false, docs: true })
    const csp = String(page.headers['content-security-policy'])
    assert.notEqual(csp, API_CSP, 'the API CSP would block Swagger UI')
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]))
    const allows = (directive: string, source: string) => (directives.get(directive) ?? directives.get('default-src') ?? []).includes(source)
    assert.ok(allows('script-src', "'self'"), csp)
    assert.ok(allows('style-src', "'self'"), csp)
    assert.ok(allows('connect-src', "'self'"), `${csp}: Swagger UI fetches the document`)
    assert.ok(!allows('script-src', "'unsafe-eval'") && !allows('script-src', '*'), csp)
    assert.deepEqual(directives.get('frame-ancestors'), ["'none'"])
    // Inline scripts would be blocked by script-src 'self': there must be none.
    const scripts = [...page.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)]
    assert.ok(scripts.length > 0)
    for (const [, attrs, content] of scripts) {
      assert.match(attrs!, /src="[^"]+"/, 'an inline script')
      assert.equal(content!.trim(), '', 'an inline script')
    }
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
    for (const asset of assets) {
      assert.ok(asset.startsWith('/') && !asset.startsWith('//'), `${asset} is not same-origin`)
      const res = await ctx.app.inject({ url: asset })
      assert.equal(res.statusCode, 200, asset)
    }
    const document = await ctx.app.inject({ url: '/api/docs/json' })
    assert.equal(document.statusCode, 200)
  })

  it('on the wire: no Server version, no X-Powered-By, and the parser’s own errors carry the headers', async () => {
    await ctx.app.listen({ port: 0, host: '127.0.0.1' })
    const port = (ctx.app.server.address() as net.AddressInfo).port
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => http.get({ host: '127.0.0.1', port, path: '/healthz' }, resolve).on('error', reject))
    res.resume()
    assert.equal(res.statusCode, 200)
    assertBaseline({ what: 'wire', status: 200, headers: res.headers }, { hsts: false })
    // Headers too large for node's parser: answered before Fastify sees the request.
    const raw = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1')
      let out = ''
      socket.on('data', (d) => (out += d.toString()))
      socket.on('error', () => {})
      socket.on('close', () => resolve(out))
      socket.write(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)
    })
    assert.match(raw, /^HTTP\/1\.1 431 /)
    const headers = Object.fromEntries(
      raw
        .split('\r\n\r\n')[0]!
        .split('\r\n')
        .slice(1)
        .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
    )
    assertBaseline({ what: '431', status: 431, headers }, { hsts: false })
    assert.equal(typeof JSON.parse(raw.split('\r\n\r\n')[1]!).detail, 'string')
  })
})

describe('behind https with CORS_ORIGINS', () => {
  let ctx: TestContext
  let auth: Record<string, string>
  before(async () => {
    ctx = await createTestContext({ APP_URL: 'https://leave.example.com', CORS_ORIGINS: ALLOWED.join(',') })
    await createUser(ctx.db, { email: 'h@example.com' })
    auth = bearer((await login(ctx.app, 'h@example.com')).access)
  })
  after(() => ctx.close())

  it('Strict-Transport-Security on every response when APP_URL is https', async () => {
    for (const sample of await everyKindOfResponse(ctx, auth)) {
      assert.equal(sample.headers['strict-transport-security'], HSTS, sample.what)
      assert.equal(sample.headers['x-content-type-options'], 'nosniff', sample.what)
    }
  })

  it('echoes exactly the allowed origins, with Vary: Origin, on successes and errors', async () => {
    for (const origin of ALLOWED) {
      for (const [url, headers] of [
        ['/api/leave-requests', auth],
        ['/api/auth/me', {}],
        ['/nope', {}],
      ] as const) {
        const res = await ctx.app.inject({ url, headers: { ...headers, origin } })
        assert.equal(res.headers['access-control-allow-origin'], origin, `${origin} ${url}`)
        assert.match(String(res.headers.vary), /\bOrigin\b/i, `${origin} ${url}`)
        assert.equal(res.headers['access-control-allow-credentials'], undefined)
        assert.equal(res.headers['strict-transport-security'], HSTS)
      }
    }
  })

  it('gives no CORS headers to any other origin, and never "*"', async () => {
    const refused = [
      'null',
      'https://evil.example',
      'https://a.example.evil.com',
      'https://evil.com/https://a.example',
      'http://a.example',
      'https://a.example:8443',
      'https://a.example/',
      'https://A.EXAMPLE',
      'https://aa.example',
      'https://a.examplex',
      ' https://a.example',
      'https://a.example, https://evil.example',
      '*',
      '',
    ]
    for (const origin of refused) {
      for (const method of ['GET', 'OPTIONS'] as const) {
        const res = await ctx.app.inject({ method, url: '/api/leave-requests', headers: { ...auth, origin, 'access-control-request-method': 'POST' } })
        const cors = Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))
        assert.deepEqual(cors, [], `${method} Origin ${JSON.stringify(origin)} got ${cors.join(', ')}`)
        assert.match(String(res.headers.vary), /\bOrigin\b/i, `a cache must not reuse an allowed origin's answer for ${origin}`)
      }
    }
    // Without any Origin: no CORS headers either.
    const res = await ctx.app.inject({ url: '/api/leave-requests', headers: auth })
    assert.equal(res.headers['access-control-allow-origin'], undefined)
  })

  it('preflight from an allowed origin: 204 with the allowed methods and headers; from another origin: none', async () => {
    for (const url of ['/api/leave-requests', '/api/leave-requests/1', '/api/auth/token']) {
      const res = await ctx.app.inject({
        method: 'OPTIONS',
        url,
        headers: { origin: 'https://b.example', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization, content-type' },
      })
      assert.equal(res.statusCode, 204, url)
      assert.equal(res.body, '')
      assert.equal(res.headers['access-control-allow-origin'], 'https://b.example')
      const methods = String(res.headers['access-control-allow-methods']).split(/,\s*/)
      for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) assert.ok(methods.includes(m), `${url}: ${m} not allowed`)
      const allowedHeaders = String(res.headers['access-control-allow-headers']).toLowerCase()
      assert.match(allowedHeaders, /\bauthorization\b/)
      assert.match(allowedHeaders, /\bcontent-type\b/)
      assert.match(String(res.headers.vary), /\bOrigin\b/i)
      assert.equal(res.headers['x-content-type-options'], 'nosniff')
      // A preflight is not authenticated: it must not need or reveal anything.
      assert.equal(res.headers['www-authenticate'], undefined)
    }
    const evil = await ctx.app.inject({
      method: 'OPTIONS',
      url: '/api/leave-requests',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'authorization' },
    })
    assert.ok(evil.statusCode < 500)
    assert.deepEqual(Object.keys(evil.headers).filter((h) => h.startsWith('access-control-')), [])
  })

  it('an allowed origin’s actual request exposes the headers a client needs', async () => {
    const res = await ctx.app.inject({ url: '/api/leave-requests', headers: { ...auth, origin: 'https://a.example' } })
    const exposed = String(res.headers['access-control-expose-headers']).toLowerCase()
    for (const h of ['x-total-count', 'link', 'location']) assert.match(exposed, new RegExp(`\\b${h}\\b`))
  })
})

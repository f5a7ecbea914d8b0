// The cookie variant of sign-in for the web app: POST/DELETE /api/auth/session and
// POST /api/auth/session/refresh. The refresh token lives in an HttpOnly cookie; CSRF is refused by a
// required header and the Origin check.
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import pino from 'pino'
import { REDACTED_PATHS } from '../../src/app.js'
import { bearer, createTestContext, createUser, login, PASSWORD, type TestContext } from '../helpers/harness.js'

const CSRF = { 'x-requested-with': 'leavedesk' }
const ATTRIBUTES = 'Path=/api/auth/; HttpOnly; Secure; SameSite=Strict'
const CLEARED = `leavedesk_refresh=; Max-Age=0; ${ATTRIBUTES}`
const INVALID_REFRESH = { detail: 'Token is invalid or expired', code: 'token_not_valid' }
const NO_SESSION = { detail: 'No session: the leavedesk_refresh cookie is missing or malformed. Sign in again.', code: 'session_missing' }
const MISSING_HEADER = { detail: 'CSRF check failed: this endpoint requires the header "X-Requested-With: leavedesk".' }
const FOREIGN_ORIGIN = { detail: "CSRF check failed: the request's Origin is not this app's origin." }

/** The one Set-Cookie header of a response (undefined when none). */
function setCookie(res: LightMyRequestResponse): string | undefined {
  const header = res.headers['set-cookie']
  if (Array.isArray(header)) {
    assert.equal(header.length, 1, `one Set-Cookie header, got ${JSON.stringify(header)}`)
    return header[0]
  }
  return header
}

/** The refresh token a sign-in set, after checking the cookie's attributes exactly. */
function sessionToken(res: LightMyRequestResponse, maxAge: number): string {
  const cookie = setCookie(res)
  const m = /^leavedesk_refresh=([A-Za-z0-9_.-]+); (.*)$/.exec(cookie ?? '')
  assert.ok(m, `a session cookie: ${cookie}`)
  assert.equal(m[2], `Max-Age=${maxAge}; ${ATTRIBUTES}`)
  return m[1]!
}

const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>

function suite(ctxOf: () => TestContext) {
  const signIn = (email: string, headers: Record<string, string> = CSRF, password = PASSWORD) =>
    ctxOf().app.inject({ method: 'POST', url: '/api/auth/session', headers, payload: { email, password } })
  const refresh = (cookie: string | undefined, headers: Record<string, string> = CSRF) =>
    ctxOf().app.inject({ method: 'POST', url: '/api/auth/session/refresh', headers: { ...headers, ...(cookie !== undefined ? { cookie } : {}) } })
  const signOut = (cookie: string | undefined, headers: Record<string, string> = CSRF) =>
    ctxOf().app.inject({ method: 'DELETE', url: '/api/auth/session', headers: { ...headers, ...(cookie !== undefined ? { cookie } : {}) } })
  return { signIn, refresh, signOut }
}

describe('cookie sessions (no rotation)', () => {
  let ctx: TestContext
  const { signIn, refresh, signOut } = suite(() => ctx)
  const me = (access: string) => ctx.app.inject({ url: '/api/auth/me', headers: bearer(access) })
  let seq = 0
  const newUser = async () => {
    const email = `cookie${++seq}@example.com`
    const user = await createUser(ctx.db, { email })
    return { email, user }
  }

  before(async () => {
    ctx = await createTestContext({ CORS_ORIGINS: 'https://partner.example.com' })
  })
  after(() => ctx.close())

  it('signs in: the access token in the body, the refresh token in an HttpOnly Secure SameSite=Strict cookie on /api/auth/', async () => {
    const { email, user } = await newUser()
    const res = await signIn(email)
    assert.equal(res.statusCode, 200, res.body)
    assert.deepEqual(Object.keys(res.json()), ['access'])
    assert.equal(res.headers['cache-control'], 'no-store')
    const token = sessionToken(res, ctx.config.refreshTokenLifetime)
    assert.equal(setCookie(res), `leavedesk_refresh=${token}; Max-Age=1296000; Path=/api/auth/; HttpOnly; Secure; SameSite=Strict`)
    assert.equal(claims(token).token_type, 'refresh')
    assert.equal(claims(token).user_id, user.id)
    // Recorded like any refresh token, so logout-all and theft detection reach it.
    const row = await ctx.db.selectFrom('refresh_tokens').selectAll().where('jti', '=', String(claims(token).jti)).executeTakeFirst()
    assert.equal(row?.user_id, user.id)
    assert.equal((await me(res.json().access)).statusCode, 200)
  })

  it('Max-Age follows REFRESH_TOKEN_LIFETIME', async () => {
    const short = await createTestContext({ REFRESH_TOKEN_LIFETIME: '3600' })
    try {
      await createUser(short.db, { email: 'short@example.com' })
      const res = await short.app.inject({ method: 'POST', url: '/api/auth/session', headers: CSRF, payload: { email: 'short@example.com', password: PASSWORD } })
      assert.equal(res.statusCode, 200, res.body)
      const token = sessionToken(res, 3600)
      assert.equal(Number(claims(token).exp) - Number(claims(token).iat), 3600)
    } finally {
      await short.close()
    }
  })

  it('sign-in answers the errors of POST /api/auth/token, and sets no cookie', async () => {
    const { email } = await newUser()
    let res = await signIn(email, CSRF, 'wrong-password-123')
    assert.equal(res.statusCode, 401)
    assert.deepEqual(res.json(), { detail: 'No active account found with the given credentials', code: 'no_active_account' })
    assert.equal(res.headers['www-authenticate'], 'Bearer realm="api"')
    assert.equal(setCookie(res), undefined)
    res = await ctx.app.inject({ method: 'POST', url: '/api/auth/session', headers: CSRF, payload: { email: '' } })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json(), { email: ['This field may not be blank.'], password: ['This field is required.'] })
    assert.equal(setCookie(res), undefined)
  })

  it('shares the sign-in throttles of POST /api/auth/token', async () => {
    const { email } = await newUser()
    for (let i = 0; i < ctx.config.loginFailuresPerAccount; i++) {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/token', payload: { email, password: 'wrong-password-123' } })
      assert.equal(res.statusCode, 401)
    }
    const res = await signIn(email)
    assert.equal(res.statusCode, 429, 'even the right password is refused past the limit')
    assert.ok(Number(res.headers['retry-after']) > 0)
    assert.equal(setCookie(res), undefined)
  })

  it('refreshes from the cookie: a new access token, no new cookie without rotation', async () => {
    const { email, user } = await newUser()
    const token = sessionToken(await signIn(email), ctx.config.refreshTokenLifetime)
    for (const url of ['/api/auth/session/refresh', '/api/auth/session/refresh/']) {
      const res = await ctx.app.inject({ method: 'POST', url, headers: { ...CSRF, cookie: `theme=dark; leavedesk_refresh=${token}; other=1` } })
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`)
      assert.deepEqual(Object.keys(res.json()), ['access'])
      assert.equal(setCookie(res), undefined)
      assert.equal(claims(res.json().access).token_type, 'access')
      const profile = await me(res.json().access)
      assert.equal(profile.json().id, user.id)
    }
    // A body is not needed, and one sent is not read.
    const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/session/refresh', headers: { ...CSRF, cookie: `leavedesk_refresh=${token}` }, payload: { refresh: 'ignored' } })
    assert.equal(res.statusCode, 200, res.body)
  })

  it('refresh without the cookie: 401 saying so, and the cookie cleared', async () => {
    for (const cookie of [undefined, '', 'theme=dark', 'leavedesk_refresh=', 'leavedesk_refresh', 'Leavedesk_Refresh=a.b.c']) {
      const res = await refresh(cookie)
      assert.equal(res.statusCode, 401, String(cookie))
      assert.deepEqual(res.json(), NO_SESSION)
      assert.equal(res.headers['www-authenticate'], 'Bearer realm="api"')
      assert.equal(setCookie(res), CLEARED, String(cookie))
    }
  })

  it('refresh with a tampered, foreign or wrong-type cookie: 401 and the cookie cleared', async () => {
    const { email } = await newUser()
    const signedIn = await signIn(email)
    const token = sessionToken(signedIn, ctx.config.refreshTokenLifetime)
    const [h, p, s] = token.split('.') as [string, string, string]
    const forged = Buffer.from(JSON.stringify({ ...claims(token), user_id: 1 })).toString('base64url')
    const cases: Array<[string, unknown]> = [
      [`${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`, INVALID_REFRESH],
      [`${h}.${forged}.${s}`, INVALID_REFRESH],
      [`${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.`, NO_SESSION],
      ['eyJ.eyJ.sig', INVALID_REFRESH],
      [signedIn.json().access, { detail: 'Token has wrong type', code: 'token_not_valid' }],
    ]
    for (const [value, expected] of cases) {
      const res = await refresh(`leavedesk_refresh=${value}`)
      assert.equal(res.statusCode, 401, value)
      assert.deepEqual(res.json(), expected, value)
      assert.equal(setCookie(res), CLEARED, value)
    }
    assert.equal((await refresh(`leavedesk_refresh=${token}`)).statusCode, 200, 'the real session still works')
  })

  it('hostile Cookie headers answer 401, never 500', async () => {
    const { email } = await newUser()
    const token = sessionToken(await signIn(email), ctx.config.refreshTokenLifetime)
    const hostile = [
      `leavedesk_refresh=${'a'.repeat(200_000)}`,
      `leavedesk_refresh=${'a'.repeat(3000)}.${'b'.repeat(3000)}.${'c'.repeat(3000)}`,
      `leavedesk_refresh=${token.slice(0, 10)}.${'x'.repeat(4000)}.${token.slice(-10)}`,
      'x'.repeat(100_000),
      ';'.repeat(50_000),
      '='.repeat(50_000),
      Array.from({ length: 5000 }, (_, i) => `c${i}=${i}`).join('; '),
      'leavedesk_refresh=%zz%00%',
      `leavedesk_refresh=${encodeURIComponent('\u0000\u202e')}`,
      'leavedesk_refresh="unterminated',
      'leavedesk_refresh="a.b.c"',
      `leavedesk_refresh="${token}x"`,
      'leavedesk_refresh=a.b.c.d',
      'leavedesk_refresh=__proto__',
      '__proto__=1; constructor=2; leavedesk_refresh=toString',
      `leavedesk_refresh=${token}; leavedesk_refresh=${token}`.replace(token, 'bad'),
    ]
    for (const cookie of hostile) {
      const res = await refresh(cookie)
      assert.equal(res.statusCode, 401, `${cookie.slice(0, 60)} -> ${res.statusCode} ${res.body.slice(0, 200)}`)
      assert.ok(['token_not_valid', 'session_missing'].includes(res.json().code), res.body)
      assert.equal(setCookie(res), CLEARED)
      // Sign-out takes the same headers calmly.
      assert.equal((await signOut(cookie)).statusCode, 204)
    }
    // The first cookie of the name counts, as browsers send the most specific path first.
    assert.equal((await refresh(`leavedesk_refresh=${token}; leavedesk_refresh=bad`)).statusCode, 200)
    assert.equal((await refresh(`leavedesk_refresh="${token}"`)).statusCode, 200, 'a quoted value is the same value')
  })

  it('sign-out revokes the refresh token and clears the cookie, without a bearer token', async () => {
    const { email } = await newUser()
    const first = sessionToken(await signIn(email), ctx.config.refreshTokenLifetime)
    const second = sessionToken(await signIn(email), ctx.config.refreshTokenLifetime)
    const res = await signOut(`leavedesk_refresh=${first}`)
    assert.equal(res.statusCode, 204)
    assert.equal(res.body, '')
    assert.equal(setCookie(res), CLEARED)
    const row = await ctx.db.selectFrom('refresh_tokens').selectAll().where('jti', '=', String(claims(first).jti)).executeTakeFirstOrThrow()
    assert.notEqual(row.revoked_at, null)
    const again = await refresh(`leavedesk_refresh=${first}`)
    assert.equal(again.statusCode, 401)
    assert.deepEqual(again.json(), INVALID_REFRESH)
    assert.equal((await refresh(`leavedesk_refresh=${second}`)).statusCode, 200, 'another session of the same user goes on')
    // Signing out again, or with no cookie at all, is still a sign-out: 204 and the cookie cleared.
    for (const cookie of [`leavedesk_refresh=${first}`, undefined]) {
      const repeat = await signOut(cookie)
      assert.equal(repeat.statusCode, 204)
      assert.equal(setCookie(repeat), CLEARED)
    }
  })

  it('sign-out works after the access token expired and with a deactivated account', async () => {
    const { email, user } = await newUser()
    const token = sessionToken(await signIn(email), ctx.config.refreshTokenLifetime)
    await ctx.db.updateTable('users').set({ is_active: 0 }).where('id', '=', user.id).execute()
    assert.equal((await signOut(`leavedesk_refresh=${token}`)).statusCode, 204)
    const row = await ctx.db.selectFrom('refresh_tokens').selectAll().where('jti', '=', String(claims(token).jti)).executeTakeFirstOrThrow()
    assert.notEqual(row.revoked_at, null)
  })

  it('logout-all ends the cookie sessions too', async () => {
    const { email } = await newUser()
    const browser = await signIn(email)
    const cookie = `leavedesk_refresh=${sessionToken(browser, ctx.config.refreshTokenLifetime)}`
    const other = sessionToken(await signIn(email), ctx.config.refreshTokenLifetime)
    const api = await login(ctx.app, email)
    assert.equal((await refresh(cookie)).statusCode, 200)
    const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout-all', headers: bearer(api.access) })
    assert.equal(res.statusCode, 204)
    for (const session of [cookie, `leavedesk_refresh=${other}`]) {
      const after = await refresh(session)
      assert.equal(after.statusCode, 401)
      assert.deepEqual(after.json(), INVALID_REFRESH)
      assert.equal(setCookie(after), CLEARED)
    }
    assert.equal((await me(browser.json().access)).statusCode, 401, 'the cookie sign-in’s access token ends too')
  })

  it('a password change ends the cookie session', async () => {
    const { email } = await newUser()
    const browser = await signIn(email)
    const cookie = `leavedesk_refresh=${sessionToken(browser, ctx.config.refreshTokenLifetime)}`
    const next = 'orange-walrus-paints-slowly'
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/change-password',
      headers: bearer(browser.json().access),
      payload: { current_password: PASSWORD, new_password: next, confirm_new_password: next },
    })
    assert.equal(res.statusCode, 204, res.body)
    assert.equal((await refresh(cookie)).statusCode, 401)
  })

  describe('CSRF', () => {
    it('every cookie endpoint refuses a request without X-Requested-With: leavedesk, with 403 naming the header', async () => {
      const { email } = await newUser()
      const token = sessionToken(await signIn(email), ctx.config.refreshTokenLifetime)
      const cookie = `leavedesk_refresh=${token}`
      const refused: Array<Record<string, string>> = [{}, { 'x-requested-with': 'XMLHttpRequest' }, { 'x-requested-with': 'Leavedesk' }, { 'x-requested-with': '' }, { 'x-requested-with': 'leavedesk ' }]
      for (const headers of refused) {
        const sent = [await signIn(email, headers), await refresh(cookie, headers), await signOut(cookie, headers)]
        for (const res of sent) {
          assert.equal(res.statusCode, 403, `${JSON.stringify(headers)} -> ${res.body}`)
          assert.deepEqual(res.json(), MISSING_HEADER)
          assert.equal(setCookie(res), undefined, 'a refused request sets no cookie and clears none')
        }
      }
      // The refused sign-out revoked nothing.
      assert.equal((await refresh(cookie)).statusCode, 200)
    })

    it('the header is checked before the body is read or the password tried', async () => {
      const { email } = await newUser()
      const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/session', headers: { 'content-type': 'application/json' }, payload: '{"email":' })
      assert.equal(res.statusCode, 403)
      // Refused attempts do not count as failed sign-ins.
      for (let i = 0; i < ctx.config.loginFailuresPerAccount + 1; i++) assert.equal((await signIn(email, {}, 'wrong-password-123')).statusCode, 403)
      assert.equal((await signIn(email)).statusCode, 200)
    })

    it('refuses an Origin that is neither the app’s nor a configured CORS origin', async () => {
      const { email } = await newUser()
      const cookie = `leavedesk_refresh=${sessionToken(await signIn(email), ctx.config.refreshTokenLifetime)}`
      for (const origin of ['https://evil.example', 'null', 'http://localhost:8001', 'https://localhost:8000', 'http://localhost:8000.evil.example', 'http://localhost', 'https://partner.example.com.evil', '']) {
        const headers = { ...CSRF, origin }
        for (const res of [await signIn(email, headers), await refresh(cookie, headers), await signOut(cookie, headers)]) {
          assert.equal(res.statusCode, 403, `${origin} -> ${res.body}`)
          assert.deepEqual(res.json(), FOREIGN_ORIGIN)
        }
      }
      assert.equal((await refresh(cookie)).statusCode, 200, 'the refused sign-out revoked nothing')
    })

    it('accepts the app’s own origin (APP_URL, also by its loopback names) and the configured CORS origins', async () => {
      assert.equal(ctx.config.appUrl, 'http://localhost:8000')
      const { email } = await newUser()
      for (const origin of ['http://localhost:8000', 'http://127.0.0.1:8000', 'http://[::1]:8000', 'https://partner.example.com']) {
        const res = await signIn(email, { ...CSRF, origin })
        assert.equal(res.statusCode, 200, `${origin} -> ${res.body}`)
        const cookie = `leavedesk_refresh=${sessionToken(res, ctx.config.refreshTokenLifetime)}`
        assert.equal((await refresh(cookie, { ...CSRF, origin })).statusCode, 200, origin)
        assert.equal((await signOut(cookie, { ...CSRF, origin })).statusCode, 204, origin)
      }
    })

    it('an https APP_URL on a public name is the only origin (no loopback aliases)', async () => {
      const prod = await createTestContext({ APP_URL: 'https://leave.example.com' })
      try {
        await createUser(prod.db, { email: 'prod@example.com' })
        const as = (origin: string) =>
          prod.app.inject({ method: 'POST', url: '/api/auth/session', headers: { ...CSRF, origin }, payload: { email: 'prod@example.com', password: PASSWORD } })
        assert.equal((await as('https://leave.example.com')).statusCode, 200)
        for (const origin of ['http://leave.example.com', 'http://localhost:8000', 'http://127.0.0.1', 'https://leave.example.com:8443']) {
          assert.equal((await as(origin)).statusCode, 403, origin)
        }
      } finally {
        await prod.close()
      }
    })
  })

  it('other methods answer 405 with Allow', async () => {
    let res = await ctx.app.inject({ method: 'GET', url: '/api/auth/session', headers: CSRF })
    assert.equal(res.statusCode, 405)
    assert.match(String(res.headers.allow), /POST/)
    assert.match(String(res.headers.allow), /DELETE/)
    res = await ctx.app.inject({ method: 'GET', url: '/api/auth/session/refresh', headers: CSRF })
    assert.equal(res.statusCode, 405)
  })

  it('documents the endpoints, their 403 and their public security in the OpenAPI document', async () => {
    const doc = (await ctx.app.inject({ url: '/api/openapi.json' })).json()
    const ops: Array<[string, string, string, string[]]> = [
      ['post', '/api/auth/session', 'createSession', ['200', '400', '401', '403', '413', '415', '429', '500']],
      ['post', '/api/auth/session/refresh', 'refreshSession', ['200', '400', '401', '403', '413', '415', '429', '500']],
      ['delete', '/api/auth/session', 'deleteSession', ['204', '400', '403', '413', '415', '429', '500']],
    ]
    for (const [method, path, id, statuses] of ops) {
      const op = doc.paths[path]?.[method]
      assert.ok(op, `${method} ${path}`)
      assert.equal(op.operationId, id)
      assert.deepEqual(op.security, [])
      assert.deepEqual(Object.keys(op.responses).sort(), statuses, `${method} ${path}`)
      assert.match(op.description, /X-Requested-With: leavedesk/)
    }
  })
})

describe('cookie sessions with ROTATE_REFRESH_TOKENS=true', () => {
  let ctx: TestContext
  const { signIn, refresh, signOut } = suite(() => ctx)
  before(async () => {
    ctx = await createTestContext({ ROTATE_REFRESH_TOKENS: 'true' })
    await createUser(ctx.db, { email: 'rotate@example.com' })
  })
  after(() => ctx.close())

  it('each refresh sets a new cookie and retires the old one; presenting a retired one ends the sign-in', async () => {
    const first = sessionToken(await signIn('rotate@example.com'), ctx.config.refreshTokenLifetime)
    const res = await refresh(`leavedesk_refresh=${first}`)
    assert.equal(res.statusCode, 200, res.body)
    assert.deepEqual(Object.keys(res.json()), ['access'], 'the rotated refresh token is in the cookie only')
    const second = sessionToken(res, ctx.config.refreshTokenLifetime)
    assert.notEqual(second, first)
    const third = sessionToken(await refresh(`leavedesk_refresh=${second}`), ctx.config.refreshTokenLifetime)

    // The retired first token again: two parties hold the session, so the whole family is revoked.
    const replayed = await refresh(`leavedesk_refresh=${first}`)
    assert.equal(replayed.statusCode, 401)
    assert.deepEqual(replayed.json(), INVALID_REFRESH)
    assert.equal(setCookie(replayed), CLEARED)
    assert.equal((await refresh(`leavedesk_refresh=${third}`)).statusCode, 401, 'the newest cookie of that sign-in ends too')
  })

  it('sign-out revokes the current rotated token', async () => {
    const first = sessionToken(await signIn('rotate@example.com'), ctx.config.refreshTokenLifetime)
    const second = sessionToken(await refresh(`leavedesk_refresh=${first}`), ctx.config.refreshTokenLifetime)
    const out = await signOut(`leavedesk_refresh=${second}`)
    assert.equal(out.statusCode, 204)
    assert.equal(setCookie(out), CLEARED)
    assert.equal((await refresh(`leavedesk_refresh=${second}`)).statusCode, 401)
  })
})

describe('cookie sessions in the logs', () => {
  let ctx: TestContext
  const lines: string[] = []
  const { signIn, refresh, signOut } = suite(() => ctx)
  before(async () => {
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk))
        done()
      },
    })
    ctx = await createTestContext({ LOG_LEVEL: 'trace', ROTATE_REFRESH_TOKENS: 'true' }, { logStream: stream })
    await createUser(ctx.db, { email: 'logged@example.com' })
  })
  after(() => ctx.close())

  it('no token, cookie or Set-Cookie value reaches a log line at trace level', async () => {
    const signedIn = await signIn('logged@example.com')
    const first = sessionToken(signedIn, ctx.config.refreshTokenLifetime)
    const refreshed = await refresh(`leavedesk_refresh=${first}`)
    const second = sessionToken(refreshed, ctx.config.refreshTokenLifetime)
    await refresh('leavedesk_refresh=broken.cookie.value')
    await signOut(`leavedesk_refresh=${second}`)
    const log = lines.join('')
    assert.ok(lines.some((l) => l.includes('/api/auth/session/refresh')), 'the requests were logged')
    for (const secret of [PASSWORD, first, second, signedIn.json().access, refreshed.json().access, 'broken.cookie.value']) {
      assert.ok(!log.includes(secret), `a secret reached the logs: ${secret.slice(0, 12)}…`)
    }
    assert.ok(!/leavedesk_refresh=/.test(log), 'no cookie text in the logs')
  })

  it('redacts a Set-Cookie response header and a Cookie request header that code logs by mistake', () => {
    // Through the app's logger: Fastify's req/res serializers keep no headers at all.
    ctx.app.log.info({ res: { headers: { 'set-cookie': 'leavedesk_refresh=leak-1' } }, req: { headers: { cookie: 'leavedesk_refresh=leak-2' } } }, 'cookie probe')
    const probe = lines.find((l) => l.includes('"msg":"cookie probe"'))
    assert.ok(probe)
    assert.ok(!probe.includes('leak-1') && !probe.includes('leak-2'), probe)
    // And the redaction paths themselves match those headers, should a serializer ever keep them.
    const out: string[] = []
    const logger = pino(
      { redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
      new Writable({
        write(chunk, _enc, done) {
          out.push(String(chunk))
          done()
        },
      }),
    )
    logger.info({ res: { headers: { 'set-cookie': 'leavedesk_refresh=leak-3' } }, req: { headers: { cookie: 'leavedesk_refresh=leak-4' } } }, 'raw probe')
    const raw = out.join('')
    assert.ok(raw.includes('raw probe'))
    assert.ok(!raw.includes('leak-3') && !raw.includes('leak-4'), raw)
    assert.equal(raw.split('[redacted]').length - 1, 2, raw)
  })
})

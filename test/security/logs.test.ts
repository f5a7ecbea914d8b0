// Nothing leaks: no secret in any log line at any level, request ids everywhere, bare 500s.
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { bearer, createTestContext, createUser, decodeMail, PASSWORD, sentMails, type TestContext } from '../helpers/harness.js'

const NEW_PASSWORD = 'violet-tractor-sings-at-dawn'
const THIRD_PASSWORD = 'seven-lanterns-drift-upstream'

describe('logs during a full session at trace level', () => {
  let ctx: TestContext
  const lines: string[] = []
  before(async () => {
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk))
        done()
      },
    })
    ctx = await createTestContext({ LOG_LEVEL: 'trace' }, { logStream: stream })
    await createUser(ctx.db, { email: 'logged@example.com', password: PASSWORD })
  })
  after(() => ctx.close())

  it('contain no password, token, reset token or Authorization header', async () => {
    const secrets: string[] = [PASSWORD, NEW_PASSWORD, THIRD_PASSWORD]
    const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
      ctx.app.inject({ method: 'POST', url, payload, headers: { cookie: 'session=cookie-secret-value', ...headers } })

    const tokens = (await post('/api/auth/token', { email: 'logged@example.com', password: PASSWORD })).json()
    secrets.push(tokens.access, tokens.refresh, 'cookie-secret-value')
    const refreshed = (await post('/api/auth/refresh', { refresh: tokens.refresh })).json()
    secrets.push(refreshed.access)
    assert.equal((await ctx.app.inject({ url: '/api/auth/me', headers: bearer(refreshed.access) })).statusCode, 200)

    assert.equal((await post('/api/auth/forgot-password', { email: 'logged@example.com' })).statusCode, 204)
    const mail = decodeMail((await sentMails(ctx)).at(-1)!)
    const resetToken = /token=([A-Za-z0-9]{32})/.exec(mail)![1]!
    secrets.push(resetToken)
    assert.equal(
      (await post('/api/auth/reset-password', { reset_token: resetToken, password: NEW_PASSWORD, confirm_password: NEW_PASSWORD })).statusCode,
      204,
    )
    const again = (await post('/api/auth/token', { email: 'logged@example.com', password: NEW_PASSWORD })).json()
    secrets.push(again.access, again.refresh)
    const change = await post(
      '/api/auth/change-password',
      { current_password: NEW_PASSWORD, new_password: THIRD_PASSWORD, confirm_new_password: THIRD_PASSWORD },
      bearer(again.access),
    )
    assert.equal(change.statusCode, 204)
    // A failed sign-in and a malformed body are logged too.
    await post('/api/auth/token', { email: 'logged@example.com', password: PASSWORD })
    await ctx.app.inject({ method: 'POST', url: '/api/auth/token', headers: { 'content-type': 'application/json' }, payload: `{"password":"${PASSWORD}",` })
    await sentMails(ctx)

    const log = lines.join('')
    assert.ok(lines.length > 20, 'the session was logged at trace level')
    for (const secret of secrets) assert.ok(!log.includes(secret), `a secret leaked into the logs: ${secret.slice(0, 12)}…`)
  })

  it('redacts secrets that code might log by mistake', () => {
    ctx.app.log.info(
      { body: { password: 'leak-1', reset_token: 'leak-2', refresh: 'leak-3' }, req: { headers: { authorization: 'Bearer leak-4', cookie: 'leak-5' } } },
      'probe',
    )
    const probe = lines.find((l) => l.includes('"msg":"probe"'))!
    for (const leak of ['leak-1', 'leak-2', 'leak-3', 'leak-4', 'leak-5']) assert.ok(!probe.includes(leak), leak)
    assert.ok(probe.includes('[redacted]'))
  })

  it('tags each request’s lines with its id, echoed as X-Request-Id or generated', async () => {
    const res = await ctx.app.inject({ url: '/healthz', headers: { 'x-request-id': 'trace-me-123' } })
    assert.equal(res.headers['x-request-id'], 'trace-me-123')
    assert.ok(lines.some((l) => l.includes('"reqId":"trace-me-123"')))
    const generated = await ctx.app.inject({ url: '/healthz' })
    assert.match(String(generated.headers['x-request-id']), /^[0-9a-f-]{36}$/)
    // A hostile id is replaced, not echoed.
    const hostile = await ctx.app.inject({ url: '/healthz', headers: { 'x-request-id': 'bad id\u0001<script>' } })
    assert.match(String(hostile.headers['x-request-id']), /^[0-9a-f-]{36}$/)
  })
})

describe('an internal error', () => {
  it('answers 500 {"detail": "Server error."} with the request id and nothing else, and is logged', async () => {
    const lines: string[] = []
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const ctx = await createTestContext({ LOG_LEVEL: 'error' }, { logStream: stream })
    await createUser(ctx.db, { email: 'crash@example.com' })
    const tokens = (await ctx.app.inject({ method: 'POST', url: '/api/auth/token', payload: { email: 'crash@example.com', password: PASSWORD } })).json()
    // Break the database under the running app.
    await ctx.db.schema.dropTable('leave_requests').execute()
    const res = await ctx.app.inject({ url: '/api/leave-requests', headers: { ...bearer(tokens.access), 'x-request-id': 'boom-1' } })
    assert.equal(res.statusCode, 500)
    assert.equal(res.body, '{"detail":"Server error."}')
    assert.equal(res.headers['x-request-id'], 'boom-1')
    assert.ok(lines.some((l) => l.includes('boom-1') && l.includes('"level":50')), 'the error is logged with its request id')
    await ctx.close()
  })
})

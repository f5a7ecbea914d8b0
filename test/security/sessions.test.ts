// Tokens that can be taken back: logout, logout-all, password changes, rotation and theft detection.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { buildApp } from '../../src/app.js'
import { bearer, createTestContext, createUser, login, PASSWORD, recordingQueries, sqlOf, type TestContext } from '../helpers/harness.js'

const INVALID_REFRESH = { detail: 'Token is invalid or expired', code: 'token_not_valid' }
const NEW_PASSWORD = 'purple-elephant-juggles-quietly'

describe('sessions without rotation (the original behaviour)', () => {
  let ctx: TestContext
  before(async () => {
    ctx = await createTestContext()
  })
  after(() => ctx.close())

  const refresh = (token: string) => ctx.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refresh: token } })
  const me = (access: string) => ctx.app.inject({ url: '/api/auth/me', headers: bearer(access) })

  it('records each refresh token by jti', async () => {
    const user = await createUser(ctx.db, { email: 'record@example.com' })
    const { refresh: token } = await login(ctx.app, 'record@example.com')
    const jti = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).jti
    const row = await ctx.db.selectFrom('refresh_tokens').selectAll().where('jti', '=', jti).executeTakeFirstOrThrow()
    assert.equal(row.user_id, user.id)
    assert.equal(row.revoked_at, null)
    assert.ok(row.expires_at > Date.now())
  })

  it('logout revokes that refresh token only', async () => {
    await createUser(ctx.db, { email: 'logout@example.com' })
    const first = await login(ctx.app, 'logout@example.com')
    const second = await login(ctx.app, 'logout@example.com')
    const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout/', headers: bearer(first.access), payload: { refresh: first.refresh } })
    assert.equal(res.statusCode, 204)
    const again = await refresh(first.refresh)
    assert.equal(again.statusCode, 401)
    assert.deepEqual(again.json(), INVALID_REFRESH)
    assert.equal((await refresh(second.refresh)).statusCode, 200)
  })

  it('logout refuses another user’s refresh token and needs authentication', async () => {
    await createUser(ctx.db, { email: 'victim@example.com' })
    await createUser(ctx.db, { email: 'attacker@example.com' })
    const victim = await login(ctx.app, 'victim@example.com')
    const attacker = await login(ctx.app, 'attacker@example.com')
    let res = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(attacker.access), payload: { refresh: victim.refresh } })
    assert.equal(res.statusCode, 401)
    assert.equal((await refresh(victim.refresh)).statusCode, 200, 'the victim keeps the session')
    res = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', payload: { refresh: victim.refresh } })
    assert.equal(res.statusCode, 401)
    assert.deepEqual(res.json(), { detail: 'Authentication credentials were not provided.' })
  })

  it('logout-all ends every access and refresh token of the user, and only of that user', async () => {
    await createUser(ctx.db, { email: 'everywhere@example.com' })
    await createUser(ctx.db, { email: 'bystander@example.com' })
    const a = await login(ctx.app, 'everywhere@example.com')
    const b = await login(ctx.app, 'everywhere@example.com')
    const other = await login(ctx.app, 'bystander@example.com')
    const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout-all', headers: bearer(a.access) })
    assert.equal(res.statusCode, 204)
    for (const t of [a, b]) {
      assert.equal((await me(t.access)).statusCode, 401)
      assert.deepEqual((await refresh(t.refresh)).json(), INVALID_REFRESH)
    }
    assert.equal((await me(other.access)).statusCode, 200)
    assert.equal((await refresh(other.refresh)).statusCode, 200)
    // Signing in again works.
    const fresh = await login(ctx.app, 'everywhere@example.com')
    assert.equal((await me(fresh.access)).statusCode, 200)
  })

  it('a password change ends every session, the caller’s included', async () => {
    await createUser(ctx.db, { email: 'changer@example.com', password: PASSWORD })
    const a = await login(ctx.app, 'changer@example.com')
    const b = await login(ctx.app, 'changer@example.com')
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/change-password',
      headers: bearer(a.access),
      payload: { current_password: PASSWORD, new_password: NEW_PASSWORD, confirm_new_password: NEW_PASSWORD },
    })
    assert.equal(res.statusCode, 204)
    for (const t of [a, b]) {
      assert.equal((await me(t.access)).statusCode, 401)
      assert.equal((await refresh(t.refresh)).statusCode, 401)
    }
    const fresh = await login(ctx.app, 'changer@example.com', NEW_PASSWORD)
    assert.equal((await me(fresh.access)).statusCode, 200)
  })

  it('a password reset ends every session', async () => {
    const user = await createUser(ctx.db, { email: 'resetter@example.com' })
    const t = await login(ctx.app, 'resetter@example.com')
    await ctx.app.inject({ method: 'POST', url: '/api/auth/forgot-password', payload: { email: 'resetter@example.com' } })
    // Replace the stored hash with one we know the token of.
    const { sha256 } = await import('../../src/auth/auth.service.js')
    await ctx.db.updateTable('password_reset_tokens').set({ token_hash: sha256('K'.repeat(32)) }).where('user_id', '=', user.id).execute()
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/reset-password',
      payload: { reset_token: 'K'.repeat(32), password: NEW_PASSWORD, confirm_password: NEW_PASSWORD },
    })
    assert.equal(res.statusCode, 204)
    assert.equal((await me(t.access)).statusCode, 401)
    assert.equal((await refresh(t.refresh)).statusCode, 401)
  })

  it('authenticating a request costs one query: the user lookup that also checks the token version', async () => {
    await createUser(ctx.db, { email: 'counted@example.com' })
    const { access } = await login(ctx.app, 'counted@example.com')
    // A second app on the same database that records every statement it runs.
    const { db: recorded, executed } = recordingQueries(ctx.db)
    const app = await buildApp(ctx.config, { db: recorded, startMailDispatcher: false })
    try {
      // The first request loads the company's working-time config, which the process then keeps.
      assert.equal((await app.inject({ url: '/api/auth/me', headers: bearer(access) })).statusCode, 200)
      executed.length = 0
      const res = await app.inject({ url: '/api/auth/me', headers: bearer(access) })
      assert.equal(res.statusCode, 200)
      assert.equal(executed.length, 1, sqlOf(executed))
      assert.match(executed[0]?.sql ?? '', /^select .* from "users"/)
    } finally {
      await app.close()
    }
  })
})

describe('sessions with ROTATE_REFRESH_TOKENS=true', () => {
  let ctx: TestContext
  before(async () => {
    ctx = await createTestContext({ ROTATE_REFRESH_TOKENS: 'true' })
    await createUser(ctx.db, { email: 'rotate@example.com' })
  })
  after(() => ctx.close())

  const refresh = (token: string) => ctx.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refresh: token } })

  it('answers a new access and refresh token, and the old refresh token stops working', async () => {
    const first = await login(ctx.app, 'rotate@example.com')
    const res = await refresh(first.refresh)
    assert.equal(res.statusCode, 200)
    const body = res.json()
    assert.deepEqual(Object.keys(body).sort(), ['access', 'refresh'])
    assert.notEqual(body.refresh, first.refresh)
    assert.equal((await refresh(body.refresh)).statusCode, 200, 'the new one works')
  })

  it('presenting a rotated token again revokes the whole family of that sign-in (theft detection)', async () => {
    const signIn = await login(ctx.app, 'rotate@example.com')
    const other = await login(ctx.app, 'rotate@example.com')
    const r1 = (await refresh(signIn.refresh)).json()
    // The thief replays the first token: refused, and the legitimate successor dies with it.
    const replay = await refresh(signIn.refresh)
    assert.equal(replay.statusCode, 401)
    assert.deepEqual(replay.json(), INVALID_REFRESH)
    assert.equal((await refresh(r1.refresh)).statusCode, 401, 'the successor is revoked too')
    assert.equal((await refresh(other.refresh)).statusCode, 200, 'another sign-in is untouched')
  })
})

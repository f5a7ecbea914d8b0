import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createSigner } from 'fast-jwt'
import { bearer, createTestContext, createUser, login, PASSWORD, type TestContext } from '../helpers/harness.js'

let ctx: TestContext

before(async () => {
  ctx = await createTestContext()
  await createUser(ctx.db, { email: 'user@example.com' })
  await createUser(ctx.db, { email: 'other@example.com' })
})
after(() => ctx.close())

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url, payload: payload as object, headers })

function decode(jwt: string) {
  const [header, payload] = jwt.split('.')
  return { header: JSON.parse(Buffer.from(header!, 'base64url').toString()), payload: JSON.parse(Buffer.from(payload!, 'base64url').toString()) }
}

describe('POST /api/auth/token', () => {
  it('returns an access and a refresh token with the original claims', async () => {
    const res = await post('/api/auth/token', { email: 'user@example.com', password: PASSWORD })
    assert.equal(res.statusCode, 200)
    assert.match(String(res.headers['content-type']), /^application\/json; charset=utf-8/)
    assert.equal(res.headers['cache-control'], 'no-store')
    const body = res.json()
    assert.deepEqual(Object.keys(body).sort(), ['access', 'refresh'])
    const access = decode(body.access)
    assert.deepEqual(access.header, { alg: 'HS256', typ: 'JWT' })
    assert.equal(access.payload.token_type, 'access')
    assert.equal(access.payload.user_id, 1)
    assert.match(access.payload.jti, /^[0-9a-f]{32}$/)
    assert.equal(access.payload.exp - access.payload.iat, ctx.config.accessTokenLifetime)
    const refresh = decode(body.refresh)
    assert.equal(refresh.payload.token_type, 'refresh')
    assert.equal(refresh.payload.exp - refresh.payload.iat, ctx.config.refreshTokenLifetime)
  })

  it('matches the email case-insensitively and answers with and without the trailing slash', async () => {
    for (const url of ['/api/auth/token', '/api/auth/token/']) {
      const res = await post(url, { email: 'USER@Example.com', password: PASSWORD })
      assert.equal(res.statusCode, 200, url)
    }
  })

  it('answers the same 401 for a wrong password, an unknown email and an inactive user', async () => {
    const inactive = await createUser(ctx.db, { email: 'gone@example.com' })
    await ctx.db.updateTable('users').set({ is_active: 0 }).where('id', '=', inactive.id).execute()
    for (const payload of [
      { email: 'user@example.com', password: 'wrong-password-123' },
      { email: 'ghost@example.com', password: PASSWORD },
      { email: 'gone@example.com', password: PASSWORD },
      { email: 'notanemail', password: 'x' },
    ]) {
      const res = await post('/api/auth/token', payload)
      assert.equal(res.statusCode, 401, JSON.stringify(payload))
      assert.deepEqual(res.json(), { detail: 'No active account found with the given credentials', code: 'no_active_account' })
      assert.equal(res.headers['www-authenticate'], 'Bearer realm="api"')
    }
  })

  it('reports every missing, blank, null or non-string field at once', async () => {
    const cases: Array<[unknown, Record<string, string[]>]> = [
      [{}, { email: ['This field is required.'], password: ['This field is required.'] }],
      [{ email: '', password: '' }, { email: ['This field may not be blank.'], password: ['This field may not be blank.'] }],
      [{ email: null, password: null }, { email: ['This field may not be null.'], password: ['This field may not be null.'] }],
      [{ email: 5, password: ['x'] }, { email: ['Not a valid string.'], password: ['Not a valid string.'] }],
      [{ username: 'user@example.com', password: PASSWORD }, { email: ['This field is required.'] }],
    ]
    for (const [payload, expected] of cases) {
      const res = await post('/api/auth/token', payload)
      assert.equal(res.statusCode, 400, JSON.stringify(payload))
      assert.deepEqual(res.json(), expected)
    }
  })

  it('rejects malformed JSON, non-object bodies and other content types', async () => {
    let res = await ctx.app.inject({ method: 'POST', url: '/api/auth/token', headers: { 'content-type': 'application/json' }, payload: '{"email":' })
    assert.equal(res.statusCode, 400)
    assert.match(res.json().detail, /^JSON parse error - /)
    res = await ctx.app.inject({ method: 'POST', url: '/api/auth/token', headers: { 'content-type': 'application/json' }, payload: '[1,2]' })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json(), { error: ['Invalid data. Expected an object.'] })
    res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=user@example.com&password=${PASSWORD}`,
    })
    assert.equal(res.statusCode, 415)
    assert.equal(typeof res.json().detail, 'string')
  })

  it('answers 405 with Allow for GET', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/auth/token/' })
    assert.equal(res.statusCode, 405)
    assert.deepEqual(res.json(), { detail: 'Method "GET" not allowed.' })
    assert.match(String(res.headers.allow), /POST/)
  })
})

describe('bearer authentication', () => {
  it('accepts a valid access token and refuses every malformed or foreign one', async () => {
    const { access, refresh } = await login(ctx.app, 'user@example.com')
    assert.equal((await ctx.app.inject({ url: '/api/auth/me', headers: bearer(access) })).statusCode, 200)

    const notProvided = { detail: 'Authentication credentials were not provided.' }
    const invalid = { detail: 'Given token not valid for any token type', code: 'token_not_valid' }
    const sign = (key: string, claims: Record<string, unknown>, alg: 'HS256' | 'HS512' = 'HS256') =>
      createSigner({ key, algorithm: alg, noTimestamp: true })(claims)
    const now = Math.floor(Date.now() / 1000)
    const base = { token_type: 'access', iat: now, exp: now + 60, jti: 'a'.repeat(32), user_id: 1, ver: 0 }
    const noneToken = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(base)).toString('base64url')}.`
    const cases: Array<[Record<string, string>, object]> = [
      [{}, notProvided],
      [{ authorization: `JWT ${access}` }, notProvided],
      [{ authorization: `bearer ${access}` }, notProvided],
      [{ authorization: 'Bearer' }, notProvided],
      [{ authorization: 'Bearer a b' }, notProvided],
      [{ authorization: 'Bearer not-a-jwt' }, invalid],
      [{ authorization: `Bearer ${refresh}` }, invalid],
      [{ authorization: `Bearer ${noneToken}` }, invalid],
      [{ authorization: `Bearer ${sign('wrong-key', base)}` }, invalid],
      [{ authorization: `Bearer ${sign(ctx.config.secretKey, base, 'HS512')}` }, invalid],
      [{ authorization: `Bearer ${sign(ctx.config.secretKey, { ...base, exp: now - 10 })}` }, invalid],
      [{ authorization: `Bearer ${sign(ctx.config.secretKey, { ...base, exp: undefined })}` }, invalid],
      [{ authorization: `Bearer ${sign(ctx.config.secretKey, { ...base, user_id: 999 })}` }, invalid],
    ]
    for (const [headers, expected] of cases) {
      const res = await ctx.app.inject({ url: '/api/auth/me', headers })
      assert.equal(res.statusCode, 401, JSON.stringify(headers))
      assert.deepEqual(res.json(), expected, JSON.stringify(headers))
      assert.equal(res.headers['www-authenticate'], 'Bearer realm="api"')
    }
  })

  it('refuses the token of a user deactivated after it was issued', async () => {
    const user = await createUser(ctx.db, { email: 'leaver@example.com' })
    const { access } = await login(ctx.app, 'leaver@example.com')
    await ctx.db.updateTable('users').set({ is_active: 0 }).where('id', '=', user.id).execute()
    const res = await ctx.app.inject({ url: '/api/auth/me', headers: bearer(access) })
    assert.equal(res.statusCode, 401)
  })
})

describe('POST /api/auth/refresh', () => {
  it('trades a refresh token for a new access token, repeatedly', async () => {
    const { refresh } = await login(ctx.app, 'user@example.com')
    for (let i = 0; i < 2; i++) {
      const res = await post('/api/auth/refresh/', { refresh })
      assert.equal(res.statusCode, 200)
      const body = res.json()
      assert.deepEqual(Object.keys(body), ['access'])
      assert.equal((await ctx.app.inject({ url: '/api/auth/me', headers: bearer(body.access) })).statusCode, 200)
    }
  })

  it('refuses garbage, access tokens, tampered tokens and missing fields', async () => {
    const { access, refresh } = await login(ctx.app, 'user@example.com')
    let res = await post('/api/auth/refresh', {})
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json(), { refresh: ['This field is required.'] })
    res = await post('/api/auth/refresh', { refresh: 'abc.def.ghi' })
    assert.equal(res.statusCode, 401)
    assert.deepEqual(res.json(), { detail: 'Token is invalid or expired', code: 'token_not_valid' })
    res = await post('/api/auth/refresh', { refresh: access })
    assert.equal(res.statusCode, 401)
    assert.deepEqual(res.json(), { detail: 'Token has wrong type', code: 'token_not_valid' })
    const [h, p, s] = refresh.split('.')
    const forged = JSON.parse(Buffer.from(p!, 'base64url').toString())
    forged.user_id = 2
    res = await post('/api/auth/refresh', { refresh: `${h}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${s}` })
    assert.equal(res.statusCode, 401)
    assert.equal(res.json().code, 'token_not_valid')
  })

  it('refuses the refresh token of a deactivated user', async () => {
    const user = await createUser(ctx.db, { email: 'quitter@example.com' })
    const { refresh } = await login(ctx.app, 'quitter@example.com')
    await ctx.db.updateTable('users').set({ is_active: 0 }).where('id', '=', user.id).execute()
    const res = await post('/api/auth/refresh', { refresh })
    assert.equal(res.statusCode, 401)
  })
})

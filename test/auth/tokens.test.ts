// TokenService remembers verified access tokens; a remembered token must still expire on time and
// must never stand in for another token or another type.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { TokenError, TokenService } from '../../src/auth/tokens.js'

const SECRET = 'a-test-secret-that-is-long-enough-0123456789'

describe('TokenService.verify', () => {
  it('keeps refusing a remembered access token once it has expired', async () => {
    const tokens = new TokenService(SECRET, { access: 3, refresh: 60 })
    // Issued a second ago with a 3 s lifetime: 1 to 2 s left (iat is rounded down to the second).
    const { token } = tokens.issue('access', 7, 3, Date.now() - 1000)
    assert.equal(tokens.verify(token, 'access').user_id, 7)
    assert.equal(tokens.verify(token, 'access').ver, 3)
    await new Promise((resolve) => setTimeout(resolve, 2100))
    for (let i = 0; i < 2; i++) assert.throws(() => tokens.verify(token, 'access'), TokenError)
  })

  it('remembers by exact text: a tampered, re-signed or other-type token is checked in full', () => {
    const tokens = new TokenService(SECRET, { access: 60, refresh: 60 })
    const { token } = tokens.issue('access', 7, 0)
    tokens.verify(token, 'access')
    const [header, payload, signature] = token.split('.') as [string, string, string]
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), user_id: 8 })).toString('base64url')
    assert.throws(() => tokens.verify(`${header}.${forged}.${signature}`, 'access'), TokenError)
    const other = new TokenService('another-secret-that-is-long-enough-0123456789', { access: 60, refresh: 60 })
    assert.throws(() => other.verify(token, 'access'), TokenError)
    assert.throws(() => tokens.verify(token, 'refresh'), (err: TokenError) => err.problem === 'wrong_type')
    const refresh = tokens.issue('refresh', 7, 0).token
    assert.throws(() => tokens.verify(refresh, 'access'), (err: TokenError) => err.problem === 'wrong_type')
    assert.throws(() => tokens.verify(refresh, 'access'), (err: TokenError) => err.problem === 'wrong_type')
  })

  it('hands out claims that callers cannot change for the next request', () => {
    const tokens = new TokenService(SECRET, { access: 60, refresh: 60 })
    const { token } = tokens.issue('access', 7, 0)
    const claims = tokens.verify(token, 'access')
    assert.throws(() => Object.assign(claims, { user_id: 8 }), TypeError)
    assert.equal(tokens.verify(token, 'access').user_id, 7)
  })
})

import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { bearer, createTestContext, createUser, decodeMail, login, PASSWORD, sentMails, type TestContext } from '../helpers/harness.js'

const APP_URL = 'https://leave.example.test'
let ctx: TestContext
let seq = 0

before(async () => {
  ctx = await createTestContext({ APP_URL })
})
after(() => ctx.close())

type Body = Record<string, unknown>

const INVALID_TOKEN = { reset_token: ['Reset token is invalid or expired.'] }
const MISMATCH = ["The two passwords don't match."]
const NEW_PASSWORD = 'violet-otter-harbor-canyon'
const OTHER_PASSWORD = 'maple-quartz-lantern-fjord'

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url, payload: payload as object, headers })

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

async function newUser(fields: { first_name?: string; last_name?: string; local?: string } = {}) {
  const email = `${fields.local ?? 'pw'}${++seq}@example.com`
  const user = await createUser(ctx.db, { email, first_name: fields.first_name, last_name: fields.last_name })
  return { id: user.id, email }
}

async function canLogin(email: string, password: string): Promise<boolean> {
  const res = await post('/api/auth/token', { email, password })
  assert.ok(res.statusCode === 200 || res.statusCode === 401, res.body)
  return res.statusCode === 200
}

/** The mails sent so far to one address, decoded. */
async function mailsTo(email: string): Promise<string[]> {
  return (await sentMails(ctx)).map(decodeMail).filter((m) => new RegExp(`^To: ${email}$`, 'm').test(m))
}

/** Asks for a reset and returns the token from the link in the mail. */
async function requestReset(email: string): Promise<string> {
  const before = (await mailsTo(email)).length
  const res = await post('/api/auth/forgot-password', { email })
  assert.equal(res.statusCode, 204)
  const mails = await mailsTo(email)
  assert.equal(mails.length, before + 1, `one new mail to ${email}`)
  return tokenIn(mails.at(-1)!)
}

function tokenIn(mail: string): string {
  const links = [...mail.matchAll(/https?:\/\/[^\s"<>]*reset-password[^\s"<>]*/g)].map((m) => m[0].replace(/&amp;/g, '&'))
  assert.ok(links.length > 0, 'the mail holds a reset link')
  for (const link of links) assert.match(link, /^https:\/\/leave\.example\.test\/reset-password\/\?token=[A-Za-z0-9]{32}$/)
  const tokens = new Set(links.map((l) => new URL(l).searchParams.get('token')!))
  assert.equal(tokens.size, 1, 'every link in the mail carries the same token')
  return [...tokens][0]!
}

async function resetRows(userId: number) {
  return ctx.db.selectFrom('password_reset_tokens').selectAll().where('user_id', '=', userId).execute()
}

async function passwordHash(userId: number) {
  return (await ctx.db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow()).password_hash
}

describe('POST /api/auth/forgot-password', () => {
  it('answers 204 to a known email and mails a reset link built on APP_URL, after the response', async () => {
    const u = await newUser()
    const mailsBefore = readdirSync(ctx.mailDir).length
    const res = await post('/api/auth/forgot-password/', { email: u.email.toUpperCase() }, { host: 'evil.example.com' })
    assert.equal(res.statusCode, 204)
    assert.equal(res.body, '')
    // Nothing was sent while answering: the dispatcher sends it afterwards.
    assert.equal(readdirSync(ctx.mailDir).length, mailsBefore)
    const mails = await mailsTo(u.email)
    assert.equal(mails.length, 1)
    assert.ok(!mails[0]!.includes('evil.example.com'), 'the link never comes from the Host header')
    const token = tokenIn(mails[0]!)
    assert.match(token, /^[A-Za-z0-9]{32}$/)
    const files = readdirSync(ctx.mailDir)
    assert.ok(files.length > 0 && files.every((f) => f.endsWith('.eml')), files.join(', '))
  })

  it('stores only the SHA-256 of the token, with the configured lifetime', async () => {
    const u = await newUser()
    const before = Date.now()
    const token = await requestReset(u.email)
    const rows = await resetRows(u.id)
    assert.equal(rows.length, 1)
    const row = rows[0]!
    assert.equal(row.token_hash, sha256(token))
    for (const value of Object.values(row)) assert.ok(!String(value).includes(token), 'the token itself is not stored')
    const lifetime = ctx.config.resetTokenLifetime * 1000
    assert.ok(row.expires_at >= before + lifetime && row.expires_at <= Date.now() + lifetime, String(row.expires_at))
    // Once sent, the outbox does not keep the link either.
    const outbox = await ctx.db.selectFrom('mail_outbox').select(['text_body', 'html_body']).execute()
    for (const mail of outbox) assert.ok(!mail.text_body.includes(token) && !mail.html_body.includes(token))
  })

  it('answers the same 204 to an unknown or inactive account, and sends nothing', async () => {
    const inactive = await newUser()
    await ctx.db.updateTable('users').set({ is_active: 0 }).where('id', '=', inactive.id).execute()
    const mailsBefore = (await sentMails(ctx)).length
    for (const email of ['ghost@example.com', inactive.email]) {
      const res = await post('/api/auth/forgot-password', { email })
      assert.equal(res.statusCode, 204, email)
      assert.equal(res.body, '')
    }
    assert.equal((await sentMails(ctx)).length, mailsBefore)
    assert.deepEqual(await resetRows(inactive.id), [])
  })

  it('refuses a missing or malformed email with a field error', async () => {
    const cases: Array<[unknown, Body]> = [
      [{}, { email: ['This field is required.'] }],
      [{ email: null }, { email: ['This field may not be null.'] }],
      [{ email: '' }, { email: ['This field may not be blank.'] }],
      [{ email: 'xyz' }, { email: ['Enter a valid email address.'] }],
      [{ email: 'a@b@example.com' }, { email: ['Enter a valid email address.'] }],
    ]
    for (const [payload, expected] of cases) {
      const res = await post('/api/auth/forgot-password', payload)
      assert.equal(res.statusCode, 400, JSON.stringify(payload))
      assert.deepEqual(res.json(), expected)
    }
  })

  it('replaces the older token when a new one is asked for', async () => {
    const u = await newUser()
    const first = await requestReset(u.email)
    const second = await requestReset(u.email)
    assert.notEqual(first, second)
    const rows = await resetRows(u.id)
    assert.deepEqual(rows.map((r) => r.token_hash), [sha256(second)])
    let res = await post('/api/auth/reset-password', { reset_token: first, password: NEW_PASSWORD, confirm_password: NEW_PASSWORD })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json(), INVALID_TOKEN)
    res = await post('/api/auth/reset-password', { reset_token: second, password: NEW_PASSWORD, confirm_password: NEW_PASSWORD })
    assert.equal(res.statusCode, 204)
  })
})

describe('POST /api/auth/reset-password', () => {
  it('sets the new password: 204, then the new password signs in and the old one does not', async () => {
    const u = await newUser()
    const token = await requestReset(u.email)
    const res = await post('/api/auth/reset-password/', { reset_token: token, password: NEW_PASSWORD, confirm_password: NEW_PASSWORD })
    assert.equal(res.statusCode, 204)
    assert.equal(res.body, '')
    assert.equal(await canLogin(u.email, NEW_PASSWORD), true)
    assert.equal(await canLogin(u.email, PASSWORD), false)
    assert.deepEqual(await resetRows(u.id), [])
  })

  it('refuses a used, unknown or expired token', async () => {
    const u = await newUser()
    const used = await requestReset(u.email)
    assert.equal((await post('/api/auth/reset-password', { reset_token: used, password: NEW_PASSWORD, confirm_password: NEW_PASSWORD })).statusCode, 204)

    const expired = await requestReset(u.email)
    await ctx.db.updateTable('password_reset_tokens').set({ expires_at: Date.now() - 1000 }).where('user_id', '=', u.id).execute()

    for (const reset_token of [used, 'en1rZSJ4Wo21SCJh2VWTvdGtR0TkIFdj', expired, expired.toLowerCase(), sha256(expired)]) {
      const res = await post('/api/auth/reset-password', { reset_token, password: OTHER_PASSWORD, confirm_password: OTHER_PASSWORD })
      assert.equal(res.statusCode, 400, reset_token)
      assert.deepEqual(res.json(), INVALID_TOKEN)
    }
    assert.equal(await canLogin(u.email, NEW_PASSWORD), true)
  })

  it('refuses passwords that differ, and the token stays usable', async () => {
    const u = await newUser()
    const token = await requestReset(u.email)
    const hash = await passwordHash(u.id)
    const res = await post('/api/auth/reset-password', { reset_token: token, password: NEW_PASSWORD, confirm_password: OTHER_PASSWORD })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json(), { confirm_password: MISMATCH })
    assert.equal(await passwordHash(u.id), hash)
    const ok = await post('/api/auth/reset-password', { reset_token: token, password: NEW_PASSWORD, confirm_password: NEW_PASSWORD })
    assert.equal(ok.statusCode, 204)
  })

  it('refuses a password the policy refuses, and the token stays usable', async () => {
    const u = await newUser()
    const token = await requestReset(u.email)
    const hash = await passwordHash(u.id)
    let res = await post('/api/auth/reset-password', { reset_token: token, password: 'password1234', confirm_password: 'password1234' })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(Object.keys(res.json()), ['password'])
    assert.equal(res.json().password.length, 1)
    // Both problems at once.
    res = await post('/api/auth/reset-password', { reset_token: token, password: 'short', confirm_password: 'other' })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(Object.keys(res.json()).sort(), ['confirm_password', 'password'])
    assert.equal(await passwordHash(u.id), hash)
    const ok = await post('/api/auth/reset-password', { reset_token: token, password: NEW_PASSWORD, confirm_password: NEW_PASSWORD })
    assert.equal(ok.statusCode, 204)
    assert.equal(await canLogin(u.email, NEW_PASSWORD), true)
  })

  it('reports every missing field', async () => {
    const res = await post('/api/auth/reset-password', {})
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json(), {
      reset_token: ['This field is required.'],
      password: ['This field is required.'],
      confirm_password: ['This field is required.'],
    })
  })
})

describe('POST /api/auth/change-password', () => {
  async function signedIn() {
    const u = await newUser()
    const tokens = await login(ctx.app, u.email)
    return { ...u, ...tokens, headers: bearer(tokens.access) }
  }

  const change = (headers: Record<string, string>, payload: Body, url = '/api/auth/change-password') => post(url, payload, headers)

  it('changes the password: 204, the new one signs in, the old one and the old tokens do not', async () => {
    const u = await signedIn()
    const res = await change(u.headers, { current_password: PASSWORD, new_password: NEW_PASSWORD, confirm_new_password: NEW_PASSWORD })
    assert.equal(res.statusCode, 204)
    assert.equal(res.body, '')
    assert.equal(await canLogin(u.email, NEW_PASSWORD), true)
    assert.equal(await canLogin(u.email, PASSWORD), false)

    const me = await ctx.app.inject({ url: '/api/auth/me', headers: u.headers })
    assert.equal(me.statusCode, 401)
    assert.equal(me.json().code, 'token_not_valid')
    const refreshed = await post('/api/auth/refresh', { refresh: u.refresh })
    assert.equal(refreshed.statusCode, 401)
    assert.equal(refreshed.json().code, 'token_not_valid')

    const fresh = await login(ctx.app, u.email, NEW_PASSWORD)
    assert.equal((await ctx.app.inject({ url: '/api/auth/me', headers: bearer(fresh.access) })).statusCode, 200)
    assert.equal((await post('/api/auth/refresh', { refresh: fresh.refresh })).statusCode, 200)
  })

  it('answers with and without the trailing slash and requires authentication', async () => {
    const u = await signedIn()
    const body = { current_password: PASSWORD, new_password: NEW_PASSWORD, confirm_new_password: NEW_PASSWORD }
    const anonymous = await change({}, body)
    assert.equal(anonymous.statusCode, 401)
    assert.equal(anonymous.headers['www-authenticate'], 'Bearer realm="api"')
    assert.equal((await change(u.headers, body, '/api/auth/change-password/')).statusCode, 204)
  })

  it('changes nothing on any error', async () => {
    const u = await signedIn()
    const hash = await passwordHash(u.id)
    const cases: Array<[Body, Body]> = [
      [
        { current_password: 'not-my-password-at-all', new_password: NEW_PASSWORD, confirm_new_password: NEW_PASSWORD },
        { current_password: ['Current password is invalid.'] },
      ],
      [{ current_password: PASSWORD, new_password: NEW_PASSWORD, confirm_new_password: OTHER_PASSWORD }, { confirm_new_password: MISMATCH }],
      [
        {},
        {
          current_password: ['This field is required.'],
          new_password: ['This field is required.'],
          confirm_new_password: ['This field is required.'],
        },
      ],
    ]
    for (const [payload, expected] of cases) {
      const res = await change(u.headers, payload)
      assert.equal(res.statusCode, 400, JSON.stringify(payload))
      assert.deepEqual(res.json(), expected)
    }
    const weak = await change(u.headers, { current_password: PASSWORD, new_password: 'aaaaaaaaaaaa', confirm_new_password: 'aaaaaaaaaaaa' })
    assert.equal(weak.statusCode, 400)
    assert.deepEqual(Object.keys(weak.json()), ['new_password'])

    assert.equal(await passwordHash(u.id), hash)
    assert.equal((await ctx.app.inject({ url: '/api/auth/me', headers: u.headers })).statusCode, 200)
    assert.equal((await post('/api/auth/refresh', { refresh: u.refresh })).statusCode, 200)
    assert.equal(await canLogin(u.email, PASSWORD), true)
  })
})

describe('password policy', () => {
  /** Tries a new password through change-password; returns the new_password messages (none when accepted). */
  async function attempt(u: { headers: Record<string, string> }, password: string): Promise<string[]> {
    const res = await post('/api/auth/change-password', { current_password: PASSWORD, new_password: password, confirm_new_password: password }, u.headers)
    if (res.statusCode === 204) return []
    assert.equal(res.statusCode, 400, res.body)
    assert.deepEqual(Object.keys(res.json()), ['new_password'])
    const messages = res.json().new_password as string[]
    assert.ok(messages.length > 0 && messages.every((m) => typeof m === 'string' && m.length > 0))
    return messages
  }

  async function signedIn(fields: { first_name?: string; last_name?: string; local?: string } = {}) {
    const u = await newUser(fields)
    const { access } = await login(ctx.app, u.email)
    return { ...u, headers: bearer(access) }
  }

  it('refuses guessable, short, long, numeric and personal passwords, each with its own message', async () => {
    const u = await signedIn({ local: 'marguerite.dupont', first_name: 'Bartholomew', last_name: 'Quixote' })
    const messages = new Map<string, string>()
    for (const [label, password] of [
      ['common', 'password1234'],
      ['keyboard', 'qwertyuiop12'],
      ['repeat', 'aaaaaaaaaaaa'],
      ['short', 'Tr0ub4d&3x!'],
      ['long', 'violet-otter-'.repeat(20)],
      ['numeric', '839274610583925'],
      ['email', `Zebra-${u.email.split('@')[0]}-91`],
      ['name', 'Bartholomew-zebra-quartz-17'],
    ] as const) {
      const refused = await attempt(u, password)
      assert.equal(refused.length, 1, `${label}: ${password} should be refused`)
      messages.set(label, refused[0]!)
    }
    assert.match(messages.get('short')!, /12/)
    assert.match(messages.get('long')!, /256/)
    const distinct = new Set([messages.get('short'), messages.get('long'), messages.get('numeric'), messages.get('email'), messages.get('common')])
    assert.equal(distinct.size, 5, [...messages.values()].join(' | '))
    assert.equal(messages.get('email'), messages.get('name'))
    assert.equal(await canLogin(u.email, PASSWORD), true)
  })

  it('accepts a strong passphrase, with no composition rules', async () => {
    const u = await signedIn()
    assert.deepEqual(await attempt(u, 'violet otter harbor canyon'), [])
    assert.equal(await canLogin(u.email, 'violet otter harbor canyon'), true)
  })

  it('accepts Unicode and compares passwords in NFKC', async () => {
    const u = await signedIn()
    const fullwidth = 'Ｖｉｏｌｅｔ－Ｏｔｔｅｒ－Ｈａｒｂｏｒ－９'
    assert.equal(fullwidth.normalize('NFKC'), 'Violet-Otter-Harbor-9')
    assert.deepEqual(await attempt(u, fullwidth), [])
    assert.equal(await canLogin(u.email, 'Violet-Otter-Harbor-9'), true)
    assert.equal(await canLogin(u.email, fullwidth), true)

    // Decomposed (NFD) and composed (NFC) accents are the same password.
    const v = await signedIn()
    const nfd = 'crème-brûlée-pistache-château'.normalize('NFD')
    assert.deepEqual(await attempt(v, nfd), [])
    assert.equal(await canLogin(v.email, nfd.normalize('NFC')), true)
  })

  it('applies to reset-password too', async () => {
    const u = await newUser()
    const token = await requestReset(u.email)
    for (const password of ['qwertyuiop12', '123456789012', 'short']) {
      const res = await post('/api/auth/reset-password', { reset_token: token, password, confirm_password: password })
      assert.equal(res.statusCode, 400, password)
      assert.deepEqual(Object.keys(res.json()), ['password'])
    }
  })
})

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { bearer, createTestContext, createUser, login, PASSWORD, type TestContext } from '../helpers/harness.js'

let ctx: TestContext
let seq = 0

before(async () => {
  ctx = await createTestContext()
  await createUser(ctx.db, { email: 'taken@example.com' })
})
after(() => ctx.close())

type Body = Record<string, unknown>

interface Caller {
  id: number
  email: string
  headers: Record<string, string>
}

const ME = '/api/auth/me'
const DATE_FORMAT = 'Date has wrong format. Use one of these formats instead: YYYY-MM-DD.'
const EMAIL_TAKEN = { email: ['A user with this email already exists.'] }
const PROFILE_KEYS = ['id', 'email', 'gender', 'first_name', 'last_name', 'preferred_name', 'birth_date', 'role'] as const

async function newCaller(fields: { first_name?: string; last_name?: string } = {}): Promise<Caller> {
  const email = `person${++seq}@example.com`
  const user = await createUser(ctx.db, { email, ...fields })
  const { access } = await login(ctx.app, email)
  return { id: user.id, email, headers: bearer(access) }
}

function call(c: Caller | null, method: string, payload?: unknown, url = ME) {
  return ctx.app.inject({
    method: method as 'GET',
    url,
    headers: c?.headers ?? {},
    ...(payload !== undefined ? { payload: payload as object } : {}),
  })
}

/** The issue-2 profile fields; another developer may add keys (e.g. manager), so only these are compared. */
function profile(body: Body) {
  return Object.fromEntries(PROFILE_KEYS.map((k) => [k, body[k]]))
}

async function me(c: Caller) {
  const res = await call(c, 'GET')
  assert.equal(res.statusCode, 200)
  return profile(res.json())
}

async function userRow(id: number) {
  return ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

const full = (c: Caller, fields: Body = {}) => ({
  email: c.email,
  first_name: 'John',
  last_name: 'Doe',
  preferred_name: '',
  gender: 'male',
  birth_date: '1990-05-17',
  ...fields,
})

function isoDate(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10)
}

describe('GET /api/auth/me', () => {
  it('returns the caller’s profile, blank for a new user', async () => {
    const c = await newCaller()
    for (const url of [ME, `${ME}/`]) {
      const res = await call(c, 'GET', undefined, url)
      assert.equal(res.statusCode, 200, url)
      assert.match(String(res.headers['content-type']), /^application\/json; charset=utf-8/)
      const body = res.json()
      for (const key of PROFILE_KEYS) assert.ok(key in body, `missing ${key}`)
      assert.deepEqual(profile(body), {
        id: c.id,
        email: c.email,
        gender: '',
        first_name: '',
        last_name: '',
        preferred_name: '',
        birth_date: null,
        role: 'employee',
      })
      assert.ok(!('password' in body) && !('password_hash' in body) && !('token_version' in body))
    }
  })

  it('shows the role', async () => {
    const email = `boss${++seq}@example.com`
    await createUser(ctx.db, { email, role: 'admin' })
    const { access } = await login(ctx.app, email)
    const res = await ctx.app.inject({ url: ME, headers: bearer(access) })
    assert.equal(res.json().role, 'admin')
  })

  it('requires authentication on every method', async () => {
    for (const method of ['GET', 'PUT', 'PATCH']) {
      const res = await call(null, method, method === 'GET' ? undefined : {})
      assert.equal(res.statusCode, 401, method)
      assert.deepEqual(res.json(), { detail: 'Authentication credentials were not provided.' })
      assert.equal(res.headers['www-authenticate'], 'Bearer realm="api"')
    }
  })

  it('answers 405 with Allow to other methods', async () => {
    const c = await newCaller()
    for (const method of ['POST', 'DELETE']) {
      const res = await call(c, method, method === 'POST' ? {} : undefined)
      assert.equal(res.statusCode, 405, method)
      assert.deepEqual(res.json(), { detail: `Method "${method}" not allowed.` })
      const allow = String(res.headers.allow).split(/,\s*/)
      for (const m of ['GET', 'PUT', 'PATCH']) assert.ok(allow.includes(m), allow.join(', '))
      assert.ok(!allow.includes(method))
    }
  })
})

describe('PUT /api/auth/me', () => {
  it('replaces the profile and answers the updated object', async () => {
    const c = await newCaller()
    for (const url of [ME, `${ME}/`]) {
      const res = await call(c, 'PUT', full(c, { preferred_name: `Johnny ${url}` }), url)
      assert.equal(res.statusCode, 200, res.body)
      const expected = {
        id: c.id,
        email: c.email,
        gender: 'male',
        first_name: 'John',
        last_name: 'Doe',
        preferred_name: `Johnny ${url}`,
        birth_date: '1990-05-17',
        role: 'employee',
      }
      assert.deepEqual(profile(res.json()), expected)
      assert.deepEqual(await me(c), expected)
    }
  })

  it('accepts a blank gender and a null birth date', async () => {
    const c = await newCaller()
    await call(c, 'PUT', full(c))
    const res = await call(c, 'PUT', full(c, { gender: '', birth_date: null }))
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(res.json().gender, '')
    assert.equal(res.json().birth_date, null)
    assert.deepEqual(await me(c), profile(res.json()))
  })

  it('requires every editable field', async () => {
    const c = await newCaller()
    let res = await call(c, 'PUT', { first_name: 'Jane' })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json(), {
      email: ['This field is required.'],
      last_name: ['This field is required.'],
      preferred_name: ['This field is required.'],
      gender: ['This field is required.'],
      birth_date: ['This field is required.'],
    })
    res = await call(c, 'PUT', {})
    assert.equal(res.statusCode, 400)
    assert.deepEqual(Object.keys(res.json()).sort(), ['birth_date', 'email', 'first_name', 'gender', 'last_name', 'preferred_name'])
    assert.equal((await me(c)).first_name, '')
  })

  it('reports every invalid value at once and changes nothing', async () => {
    const c = await newCaller()
    const res = await call(c, 'PUT', {
      id: 'abc',
      email: 'bad',
      gender: 'Other',
      first_name: null,
      last_name: 'x',
      preferred_name: 5,
      birth_date: '17.05.1990',
    })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json(), {
      email: ['Enter a valid email address.'],
      gender: ['"Other" is not a valid choice.'],
      first_name: ['This field may not be null.'],
      preferred_name: ['Not a valid string.'],
      birth_date: [DATE_FORMAT],
    })
    assert.equal((await me(c)).last_name, '')
  })

  it('ignores id, role, is_active, password and unknown fields', async () => {
    const c = await newCaller()
    const before = await userRow(c.id)
    const res = await call(c, 'PUT', full(c, { id: 42, role: 'admin', is_active: 0, password: 'a-new-password-nobody-set', manager_id: 1, foo: 'bar' }))
    assert.equal(res.statusCode, 200, res.body)
    const body = res.json()
    assert.equal(body.id, c.id)
    assert.equal(body.role, 'employee')
    assert.ok(!('foo' in body))
    const after = await userRow(c.id)
    assert.equal(after.role, 'employee')
    assert.equal(after.is_active, 1)
    assert.equal(after.password_hash, before.password_hash)
    assert.equal(after.manager_id, before.manager_id)
    await login(ctx.app, c.email, PASSWORD)
    assert.equal((await call(c, 'GET')).statusCode, 200)
  })
})

describe('PATCH /api/auth/me', () => {
  it('changes only the fields sent', async () => {
    const c = await newCaller()
    await call(c, 'PUT', full(c))
    const steps: Array<[Body, Body]> = [
      [{ preferred_name: 'Johnny' }, { preferred_name: 'Johnny' }],
      [{ gender: 'other', birth_date: null }, { gender: 'other', birth_date: null }],
      [{ first_name: 'Jean', last_name: '' }, { first_name: 'Jean', last_name: '' }],
      [{}, {}],
    ]
    let expected = await me(c)
    for (const [patch, change] of steps) {
      const res = await call(c, 'PATCH', patch)
      assert.equal(res.statusCode, 200, `${JSON.stringify(patch)} ${res.body}`)
      expected = { ...expected, ...change }
      assert.deepEqual(profile(res.json()), expected, JSON.stringify(patch))
      assert.deepEqual(await me(c), expected)
    }
    const res = await call(c, 'PATCH', { first_name: 'X' }, `${ME}/`)
    assert.equal(res.statusCode, 200)
  })

  it('trims surrounding whitespace from names, as the original did', async () => {
    const c = await newCaller()
    const res = await call(c, 'PATCH', { first_name: '  Ada ', last_name: '\tLovelace\n', preferred_name: '   ' })
    assert.equal(res.statusCode, 200, res.body)
    assert.deepEqual(
      { first_name: res.json().first_name, last_name: res.json().last_name, preferred_name: res.json().preferred_name },
      { first_name: 'Ada', last_name: 'Lovelace', preferred_name: '' },
    )
  })

  it('ignores id, role, is_active, password and unknown fields', async () => {
    const c = await newCaller()
    const before = await userRow(c.id)
    const res = await call(c, 'PATCH', { id: 1, role: 'admin', is_active: false, password: 'a-new-password-nobody-set', token_version: 7, foo: 1 })
    assert.equal(res.statusCode, 200, res.body)
    assert.deepEqual(profile(res.json()), await me(c))
    const after = await userRow(c.id)
    assert.deepEqual({ ...after, updated_at: 0 }, { ...before, updated_at: 0 })
    await login(ctx.app, c.email, PASSWORD)
  })
})

describe('profile rules (PUT and PATCH)', () => {
  it('limits names to 150 characters', async () => {
    const c = await newCaller()
    const ok = 'n'.repeat(150)
    let res = await call(c, 'PATCH', { first_name: ok, last_name: ok, preferred_name: ok })
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(res.json().first_name, ok)
    // Characters, not UTF-16 units or bytes.
    res = await call(c, 'PATCH', { last_name: 'é'.repeat(150), preferred_name: '😀'.repeat(150) })
    assert.equal(res.statusCode, 200, res.body)
    assert.equal((await me(c)).preferred_name, '😀'.repeat(150))
    const long = 'n'.repeat(151)
    const tooLong = ['Ensure this field has no more than 150 characters.']
    res = await call(c, 'PATCH', { first_name: long, last_name: long, preferred_name: long })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json(), { first_name: tooLong, last_name: tooLong, preferred_name: tooLong })
    res = await call(c, 'PUT', full(c, { last_name: long }))
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json(), { last_name: tooLong })
  })

  it('takes a birth date that is a real calendar date, not in the future', async () => {
    const c = await newCaller()
    for (const good of ['2000-02-29', '1900-01-01', isoDate(-1)]) {
      const res = await call(c, 'PATCH', { birth_date: good })
      assert.equal(res.statusCode, 200, good)
      assert.equal(res.json().birth_date, good)
    }
    for (const bad of ['1990-02-30', '1900-02-29', '1990-13-01', '1990-00-10', '17.05.1990', '1990-05-17T00:00:00Z', '1990-5-7', '0000-01-01', '', 19900517]) {
      const res = await call(c, 'PATCH', { birth_date: bad })
      assert.equal(res.statusCode, 400, String(bad))
      assert.deepEqual(res.json(), { birth_date: [DATE_FORMAT] }, String(bad))
    }
    for (const future of [isoDate(2), '2999-01-01']) {
      const res = await call(c, 'PATCH', { birth_date: future })
      assert.equal(res.statusCode, 400, future)
      assert.deepEqual(Object.keys(res.json()), ['birth_date'])
      assert.equal(res.json().birth_date.length, 1)
    }
    assert.equal((await me(c)).birth_date, isoDate(-1))
  })

  it('takes gender only from its case-sensitive choices', async () => {
    const c = await newCaller()
    for (const gender of ['male', 'female', 'other', '']) {
      const res = await call(c, 'PATCH', { gender })
      assert.equal(res.statusCode, 200, gender)
      assert.equal(res.json().gender, gender)
    }
    for (const gender of ['Male', 'FEMALE', 'x']) {
      const res = await call(c, 'PATCH', { gender })
      assert.equal(res.statusCode, 400, gender)
      assert.deepEqual(res.json(), { gender: [`"${gender}" is not a valid choice.`] })
    }
    const res = await call(c, 'PATCH', { gender: null })
    assert.deepEqual(res.json(), { gender: ['This field may not be null.'] })
  })

  it('refuses a malformed or blank email', async () => {
    const c = await newCaller()
    for (const [email, message] of [
      ['bad', 'Enter a valid email address.'],
      ['a@', 'Enter a valid email address.'],
      ['', 'This field may not be blank.'],
    ]) {
      const res = await call(c, 'PATCH', { email, current_password: PASSWORD })
      assert.equal(res.statusCode, 400, email)
      assert.deepEqual(res.json(), { email: [message] })
    }
    assert.equal((await me(c)).email, c.email)
  })

  it('needs the current password to change the email, and stores the new one lower-cased', async () => {
    const c = await newCaller()
    const newEmail = `New.Me${seq}@Example.COM`

    let res = await call(c, 'PATCH', { email: newEmail })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(Object.keys(res.json()), ['current_password'])
    res = await call(c, 'PATCH', { email: newEmail, current_password: 'not-my-password-at-all' })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json(), { current_password: ['Current password is invalid.'] })
    res = await call(c, 'PUT', full(c, { email: newEmail }))
    assert.equal(res.statusCode, 400)
    assert.deepEqual(Object.keys(res.json()), ['current_password'])
    assert.equal((await userRow(c.id)).email, c.email)

    // The same address in another case is not a change and needs no password.
    res = await call(c, 'PATCH', { email: c.email.toUpperCase() })
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(res.json().email, c.email)

    res = await call(c, 'PATCH', { email: newEmail, current_password: PASSWORD })
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(res.json().email, newEmail.toLowerCase())
    assert.equal((await me(c)).email, newEmail.toLowerCase())
    await login(ctx.app, newEmail.toLowerCase())
    const old = await ctx.app.inject({ method: 'POST', url: '/api/auth/token', payload: { email: c.email, password: PASSWORD } })
    assert.equal(old.statusCode, 401)
  })

  it('refuses an email another user has, in any case', async () => {
    const c = await newCaller()
    for (const email of ['taken@example.com', 'TAKEN@Example.com']) {
      let res = await call(c, 'PATCH', { email, current_password: PASSWORD })
      assert.equal(res.statusCode, 400, email)
      assert.deepEqual(res.json(), EMAIL_TAKEN)
      res = await call(c, 'PUT', full(c, { email, current_password: PASSWORD }))
      assert.equal(res.statusCode, 400, email)
      assert.deepEqual(res.json(), EMAIL_TAKEN)
    }
    assert.equal((await me(c)).email, c.email)
    assert.equal((await me(c)).first_name, '')
  })
})

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { bearer, createTestContext, createUser, decodeMail, login, sentMails, type TestContext } from '../helpers/harness.js'

let ctx: TestContext
let adminToken: string
let adminId: number
let managerId: number
let employeeId: number
let employeeToken: string

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
const call = (method: Method, url: string, token?: string, payload?: unknown) =>
  ctx.app.inject({ method, url, headers: token ? bearer(token) : {}, ...(payload !== undefined ? { payload: payload as object } : {}) })

const USER_KEYS = [
  'id', 'email', 'first_name', 'last_name', 'preferred_name', 'gender', 'birth_date', 'role', 'manager_id', 'is_active', 'created_at',
  'time_zone', 'holiday_region', 'work_week', 'employment_start', 'effective_time_zone', 'effective_holiday_region', 'effective_work_week',
]

before(async () => {
  ctx = await createTestContext({ APP_URL: 'https://leave.example.com' })
  adminId = (await createUser(ctx.db, { email: 'admin@example.com', role: 'admin', first_name: 'Ada', last_name: 'Admin' })).id
  managerId = (await createUser(ctx.db, { email: 'manager@example.com', role: 'manager', first_name: 'Max', last_name: 'Manager' })).id
  employeeId = (await createUser(ctx.db, { email: 'employee@example.com', first_name: 'Eve', last_name: 'Employee', manager_id: managerId })).id
  adminToken = (await login(ctx.app, 'admin@example.com')).access
  employeeToken = (await login(ctx.app, 'employee@example.com')).access
})
after(() => ctx.close())

async function auditOf(userId: number) {
  const rows = await ctx.db.selectFrom('audit_events').selectAll().where('entity', '=', 'user').where('entity_id', '=', userId).orderBy('id').execute()
  return rows.map((r) => ({ actor_id: r.actor_id, action: r.action, changes: JSON.parse(r.changes) }))
}

describe('who may use the admin API', () => {
  it('answers 401 without credentials and 403 to non-admins, before looking at the body or the id', async () => {
    const managerToken = (await login(ctx.app, 'manager@example.com')).access
    const endpoints: Array<[Method, string, unknown?]> = [
      ['GET', '/api/users'],
      ['GET', '/api/users?is_active=maybe'],
      ['POST', '/api/users', { email: 'not-an-email' }],
      ['GET', `/api/users/${employeeId}`],
      ['GET', '/api/users/999999'],
      ['PATCH', `/api/users/${employeeId}`, { role: 'admin' }],
      ['POST', `/api/users/${employeeId}/deactivate`],
      ['POST', `/api/users/${employeeId}/activate`],
    ]
    for (const [method, url, payload] of endpoints) {
      const anonymous = await call(method, url, undefined, payload)
      assert.equal(anonymous.statusCode, 401, `${method} ${url}`)
      for (const token of [employeeToken, managerToken]) {
        const res = await call(method, url, token, payload)
        assert.equal(res.statusCode, 403, `${method} ${url}`)
        assert.deepEqual(res.json(), { detail: 'You do not have permission to perform this action.' })
      }
    }
    // The employee's role is untouched.
    assert.equal((await call('GET', `/api/users/${employeeId}`, adminToken)).json().role, 'employee')
  })
})

describe('POST /api/users (invitations)', () => {
  it('creates the user, answers 201 with Location, and mails an invitation that sets the password', async () => {
    const res = await call('POST', '/api/users/', adminToken, {
      email: 'New.Person@Example.com',
      first_name: 'Nina',
      last_name: 'New',
      role: 'manager',
      manager_id: managerId,
      is_active: false,
      password: 'ignored',
    })
    assert.equal(res.statusCode, 201, res.body)
    const user = res.json()
    assert.deepEqual(Object.keys(user), USER_KEYS)
    assert.equal(res.headers.location, `/api/users/${user.id}`)
    assert.equal(user.email, 'new.person@example.com')
    assert.equal(user.role, 'manager')
    assert.equal(user.manager_id, managerId)
    assert.equal(user.is_active, true)
    assert.equal(user.gender, '')
    assert.equal(user.birth_date, null)
    assert.match(user.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)

    // The invitation token lives as long as INVITE_TOKEN_LIFETIME (7 days by default) and is stored hashed.
    const stored = await ctx.db.selectFrom('password_reset_tokens').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow()
    const week = 7 * 24 * 3600 * 1000
    assert.ok(Math.abs(stored.expires_at - (Date.now() + week)) < 60_000)

    const mail = decodeMail((await sentMails(ctx)).find((m) => m.includes('To: new.person@example.com'))!)
    assert.match(mail, /Subject: You are invited to Leavedesk/)
    assert.match(mail, /Ada Admin created a Leavedesk account for you/)
    assert.match(mail, /7 days/)
    assert.match(mail, /Content-Type: text\/plain/)
    assert.match(mail, /Content-Type: text\/html/)
    const token = /https:\/\/leave\.example\.com\/set-password\/\?token=([A-Za-z0-9]{32})/.exec(mail)?.[1]
    assert.ok(token, 'the mail carries the set-password link')
    assert.equal(stored.token_hash.length, 64)
    assert.ok(!stored.token_hash.includes(token))

    // Before accepting, nobody can sign in with any password we could guess.
    const refused = await call('POST', '/api/auth/token', undefined, { email: 'new.person@example.com', password: 'ignored' })
    assert.equal(refused.statusCode, 401)
    const password = 'violet-harbor-lantern-42'
    const reset = await call('POST', '/api/auth/reset-password', undefined, { reset_token: token, password, confirm_password: password })
    assert.equal(reset.statusCode, 204, reset.body)
    await login(ctx.app, 'new.person@example.com', password)
    // The token worked once.
    const again = await call('POST', '/api/auth/reset-password', undefined, { reset_token: token, password, confirm_password: password })
    assert.equal(again.statusCode, 400)

    assert.deepEqual(await auditOf(user.id), [
      {
        actor_id: adminId,
        action: 'created',
        changes: {
          email: [null, 'new.person@example.com'],
          first_name: [null, 'Nina'],
          last_name: [null, 'New'],
          preferred_name: [null, ''],
          role: [null, 'manager'],
          manager_id: [null, managerId],
          is_active: [null, true],
        },
      },
    ])
  })

  it('defaults the role to employee and the manager to none', async () => {
    const res = await call('POST', '/api/users', adminToken, { email: 'plain@example.com', first_name: '', last_name: '' })
    assert.equal(res.statusCode, 201, res.body)
    assert.equal(res.json().role, 'employee')
    assert.equal(res.json().manager_id, null)
  })

  it('reports every bad field at once, and writes nothing (no user, no mail) on any error', async () => {
    const inactive = await createUser(ctx.db, { email: 'inactive-boss@example.com' })
    await ctx.db.updateTable('users').set({ is_active: 0 }).where('id', '=', inactive.id).execute()
    const before = await ctx.db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    const cases: Array<[unknown, Record<string, string[]>]> = [
      [{}, { email: ['This field is required.'], first_name: ['This field is required.'], last_name: ['This field is required.'] }],
      [
        { email: 'nope', first_name: 'x'.repeat(151), last_name: null, role: 'boss', manager_id: 'abc' },
        {
          email: ['Enter a valid email address.'],
          first_name: ['Ensure this field has no more than 150 characters.'],
          last_name: ['This field may not be null.'],
          role: ['"boss" is not a valid choice.'],
          manager_id: ['A valid integer is required.'],
        },
      ],
      [{ email: 'ADMIN@example.com', first_name: 'A', last_name: 'B' }, { email: ['A user with this email already exists.'] }],
      [{ email: 'x1@example.com', first_name: 'A', last_name: 'B', manager_id: 999_999 }, { manager_id: ['Invalid pk "999999" - object does not exist.'] }],
      [{ email: 'x2@example.com', first_name: 'A', last_name: 'B', manager_id: 99_999_999_999 }, { manager_id: ['Invalid pk "99999999999" - object does not exist.'] }],
      [{ email: 'x3@example.com', first_name: 'A', last_name: 'B', manager_id: inactive.id }, { manager_id: ['This user is not active.'] }],
      [
        { email: 'admin@example.com', first_name: 'A', last_name: 'B', manager_id: inactive.id },
        { email: ['A user with this email already exists.'], manager_id: ['This user is not active.'] },
      ],
    ]
    for (const [payload, expected] of cases) {
      const res = await call('POST', '/api/users', adminToken, payload)
      assert.equal(res.statusCode, 400, JSON.stringify(payload))
      assert.deepEqual(res.json(), expected, JSON.stringify(payload))
    }
    const afterCount = await ctx.db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    assert.equal(Number(afterCount.n), Number(before.n))
    for (const email of ['x1@example.com', 'x2@example.com', 'x3@example.com']) {
      assert.equal(await ctx.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst(), undefined)
    }
  })
})

describe('GET /api/users', () => {
  before(async () => {
    for (let i = 0; i < 5; i++) await createUser(ctx.db, { email: `list-${i}@example.com`, first_name: 'Lister', last_name: `Number${i}` })
    await createUser(ctx.db, { email: 'percent@example.com', first_name: '100%', last_name: 'Sure' })
  })

  it('lists users oldest first, paged with X-Total-Count and a Link to the next page', async () => {
    const res = await call('GET', '/api/users?q=lister&limit=2', adminToken)
    assert.equal(res.statusCode, 200)
    assert.equal(res.headers['x-total-count'], '5')
    assert.deepEqual(res.json().map((u: { email: string }) => u.email), ['list-0@example.com', 'list-1@example.com'])
    assert.deepEqual(Object.keys(res.json()[0]), USER_KEYS)
    assert.equal(res.headers.link, '</api/users?q=lister&limit=2&offset=2>; rel="next"')
    const last = await call('GET', '/api/users?q=lister&limit=2&offset=4', adminToken)
    assert.equal(last.json().length, 1)
    assert.equal(last.headers.link, undefined)
  })

  it('filters by role, is_active and part of the name or email, in any case', async () => {
    const emails = async (query: string) => {
      const res = await call('GET', `/api/users?${query}`, adminToken)
      assert.equal(res.statusCode, 200, `${query}: ${res.body}`)
      return res.json().map((u: { email: string }) => u.email) as string[]
    }
    assert.deepEqual(await emails('role=manager&q=manager'), ['manager@example.com'])
    assert.ok((await emails('role=admin')).every((e) => e.startsWith('admin')))
    assert.deepEqual(await emails('q=EVE%20EMPL'), ['employee@example.com'])
    assert.deepEqual(await emails('q=NUMBER3'), ['list-3@example.com'])
    assert.deepEqual(await emails('q=%25'), ['percent@example.com'], 'a % in q is a character, not a wildcard')
    assert.deepEqual(await emails('q=_'), [], 'an _ in q is a character, not a wildcard')
    const inactive = await emails('is_active=false')
    assert.ok(inactive.includes('inactive-boss@example.com'))
    assert.ok(!(await emails('is_active=true')).includes('inactive-boss@example.com'))
  })

  it('answers 400 for bad filters and paging', async () => {
    for (const [query, field] of [
      ['is_active=maybe', 'is_active'],
      ['role=king', 'role'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['offset=-1', 'offset'],
      ['q=', 'q'],
    ]) {
      const res = await call('GET', `/api/users?${query}`, adminToken)
      assert.equal(res.statusCode, 400, query)
      assert.ok(res.json()[field!], `${query}: ${res.body}`)
    }
  })
})

describe('GET and PATCH /api/users/<id>', () => {
  it('reads one user; unknown or malformed ids are 404', async () => {
    const res = await call('GET', `/api/users/${employeeId}/`, adminToken)
    assert.equal(res.statusCode, 200)
    assert.equal(res.json().email, 'employee@example.com')
    assert.equal(res.json().manager_id, managerId)
    for (const id of ['999999', 'abc', '-1', '1.5', '99999999999']) {
      assert.equal((await call('GET', `/api/users/${id}`, adminToken)).statusCode, 404, id)
    }
    assert.equal((await call('PATCH', '/api/users/999999', adminToken, { first_name: 'x' })).statusCode, 404)
  })

  it('changes names, email, role and manager, ignores other fields, and audits the change', async () => {
    const target = await createUser(ctx.db, { email: 'patch-me@example.com', first_name: 'Pat' })
    const res = await call('PATCH', `/api/users/${target.id}`, adminToken, {
      first_name: 'Patricia',
      preferred_name: 'Trish',
      email: 'Trish@Example.com',
      role: 'manager',
      manager_id: managerId,
      is_active: false,
      gender: 'female',
      id: 1,
    })
    assert.equal(res.statusCode, 200, res.body)
    const user = res.json()
    assert.equal(user.id, target.id)
    assert.equal(user.first_name, 'Patricia')
    assert.equal(user.preferred_name, 'Trish')
    assert.equal(user.email, 'trish@example.com')
    assert.equal(user.role, 'manager')
    assert.equal(user.manager_id, managerId)
    assert.equal(user.is_active, true)
    assert.equal(user.gender, '')

    const cleared = await call('PATCH', `/api/users/${target.id}`, adminToken, { manager_id: null })
    assert.equal(cleared.json().manager_id, null)
    // Sending the values it already has changes nothing and records nothing.
    assert.equal((await call('PATCH', `/api/users/${target.id}`, adminToken, { first_name: 'Patricia', manager_id: null })).statusCode, 200)

    assert.deepEqual(await auditOf(target.id), [
      {
        actor_id: adminId,
        action: 'updated',
        changes: {
          email: ['patch-me@example.com', 'trish@example.com'],
          first_name: ['Pat', 'Patricia'],
          preferred_name: ['', 'Trish'],
          role: ['employee', 'manager'],
          manager_id: [null, managerId],
        },
      },
      { actor_id: adminId, action: 'updated', changes: { manager_id: [managerId, null] } },
    ])
  })

  it('refuses a manager that is the user, unknown, inactive, or below the user (a cycle)', async () => {
    const top = await createUser(ctx.db, { email: 'top@example.com', role: 'manager' })
    const middle = await createUser(ctx.db, { email: 'middle@example.com', role: 'manager', manager_id: top.id })
    const bottom = await createUser(ctx.db, { email: 'bottom@example.com', manager_id: middle.id })
    const gone = await createUser(ctx.db, { email: 'gone-manager@example.com', role: 'manager' })
    assert.equal((await call('POST', `/api/users/${gone.id}/deactivate`, adminToken)).statusCode, 200)
    const cases: Array<[number, unknown, string]> = [
      [top.id, top.id, 'A user cannot be their own manager.'],
      [top.id, 424242, 'Invalid pk "424242" - object does not exist.'],
      [top.id, gone.id, 'This user is not active.'],
      [top.id, middle.id, 'This user reports to the user being changed: that would make a management cycle.'],
      [top.id, bottom.id, 'This user reports to the user being changed: that would make a management cycle.'],
      [middle.id, bottom.id, 'This user reports to the user being changed: that would make a management cycle.'],
    ]
    for (const [id, manager, message] of cases) {
      const res = await call('PATCH', `/api/users/${id}`, adminToken, { manager_id: manager })
      assert.equal(res.statusCode, 400, `${id} -> ${manager}`)
      assert.deepEqual(res.json(), { manager_id: [message] })
    }
    assert.equal((await call('PATCH', `/api/users/${top.id}`, adminToken, { manager_id: 1.5 })).json().manager_id[0], 'A valid integer is required.')
    // Nothing moved; a legal change still works.
    assert.equal((await call('GET', `/api/users/${top.id}`, adminToken)).json().manager_id, null)
    assert.equal((await call('PATCH', `/api/users/${bottom.id}`, adminToken, { manager_id: top.id })).json().manager_id, top.id)
  })

  it('refuses an email another user has, in any case', async () => {
    const res = await call('PATCH', `/api/users/${employeeId}`, adminToken, { email: 'MANAGER@example.com' })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json(), { email: ['A user with this email already exists.'] })
  })
})

describe('activation and the last active admin', () => {
  it('deactivating ends the user’s sessions at once; activating lets them sign in again', async () => {
    const user = await createUser(ctx.db, { email: 'leaving@example.com' })
    const { access, refresh } = await login(ctx.app, 'leaving@example.com')
    assert.equal((await call('GET', '/api/auth/me', access)).statusCode, 200)

    const res = await call('POST', `/api/users/${user.id}/deactivate/`, adminToken)
    assert.equal(res.statusCode, 200)
    assert.equal(res.json().is_active, false)
    assert.equal((await call('GET', '/api/auth/me', access)).statusCode, 401)
    assert.equal((await call('POST', '/api/auth/refresh', undefined, { refresh })).statusCode, 401)
    assert.equal((await call('POST', '/api/auth/token', undefined, { email: 'leaving@example.com', password: 'correct-horse-battery-staple' })).statusCode, 401)
    // Deactivating twice is harmless.
    assert.equal((await call('POST', `/api/users/${user.id}/deactivate`, adminToken)).json().is_active, false)

    const back = await call('POST', `/api/users/${user.id}/activate`, adminToken)
    assert.equal(back.statusCode, 200)
    assert.equal(back.json().is_active, true)
    const fresh = await login(ctx.app, 'leaving@example.com')
    assert.equal((await call('GET', '/api/auth/me', fresh.access)).statusCode, 200)
    // Tokens from before the deactivation stay dead.
    assert.equal((await call('GET', '/api/auth/me', access)).statusCode, 401)

    assert.deepEqual(
      (await auditOf(user.id)).map((e) => [e.action, e.changes]),
      [
        ['deactivated', { is_active: [true, false] }],
        ['activated', { is_active: [false, true] }],
      ],
    )
  })

  it('refuses to demote or deactivate the last active admin (409), but allows it while another remains', async () => {
    const lastAdmin = { detail: 'The last active admin cannot be demoted or deactivated.', code: 'last_admin' }
    // Other admins may exist from earlier tests: make sure this one is the only active admin.
    const admins = await ctx.db.selectFrom('users').select('id').where('role', '=', 'admin').where('id', '!=', adminId).execute()
    for (const { id } of admins) await ctx.db.updateTable('users').set({ is_active: 0 }).where('id', '=', id).execute()

    let res = await call('PATCH', `/api/users/${adminId}`, adminToken, { role: 'manager' })
    assert.equal(res.statusCode, 409)
    assert.deepEqual(res.json(), lastAdmin)
    res = await call('POST', `/api/users/${adminId}/deactivate`, adminToken)
    assert.equal(res.statusCode, 409)
    assert.deepEqual(res.json(), lastAdmin)
    // Renaming is fine, and keeping the role is not a demotion.
    assert.equal((await call('PATCH', `/api/users/${adminId}`, adminToken, { role: 'admin', last_name: 'Admin' })).statusCode, 200)

    const second = await createUser(ctx.db, { email: 'second-admin@example.com', role: 'admin' })
    res = await call('PATCH', `/api/users/${second.id}`, adminToken, { role: 'employee' })
    assert.equal(res.statusCode, 200)
    assert.equal(res.json().role, 'employee')
    res = await call('PATCH', `/api/users/${second.id}`, adminToken, { role: 'admin' })
    assert.equal(res.statusCode, 200)
    res = await call('POST', `/api/users/${second.id}/deactivate`, adminToken)
    assert.equal(res.statusCode, 200)
    // An inactive admin is no safeguard: the first is the last active admin again.
    assert.equal((await call('PATCH', `/api/users/${adminId}`, adminToken, { role: 'employee' })).statusCode, 409)
  })

  it('two admins demoting each other at once: exactly one succeeds', async () => {
    const a = await createUser(ctx.db, { email: 'race-a@example.com', role: 'admin' })
    const b = await createUser(ctx.db, { email: 'race-b@example.com', role: 'admin' })
    // Only these two are active admins.
    await ctx.db.updateTable('users').set({ is_active: 0 }).where('role', '=', 'admin').where('id', 'not in', [a.id, b.id]).execute()
    const tokenA = (await login(ctx.app, 'race-a@example.com')).access
    const tokenB = (await login(ctx.app, 'race-b@example.com')).access
    const results = await Promise.all([
      call('POST', `/api/users/${b.id}/deactivate`, tokenA),
      call('PATCH', `/api/users/${a.id}`, tokenB, { role: 'manager' }),
    ])
    // The loser answers 409 (the last admin), or 401 when B's deactivation committed before B's own
    // request was authenticated: B is no longer signed in then. Either way exactly one wins.
    const [winner, loser] = results.map((r) => r.statusCode).sort()
    assert.equal(winner, 200, results.map((r) => r.body).join(' / '))
    assert.ok(loser === 409 || loser === 401, results.map((r) => r.body).join(' / '))
    const active = await ctx.db.selectFrom('users').select('id').where('role', '=', 'admin').where('is_active', '=', 1).execute()
    assert.equal(active.length, 1)
    await ctx.db.updateTable('users').set({ is_active: 1 }).where('id', '=', adminId).execute()
  })
})

describe('GET /api/auth/me', () => {
  it('names the manager, or null', async () => {
    const res = await call('GET', '/api/auth/me', employeeToken)
    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.json().manager, { id: managerId, email: 'manager@example.com', first_name: 'Max', last_name: 'Manager' })
    const admin = await call('GET', '/api/auth/me', adminToken)
    assert.equal(admin.json().manager, null)
    const patched = await call('PATCH', '/api/auth/me', employeeToken, { preferred_name: 'Evie' })
    assert.equal(patched.json().manager.id, managerId)
  })
})

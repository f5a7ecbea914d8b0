// Working time through HTTP, on SQLite and PostgreSQL: settings, people's zones, regions and work
// weeks, holidays, leave types as data, requests that know their days, the preview, and durations
// recomputed when the rules change under a request.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { bearer, createTestContext, createUser, login, sentMails, type TestContext } from '../helpers/harness.js'

let ctx: TestContext
let admin: Person
let seq = 0

interface Person {
  id: number
  email: string
  token: string
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
type Body = Record<string, unknown>

const call = (method: Method, url: string, who?: Person, payload?: unknown) =>
  ctx.app.inject({ method, url, headers: who ? bearer(who.token) : {}, ...(payload !== undefined ? { payload: payload as object } : {}) })

async function ok(method: Method, url: string, who: Person, payload?: unknown, status = 200): Promise<Body> {
  const res = await call(method, url, who, payload)
  assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`)
  return res.statusCode === 204 ? {} : (res.json() as Body)
}

/** A fresh person with the given working time (set by the admin through the API). */
async function person(fields: Body = {}, role: 'employee' | 'manager' | 'admin' = 'employee', managerId: number | null = null): Promise<Person> {
  const email = `wt${++seq}@example.com`
  const user = await createUser(ctx.db, { email, role, manager_id: managerId, first_name: 'Wt', last_name: String(seq) })
  if (Object.keys(fields).length > 0) await ok('PATCH', `/api/users/${user.id}`, admin, fields)
  return { id: user.id, email, token: (await login(ctx.app, email)).access }
}

const history = async (id: unknown, who: Person) => (await ok('GET', `/api/leave-requests/${String(id)}/history`, who)) as unknown as Body[]

before(async () => {
  // The company's real default week: Monday to Friday, 8 hours.
  ctx = await createTestContext({}, { mondayToFriday: true })
  const user = await createUser(ctx.db, { email: 'admin@example.com', role: 'admin', first_name: 'Ada', last_name: 'Admin' })
  admin = { id: user.id, email: 'admin@example.com', token: (await login(ctx.app, 'admin@example.com')).access }
  // A second admin, so that the first admin's own requests have an approver.
  await createUser(ctx.db, { email: 'abe@example.com', role: 'admin', first_name: 'Abe', last_name: 'Admin' })
})
after(() => ctx.close())

describe('settings', () => {
  it('shows the defaults to anyone signed in, and only admins change them, each change audited', async () => {
    const eve = await person()
    assert.deepEqual(await ok('GET', '/api/settings', eve), {
      default_time_zone: 'UTC',
      default_holiday_region: null,
      default_work_week: { mon: 8, tue: 8, wed: 8, thu: 8, fri: 8, sat: 0, sun: 0 },
      leave_year_start: '01-01',
      calendar_visible_to_everyone: false,
    })
    assert.equal((await call('PATCH', '/api/settings', eve, { leave_year_start: '04-01' })).statusCode, 403)
    assert.equal((await call('GET', '/api/settings')).statusCode, 401)
    const changed = await ok('PATCH', '/api/settings', admin, { leave_year_start: '04-01' })
    assert.equal(changed.leave_year_start, '04-01')
    const audit = await ctx.db.selectFrom('audit_events').selectAll().where('entity', '=', 'settings').execute()
    assert.equal(audit.length, 1)
    assert.deepEqual(JSON.parse(audit[0]!.changes), { leave_year_start: ['01-01', '04-01'] })
    assert.equal(audit[0]!.actor_id, admin.id)
    await ok('PATCH', '/api/settings', admin, { leave_year_start: '01-01' })
  })

  it('refuses an unknown zone or region, odd hours and an impossible leave-year start, every field at once', async () => {
    const res = await call('PATCH', '/api/settings', admin, { default_time_zone: 'Mars/Olympus', default_holiday_region: 'XX', leave_year_start: '02-29' })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(Object.keys(res.json()).sort(), ['default_holiday_region', 'default_time_zone', 'leave_year_start'])
    assert.match(res.json().default_time_zone[0], /not a time zone/)
    assert.match(res.json().default_holiday_region[0], /GET \/api\/regions/)
    for (const week of [{ mon: 25 }, { mon: 7.3 }, { mon: -1 }, { mon: '8' }]) {
      const bad = await call('PATCH', '/api/settings', admin, { default_work_week: Object.assign({ mon: 8, tue: 8, wed: 8, thu: 8, fri: 8, sat: 0, sun: 0 }, week) })
      assert.equal(bad.statusCode, 400, JSON.stringify(week))
      assert.ok(bad.json().default_work_week, bad.body)
    }
    const missingDay = await call('PATCH', '/api/settings', admin, { default_work_week: { mon: 8 } })
    assert.equal(missingDay.statusCode, 400)
    assert.match(missingDay.json().default_work_week[0], /"tue" is required/)
    for (const bad of ['13-01', '00-10', '1-01', '04-31']) {
      assert.equal((await call('PATCH', '/api/settings', admin, { leave_year_start: bad })).statusCode, 400, bad)
    }
    assert.equal((await ok('GET', '/api/settings', admin)).default_time_zone, 'UTC', 'nothing was stored')
  })

  it('takes zones the runtime constructs even where Node 20 does not list them (UTC, Europe/Kyiv)', async () => {
    for (const zone of ['Europe/Kyiv', 'UTC']) assert.equal((await ok('PATCH', '/api/settings', admin, { default_time_zone: zone })).default_time_zone, zone)
  })
})

describe('people’s working time', () => {
  it('admins set zone, region, work week and employment start; the representations show what applies', async () => {
    const eve = await person()
    const patched = await ok('PATCH', `/api/users/${eve.id}`, admin, {
      time_zone: 'Europe/Berlin',
      holiday_region: 'DE-BY',
      work_week: { sun: 0, mon: 6, tue: 6, wed: 6, thu: 0, fri: 0, sat: 0 },
      employment_start: '2026-04-01',
    })
    assert.equal(patched.effective_time_zone, 'Europe/Berlin')
    assert.equal(patched.effective_holiday_region, 'DE-BY')
    assert.deepEqual(patched.work_week, { mon: 6, tue: 6, wed: 6, thu: 0, fri: 0, sat: 0, sun: 0 })
    const me = await ok('GET', '/api/auth/me', eve)
    assert.equal(me.time_zone, 'Europe/Berlin')
    assert.equal(me.employment_start, '2026-04-01')
    assert.deepEqual(me.effective_work_week, { mon: 6, tue: 6, wed: 6, thu: 0, fri: 0, sat: 0, sun: 0 })
    // null returns a field to the company default.
    const reset = await ok('PATCH', `/api/users/${eve.id}`, admin, { time_zone: null, work_week: null })
    assert.equal(reset.time_zone, null)
    assert.equal(reset.effective_time_zone, 'UTC')
    assert.deepEqual(reset.effective_work_week, { mon: 8, tue: 8, wed: 8, thu: 8, fri: 8, sat: 0, sun: 0 })
  })

  it('refuses a bad zone or region for a person, and a person may change their own zone only', async () => {
    const eve = await person()
    const res = await call('PATCH', `/api/users/${eve.id}`, admin, { time_zone: 'Europe/Nowhere', holiday_region: 'de-by' })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(Object.keys(res.json()).sort(), ['holiday_region', 'time_zone'])
    const own = await ok('PATCH', '/api/auth/me', eve, { time_zone: 'Pacific/Auckland', holiday_region: 'NZ', work_week: { mon: 1 } })
    assert.equal(own.time_zone, 'Pacific/Auckland')
    assert.equal(own.holiday_region, null, 'the region is the admin’s to set')
    assert.equal(own.work_week, null)
    assert.equal((await call('PATCH', '/api/auth/me', eve, { time_zone: '+02:00' })).statusCode, 400)
  })
})

describe('holidays and regions', () => {
  it('lists a year’s public holidays of a region, and the regions the data knows', async () => {
    const eve = await person({ holiday_region: 'DE-BY' })
    const days = (await ok('GET', '/api/holidays?year=2027', eve)) as unknown as Body[]
    const epiphany = days.find((d) => d.date === '2027-01-06')
    assert.deepEqual(epiphany && { ...epiphany, name: typeof epiphany.name }, { date: '2027-01-06', name: 'string', half_day: false, kind: 'public', id: null, region: 'DE-BY' })
    assert.ok(!days.some((d) => d.date === '2027-12-24'), 'German 24 December is a bank holiday, not a public one')
    assert.deepEqual(days.map((d) => d.date), [...days.map((d) => d.date)].sort())
    const gb = (await ok('GET', '/api/holidays?year=2027&region=GB-ENG', eve)) as unknown as Body[]
    assert.ok(gb.some((d) => d.date === '2027-12-27') && gb.some((d) => d.date === '2027-12-28'), 'substitute days count')
    const regions = (await ok('GET', '/api/regions', eve)) as unknown as Body[]
    assert.ok(regions.some((r) => r.code === 'DE-BY'))
    for (const query of ['', '?year=1899', '?year=2027&region=XX', '?year=abc']) {
      assert.equal((await call('GET', `/api/holidays${query}`, eve)).statusCode, 400, query)
    }
  })

  it('admins add and remove company days off, for everyone or one region', async () => {
    const eve = await person({ holiday_region: 'FR' })
    assert.equal((await call('POST', '/api/holidays', eve, { date: '2031-05-02', name: 'Bridge day' })).statusCode, 403)
    const everyone = await ok('POST', '/api/holidays', admin, { date: '2031-05-02', name: 'Bridge day' }, 201)
    const deOnly = await ok('POST', '/api/holidays', admin, { date: '2031-05-03', name: 'Bavarian picnic', region: 'DE-BY', half_day: true }, 201)
    assert.deepEqual(everyone, { date: '2031-05-02', name: 'Bridge day', half_day: false, kind: 'company', id: everyone.id, region: null })
    const seen = ((await ok('GET', '/api/holidays?year=2031', eve)) as unknown as Body[]).filter((d) => d.kind === 'company').map((d) => d.name)
    assert.deepEqual(seen, ['Bridge day'])
    const bavarian = ((await ok('GET', '/api/holidays?year=2031&region=DE-BY', eve)) as unknown as Body[]).filter((d) => d.kind === 'company')
    assert.deepEqual(bavarian.map((d) => [d.name, d.half_day]), [['Bridge day', false], ['Bavarian picnic', true]])
    assert.equal((await call('POST', '/api/holidays', admin, { date: '2031-02-30', name: 'x' })).statusCode, 400)
    assert.equal((await call('POST', '/api/holidays', admin, { date: '2031-02-03', name: 'x', region: 'Atlantis' })).statusCode, 400)
    await ok('DELETE', `/api/holidays/${String(everyone.id)}`, admin, undefined, 204)
    await ok('DELETE', `/api/holidays/${String(deOnly.id)}`, admin, undefined, 204)
    assert.equal((await call('DELETE', `/api/holidays/${String(everyone.id)}`, admin)).statusCode, 404)
  })
})

describe('leave types as data', () => {
  it('seeds the original four, lets admins add and retire types, and refuses retired and unknown codes', async () => {
    const eve = await person()
    const types = (await ok('GET', '/api/leave-types', eve)) as unknown as Body[]
    assert.deepEqual(types.map((t) => t.code).slice(0, 4), ['VACATION', 'SICK', 'MATERNITY', 'UNPAID'])
    assert.deepEqual(Object.keys(types[0]!), [
      'code', 'name', 'unit', 'requires_approval', 'counts_against_balance', 'color', 'active',
      'annual_allowance', 'accrual', 'carry_over_max', 'carry_over_expires', 'allow_negative',
    ])
    assert.ok(types.slice(0, 4).every((t) => t.unit === 'day' && t.requires_approval === true && t.counts_against_balance === false && t.active === true))
    assert.equal((await call('POST', '/api/leave-types', eve, { code: 'TRAINING', name: 'Training' })).statusCode, 403)
    for (const code of ['training', 'TOO-LONG', '', 'A'.repeat(33)]) {
      assert.equal((await call('POST', '/api/leave-types', admin, { code, name: 'x' })).statusCode, 400, code)
    }
    const training = await ok('POST', '/api/leave-types', admin, { code: 'TRAINING', name: 'Training', color: '#00aa00' }, 201)
    assert.deepEqual(training, {
      code: 'TRAINING', name: 'Training', unit: 'day', requires_approval: true, counts_against_balance: false, color: '#00AA00', active: true,
      annual_allowance: 0, accrual: 'yearly', carry_over_max: null, carry_over_expires: null, allow_negative: 0,
    })
    assert.equal((await call('POST', '/api/leave-types', admin, { code: 'TRAINING', name: 'Again' })).statusCode, 400)
    const req = await ok('POST', '/api/leave-requests', eve, { start_date: '2031-03-03', end_date: '2031-03-03', type: 'TRAINING' }, 201)
    assert.equal(req.type, 'TRAINING')
    assert.equal((await ok('GET', '/api/leave-requests?type=TRAINING', eve) as unknown as Body[]).length, 1)
    assert.equal((await call('PATCH', '/api/leave-types/TRAINING', admin, { unit: 'hour' })).statusCode, 409, 'a used type keeps its unit')
    assert.equal((await ok('PATCH', '/api/leave-types/TRAINING', admin, { active: false })).active, false)
    const retired = await call('POST', '/api/leave-requests', eve, { start_date: '2031-03-04', end_date: '2031-03-04', type: 'TRAINING' })
    assert.equal(retired.statusCode, 400)
    assert.deepEqual(retired.json(), { type: ['"TRAINING" is not a valid choice.'] })
    // The old request keeps its type, and may still be changed.
    assert.equal((await ok('PATCH', `/api/leave-requests/${String(req.id)}`, eve, { description: 'still training' })).type, 'TRAINING')
    const preview = await ok('POST', '/api/leave-requests/preview', eve, { start_date: '2031-03-04', end_date: '2031-03-04', type: 'TRAINING' })
    assert.deepEqual(preview.problems, [{ code: 'invalid_type', message: '"TRAINING" is not a valid choice.' }])
    assert.deepEqual((await call('POST', '/api/leave-requests/preview', eve, { start_date: '2031-03-04', end_date: '2031-03-04', type: 'NOPE' })).json(), {
      type: ['"NOPE" is not a valid choice.'],
    })
    assert.equal((await call('PATCH', '/api/leave-types/NOPE', admin, { name: 'x' })).statusCode, 404)
  })

  it('approves a request of a type that needs no approval at once, says so in its history and tells the approvers', async () => {
    const manager = await person({}, 'manager')
    const eve = await person({}, 'employee', manager.id)
    await ok('POST', '/api/leave-types', admin, { code: 'HOMEOFFICE', name: 'Working from home', requires_approval: false }, 201)
    const preview = await ok('POST', '/api/leave-requests/preview', eve, { start_date: '2031-04-07', end_date: '2031-04-08', type: 'HOMEOFFICE' })
    assert.equal(preview.requires_approval, false)
    assert.deepEqual(preview.approvers, [])
    await sentMails(ctx)
    const req = await ok('POST', '/api/leave-requests', eve, { start_date: '2031-04-07', end_date: '2031-04-08', type: 'HOMEOFFICE' }, 201)
    assert.equal(req.status, 'APPROVED')
    const trail = await history(req.id, eve)
    assert.deepEqual(trail.map((e) => [e.action, e.actor]), [['created', { id: eve.id, email: eve.email }], ['approved', null]])
    assert.match(String(trail[1]!.note), /HOMEOFFICE needs no approval/)
    const mails = (await sentMails(ctx)).filter((m) => m.includes(`To: ${manager.email}`))
    assert.ok(mails.some((m) => /approved automatically/i.test(m)), 'the manager is told, for information')
  })

  it('approves at once what nobody else could approve: the only active admin, without a manager', async () => {
    const solo = await createTestContext({}, { mondayToFriday: true })
    try {
      await createUser(solo.db, { email: 'solo@example.com', role: 'admin' })
      const token = (await login(solo.app, 'solo@example.com')).access
      const res = await solo.app.inject({ method: 'POST', url: '/api/leave-requests', headers: bearer(token), payload: { start_date: '2031-04-07', end_date: '2031-04-07' } })
      assert.equal(res.statusCode, 201, res.body)
      assert.equal(res.json().status, 'APPROVED')
      const trail = (await solo.app.inject({ method: 'GET', url: `/api/leave-requests/${res.json().id}/history`, headers: bearer(token) })).json()
      assert.match(trail[1].note, /nobody but its owner could approve it/)
    } finally {
      await solo.close()
    }
  })
})

describe('a request that knows its days', () => {
  it('Berlin, DE-BY: 2027-01-04..08 takes 4 days (6 January is Epiphany), and the preview says so day by day', async () => {
    const eve = await person({ time_zone: 'Europe/Berlin', holiday_region: 'DE-BY' })
    const body = { start_date: '2027-01-04', end_date: '2027-01-08' }
    const preview = await ok('POST', '/api/leave-requests/preview', eve, body)
    assert.equal(preview.days, 4)
    assert.equal(preview.hours, 32)
    assert.equal(preview.start, '2027-01-03T23:00:00.000Z', 'local midnight in Berlin')
    assert.equal(preview.end, '2027-01-08T23:00:00.000Z', 'the local midnight after the last day')
    const breakdown = preview.breakdown as Body[]
    assert.deepEqual(
      breakdown.map((d) => [d.date, d.weekday, d.counts, d.reason]),
      [
        ['2027-01-04', 'mon', 1, 'working_day'],
        ['2027-01-05', 'tue', 1, 'working_day'],
        ['2027-01-06', 'wed', 0, 'public_holiday'],
        ['2027-01-07', 'thu', 1, 'working_day'],
        ['2027-01-08', 'fri', 1, 'working_day'],
      ],
    )
    assert.equal(typeof breakdown[2]!.holiday, 'string')
    assert.deepEqual(preview.problems, [])
    assert.deepEqual((preview.approvers as Body[]).map((a) => a.email).sort(), ['abe@example.com', 'admin@example.com'])
    assert.equal(await ctx.db.selectFrom('leave_requests').select('id').where('user_id', '=', eve.id).executeTakeFirst(), undefined, 'the preview wrote nothing')
    const created = await ok('POST', '/api/leave-requests', eve, body, 201)
    assert.deepEqual([created.days, created.hours, created.start_date, created.end_date], [4, 32, '2027-01-04', '2027-01-08'])
  })

  it('a part-timer working Monday to Wednesday takes 2 of the same dates', async () => {
    const pat = await person({ time_zone: 'Europe/Berlin', holiday_region: 'DE-BY', work_week: { mon: 8, tue: 8, wed: 8, thu: 0, fri: 0, sat: 0, sun: 0 } })
    const created = await ok('POST', '/api/leave-requests', pat, { start_date: '2027-01-04', end_date: '2027-01-08' }, 201)
    assert.equal(created.days, 2)
    const reasons = ((await ok('POST', '/api/leave-requests/preview', pat, { start_date: '2027-01-11', end_date: '2027-01-15' })).breakdown as Body[]).map((d) => d.reason)
    assert.deepEqual(reasons, ['working_day', 'working_day', 'working_day', 'weekend', 'weekend'])
  })

  it('an Auckland user’s date-based request shows the same local dates in every response', async () => {
    const kiri = await person({ time_zone: 'Pacific/Auckland' })
    const created = await ok('POST', '/api/leave-requests', kiri, { start_date: '2027-04-01', end_date: '2027-04-06' }, 201)
    const dates = (b: Body) => [b.start_date, b.end_date, b.half_day_start, b.half_day_end]
    const expected = ['2027-04-01', '2027-04-06', false, false]
    assert.deepEqual(dates(created), expected)
    assert.equal(created.start, '2027-03-31T11:00:00.000Z', 'NZDT is UTC+13')
    assert.equal(created.end, '2027-04-06T12:00:00.000Z', 'after 4 April NZST is UTC+12')
    assert.deepEqual(dates(await ok('GET', `/api/leave-requests/${String(created.id)}`, kiri)), expected)
    assert.deepEqual(dates(((await ok('GET', '/api/leave-requests', kiri)) as unknown as Body[])[0]!), expected)
    assert.deepEqual(dates(await ok('PATCH', `/api/leave-requests/${String(created.id)}`, kiri, { description: 'Easter' })), expected)
    // Sent as the original's date-times, the same instants read back as the same dates.
    const again = await ok('POST', '/api/leave-requests/preview', kiri, { start: created.start, end: created.end })
    assert.deepEqual(dates(again), expected)
  })

  it('a week over a DST change counts the same as an ordinary week', async () => {
    for (const [zone, dst, ordinary] of [
      ['Europe/Berlin', '2027-03-22', '2027-03-08'],
      ['Europe/Berlin', '2027-10-25', '2027-10-11'],
      ['America/New_York', '2027-03-08', '2027-02-22'],
      ['Pacific/Auckland', '2027-09-20', '2027-09-06'],
    ] as const) {
      const who = await person({ time_zone: zone })
      const week = async (monday: string) => {
        const sunday = `${monday.slice(0, 8)}${String(Number(monday.slice(8)) + 6).padStart(2, '0')}`
        return ok('POST', '/api/leave-requests/preview', who, { start_date: monday, end_date: sunday })
      }
      const [a, b] = [await week(dst), await week(ordinary)]
      assert.deepEqual([a.days, a.hours], [5, 40], `${zone} ${dst}`)
      assert.deepEqual([a.days, a.hours], [b.days, b.hours], zone)
    }
  })

  it('takes half days from dates, and derives them from date-times', async () => {
    const eve = await person({ time_zone: 'Europe/Berlin' })
    const half = await ok('POST', '/api/leave-requests', eve, { start_date: '2031-06-02', end_date: '2031-06-04', half_day_start: true, half_day_end: true }, 201)
    assert.deepEqual([half.days, half.hours, half.start, half.end], [2, 16, '2031-06-02T10:00:00.000Z', '2031-06-04T10:00:00.000Z'])
    const afternoon = await ok('POST', '/api/leave-requests/preview', eve, { start: '2031-06-09T13:00:00+02:00', end: '2031-06-10T00:00:00+02:00' })
    assert.deepEqual([afternoon.start_date, afternoon.end_date, afternoon.half_day_start, afternoon.half_day_end, afternoon.days], ['2031-06-09', '2031-06-09', true, false, 0.5])
    const bothHalves = await call('POST', '/api/leave-requests', eve, { start_date: '2031-06-11', end_date: '2031-06-11', half_day_start: true, half_day_end: true })
    assert.equal(bothHalves.statusCode, 400)
    assert.match(bothHalves.json().error[0], /one-day request cannot have both half days/)
  })

  it('refuses a body with both kinds of period, a weekend-only period, and a null body, with messages that say what to fix', async () => {
    const eve = await person()
    const both = await call('POST', '/api/leave-requests', eve, { start: '2031-06-02T00:00:00Z', end: '2031-06-03T00:00:00Z', start_date: '2031-06-02' })
    assert.equal(both.statusCode, 400)
    assert.match(both.json().error[0], /either as start and end, or as start_date and end_date/)
    const weekend = await call('POST', '/api/leave-requests', eve, { start_date: '2031-06-07', end_date: '2031-06-08' })
    assert.deepEqual([weekend.statusCode, weekend.json()], [400, { error: ['The request covers no working day.'] }])
    const preview = await ok('POST', '/api/leave-requests/preview', eve, { start_date: '2031-06-07', end_date: '2031-06-08' })
    assert.deepEqual(preview.problems, [{ code: 'no_working_day', message: 'The request covers no working day.' }])
    assert.deepEqual(((preview.breakdown as Body[]).map((d) => d.reason)), ['weekend', 'weekend'])
    const missing = await call('POST', '/api/leave-requests', eve, { start_date: '2031-06-02' })
    assert.deepEqual(missing.json(), { end_date: ['This field is required.'] })
    const reversed = await call('POST', '/api/leave-requests', eve, { start_date: '2031-06-05', end_date: '2031-06-02' })
    assert.equal(reversed.statusCode, 400)
    const tooLong = await call('POST', '/api/leave-requests', eve, { start: '2000-01-01T00:00:00Z', end: '2031-01-01T00:00:00Z' })
    assert.equal(tooLong.statusCode, 400)
    assert.match(tooLong.json().error[0], /at most 1096 days/)
    for (const url of ['/api/leave-requests', '/api/leave-requests/preview']) {
      const res = await ctx.app.inject({ method: 'POST', url, headers: { ...bearer(eve.token), 'content-type': 'application/json' }, payload: 'null' })
      assert.deepEqual([res.statusCode, res.json()], [400, { error: ['Invalid data. Expected an object.'] }], url)
    }
  })

  it('the preview lists every problem at once, the overlap with the request it overlaps', async () => {
    const eve = await person()
    const first = await ok('POST', '/api/leave-requests', eve, { start_date: '2031-07-07', end_date: '2031-07-09' }, 201)
    await ok('POST', '/api/leave-types', admin, { code: 'OLDTYPE', name: 'Old', active: false }, 201)
    const preview = await ok('POST', '/api/leave-requests/preview', eve, { start_date: '2031-07-09', end_date: '2031-07-10', type: 'OLDTYPE' })
    assert.deepEqual(
      (preview.problems as Body[]).map((p) => [p.code, p.request_id]),
      [['invalid_type', undefined], ['overlap', first.id]],
    )
    const create = await call('POST', '/api/leave-requests', eve, { start_date: '2031-07-09', end_date: '2031-07-10', type: 'OLDTYPE' })
    assert.deepEqual(Object.keys(create.json()).sort(), ['error', 'type'])
  })
})

describe('durations that follow the rules', () => {
  it('a company day off inside a pending request lowers its days at once, and its history says why', async () => {
    const eve = await person({ time_zone: 'Europe/Berlin' })
    const req = await ok('POST', '/api/leave-requests', eve, { start_date: '2031-09-08', end_date: '2031-09-12' }, 201)
    assert.equal(req.days, 5)
    const day = await ok('POST', '/api/holidays', admin, { date: '2031-09-10', name: 'Company outing' }, 201)
    assert.equal((await ok('GET', `/api/leave-requests/${String(req.id)}`, eve)).days, 4)
    const trail = await history(req.id, eve)
    const last = trail[trail.length - 1]!
    assert.equal(last.action, 'recomputed')
    assert.deepEqual((last.changes as Body).days, [5, 4])
    assert.match(String(last.note), /Company day off 2031-09-10 "Company outing" added/)
    assert.deepEqual(last.actor, { id: admin.id, email: admin.email })
    await ok('DELETE', `/api/holidays/${String(day.id)}`, admin, undefined, 204)
    assert.equal((await ok('GET', `/api/leave-requests/${String(req.id)}`, eve)).days, 5)
  })

  it('a past request keeps the days it was approved with', async () => {
    const eve = await person()
    const past = await ok('POST', '/api/leave-requests', eve, { start_date: '2020-03-02', end_date: '2020-03-06' }, 201)
    await ok('POST', '/api/holidays', admin, { date: '2020-03-04', name: 'Retroactive' }, 201)
    assert.equal((await ok('GET', `/api/leave-requests/${String(past.id)}`, eve)).days, 5)
  })

  it('a new zone keeps a request’s local dates and moves its instants; a new work week changes its days', async () => {
    const eve = await person({ time_zone: 'Pacific/Auckland' })
    const req = await ok('POST', '/api/leave-requests', eve, { start_date: '2031-10-06', end_date: '2031-10-10' }, 201)
    await ok('PATCH', '/api/auth/me', eve, { time_zone: 'Europe/Berlin' })
    const moved = await ok('GET', `/api/leave-requests/${String(req.id)}`, eve)
    assert.deepEqual([moved.start_date, moved.end_date, moved.days], ['2031-10-06', '2031-10-10', 5])
    assert.equal(moved.start, '2031-10-05T22:00:00.000Z', 'local midnight in Berlin now')
    await ok('PATCH', `/api/users/${eve.id}`, admin, { work_week: { mon: 8, tue: 8, wed: 8, thu: 8, fri: 0, sat: 0, sun: 0 } })
    assert.equal((await ok('GET', `/api/leave-requests/${String(req.id)}`, eve)).days, 4)
    const notes = (await history(req.id, eve)).filter((e) => e.action === 'recomputed').map((e) => e.note)
    assert.equal(notes.length, 2)
  })

  it('a company default that people inherit recomputes their requests; those with their own value keep theirs', async () => {
    const inherits = await person()
    const own = await person({ work_week: { mon: 8, tue: 8, wed: 8, thu: 8, fri: 8, sat: 0, sun: 0 } })
    const a = await ok('POST', '/api/leave-requests', inherits, { start_date: '2032-02-02', end_date: '2032-02-06' }, 201)
    const b = await ok('POST', '/api/leave-requests', own, { start_date: '2032-02-02', end_date: '2032-02-06' }, 201)
    await ok('PATCH', '/api/settings', admin, { default_work_week: { mon: 8, tue: 8, wed: 8, thu: 8, fri: 4, sat: 0, sun: 0 } })
    try {
      const after = await ok('GET', `/api/leave-requests/${String(a.id)}`, inherits)
      assert.deepEqual([after.days, after.hours], [5, 36])
      assert.deepEqual([(await ok('GET', `/api/leave-requests/${String(b.id)}`, own)).hours], [40])
    } finally {
      await ok('PATCH', '/api/settings', admin, { default_work_week: { mon: 8, tue: 8, wed: 8, thu: 8, fri: 8, sat: 0, sun: 0 } })
    }
  })

  it('the original’s curl session still works unchanged', async () => {
    const eve = await person()
    const res = await call('POST', '/api/leave-requests', eve, { start: '2019-12-02T10:00:00.000Z', end: '2019-12-03T19:00:00.000Z', description: 'Gotta chill.', type: 'VACATION' })
    assert.equal(res.statusCode, 201, res.body)
    const body = res.json()
    assert.deepEqual([body.start, body.end, body.type, body.status], ['2019-12-02T10:00:00.000Z', '2019-12-03T19:00:00.000Z', 'VACATION', 'PENDING'])
    assert.deepEqual([body.start_date, body.end_date, body.half_day_start, body.half_day_end, body.days], ['2019-12-02', '2019-12-03', false, false, 2])
  })
})

describe('dates a zone never had', () => {
  it('a working day that Samoa skipped (Friday 2011-12-30) answers 400, not a server error', async () => {
    const apia = await person({ time_zone: 'Pacific/Apia' })
    const res = await call('POST', '/api/leave-requests', apia, { start_date: '2011-12-30', end_date: '2011-12-30' })
    assert.equal(res.statusCode, 400, res.body)
    assert.match(res.json().error[0], /does not exist in the time zone Pacific\/Apia/)
  })
})

// Who's out through HTTP, on SQLite and PostgreSQL: the team calendar with colleagues' types hidden,
// and the iCalendar feeds, read by a real parser (ical.js) as a calendar client reads them.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import ICAL from 'ical.js'
import { bearer, createTestContext, createUser, login, type TestContext } from '../helpers/harness.js'

let ctx: TestContext
let seq = 0
let now = Date.parse('2026-11-16T10:00:00Z')

interface Person {
  id: number
  email: string
  token: string
}
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
type Body = Record<string, unknown>
type Absence = { id: number | null; type: string | null; status: string; start_date: string; end_date: string; half_day_start: boolean }
type Calendar = { from: string; to: string; people: { user: { id: number; first_name: string }; absences: Absence[] }[]; holidays: { date: string; name: string; region: string | null }[] }

const call = (method: Method, url: string, who?: Person, payload?: unknown, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method, url, headers: { ...(who ? bearer(who.token) : {}), ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) })

async function ok<T = Body>(method: Method, url: string, who: Person, payload?: unknown, status = 200): Promise<T> {
  const res = await call(method, url, who, payload)
  assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`)
  return (res.statusCode === 204 ? {} : res.json()) as T
}

async function person(first: string, last: string, role: 'employee' | 'manager' | 'admin' = 'employee', managerId: number | null = null): Promise<Person> {
  const email = `cal${++seq}@example.com`
  const user = await createUser(ctx.db, { email, role, manager_id: managerId, first_name: first, last_name: last })
  return { id: user.id, email, token: (await login(ctx.app, email)).access }
}

/** Files a request as `who`; approves it as `approver` when given. */
async function leave(who: Person, body: Body, approver?: Person): Promise<number> {
  const created = await ok<{ id: number }>('POST', '/api/leave-requests', who, body, 201)
  if (approver) await ok('POST', `/api/leave-requests/${created.id}/approve`, approver, {})
  return created.id
}

const pathOf = (url: string) => new URL(url).pathname

let admin: Person
let boss: Person
let ada: Person
let bob: Person
let cyd: Person
let otherBoss: Person
let xena: Person
let adaSick: number
let bobHalf: number

before(async () => {
  ctx = await createTestContext({ APP_URL: 'https://leave.example.com' }, { mondayToFriday: true, clock: () => now })
  admin = await person('Alma', 'Admin', 'admin')
  await person('Abe', 'Admin', 'admin')
  boss = await person('Mia', 'Manager', 'manager')
  ada = await person('Ada', 'Lovelace', 'employee', boss.id)
  bob = await person('Bob', 'Builder', 'employee', boss.id)
  cyd = await person('Cyd', 'Charisse', 'employee', boss.id)
  otherBoss = await person('Nils', 'Other', 'manager')
  xena = await person('Xena', 'Elsewhere', 'employee', otherBoss.id)
  await ok('PATCH', '/api/settings', admin, { default_holiday_region: 'DE' })
  adaSick = await leave(ada, { start_date: '2026-11-18', end_date: '2026-11-19', type: 'SICK', description: 'flu, do not tell' }, boss)
  bobHalf = await leave(bob, { start_date: '2026-11-23', end_date: '2026-11-23', half_day_start: true, type: 'VACATION' })
  const rejected = await leave(cyd, { start_date: '2026-11-20', end_date: '2026-11-20' })
  await ok('POST', `/api/leave-requests/${rejected}/reject`, boss, { comment: 'no' })
  await leave(xena, { start_date: '2026-11-17', end_date: '2026-11-17' }, otherBoss)
})
after(() => ctx.close())

describe('the team calendar', () => {
  it('shows a colleague that someone is away, not why; the owner and approvers see the type', async () => {
    const cal = await ok<Calendar>('GET', '/api/calendar', bob)
    assert.equal(cal.from, '2026-11-16')
    assert.equal(cal.to, '2026-11-29', 'two weeks by default')
    const names = cal.people.map((p) => p.user.first_name).sort()
    assert.deepEqual(names, ['Ada', 'Bob', 'Cyd', 'Mia'], 'the manager’s reports and the manager; not another team')
    const adas = cal.people.find((p) => p.user.id === ada.id)!.absences
    assert.deepEqual(adas.map((a) => [a.id, a.type, a.status, a.start_date, a.end_date]), [[null, null, 'APPROVED', '2026-11-18', '2026-11-19']])
    assert.ok(!JSON.stringify(cal).includes('flu'), 'descriptions never appear')
    const bobs = cal.people.find((p) => p.user.id === bob.id)!.absences
    assert.deepEqual(bobs.map((a) => [a.id, a.type, a.status, a.half_day_start]), [[bobHalf, 'VACATION', 'PENDING', true]], 'one’s own: type and id; pending shows')
    assert.deepEqual(cal.people.find((p) => p.user.id === cyd.id)!.absences, [], 'rejected never shows')

    const managers = await ok<Calendar>('GET', '/api/calendar?from=2026-11-16&to=2026-11-22', boss)
    assert.deepEqual(managers.people.find((p) => p.user.id === ada.id)!.absences.map((a) => [a.id, a.type]), [[adaSick, 'SICK']], 'the approver sees why')
    const admins = await ok<Calendar>('GET', '/api/calendar?scope=all&from=2026-11-16&to=2026-11-22', admin)
    assert.ok(admins.people.some((p) => p.user.id === xena.id))
    assert.equal(admins.people.find((p) => p.user.id === ada.id)!.absences[0]!.type, 'SICK')
  })

  it('scope=all is for admins, or for everyone when the setting says so, still without colleagues’ types', async () => {
    assert.equal((await call('GET', '/api/calendar?scope=all', bob)).statusCode, 403)
    await ok('PATCH', '/api/settings', admin, { calendar_visible_to_everyone: true })
    try {
      const cal = await ok<Calendar>('GET', '/api/calendar?scope=all&from=2026-11-16&to=2026-11-22', bob)
      const xenas = cal.people.find((p) => p.user.id === xena.id)!.absences
      assert.deepEqual(xenas.map((a) => [a.id, a.type]), [[null, null]])
    } finally {
      await ok('PATCH', '/api/settings', admin, { calendar_visible_to_everyone: false })
    }
    assert.equal((await call('GET', '/api/calendar?scope=all', bob)).statusCode, 403)
  })

  it('narrows to one person of the scope; someone outside it is not found', async () => {
    const cal = await ok<Calendar>('GET', `/api/calendar?user_id=${ada.id}`, bob)
    assert.deepEqual(cal.people.map((p) => p.user.id), [ada.id])
    assert.equal((await call('GET', `/api/calendar?user_id=${xena.id}`, bob)).statusCode, 404)
    const me = await ok<Calendar>('GET', '/api/calendar?scope=me', ada)
    assert.deepEqual(me.people.map((p) => p.user.id), [ada.id])
  })

  it('refuses a reversed or over-long window with a message, and lists the holidays in it', async () => {
    const reversed = await call('GET', '/api/calendar?from=2026-11-20&to=2026-11-19', bob)
    assert.equal(reversed.statusCode, 400)
    assert.match(reversed.json().to[0], /before/)
    assert.equal((await call('GET', '/api/calendar?from=2026-01-01&to=2027-01-02', bob)).statusCode, 400)
    assert.equal((await call('GET', '/api/calendar?from=2026-01-01&to=2027-01-01', bob)).statusCode, 200, '366 days')
    assert.equal((await call('GET', '/api/calendar?from=2026-13-01', bob)).statusCode, 400)
    const dec = await ok<Calendar>('GET', '/api/calendar?from=2026-12-20&to=2026-12-31', bob)
    assert.ok(dec.holidays.some((h) => h.date === '2026-12-25' && h.region === 'DE'), JSON.stringify(dec.holidays))
  })
})

/** Every line of an iCalendar text ends in CRLF and is at most 75 octets. */
function checkLines(text: string): void {
  assert.ok(text.endsWith('\r\n'))
  assert.ok(!/[^\r]\n/.test(text), 'no bare LF')
  for (const line of text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, `${Buffer.byteLength(line)} octets: ${line}`)
}

function eventsOf(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text))
  return calendar.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v)
    return { uid: e.uid, summary: e.summary, start: e.startDate, end: e.endDate, sequence: e.sequence, status: v.getFirstPropertyValue('status') }
  })
}

describe('calendar feeds', () => {
  it('gives the same URLs every time; a feed parses with ical.js into all-day events with exclusive ends', async () => {
    const feeds = await ok<{ me: string; team: string; all: string | null }>('GET', '/api/calendar/feeds', bob)
    assert.deepEqual(await ok('GET', '/api/calendar/feeds', bob), feeds)
    assert.equal(feeds.all, null, 'everyone’s feed is for those who may read everyone’s calendar')
    assert.match(feeds.team, /^https:\/\/leave\.example\.com\/ical\/[^/]+\.ics$/)
    assert.notEqual((await ok<{ all: string | null }>('GET', '/api/calendar/feeds', admin)).all, null)

    const res = await call('GET', pathOf(feeds.team))
    assert.equal(res.statusCode, 200)
    assert.equal(res.headers['content-type'], 'text/calendar; charset=utf-8')
    checkLines(res.body)
    for (const required of ['METHOD:PUBLISH', 'REFRESH-INTERVAL;VALUE=DURATION:PT1H', 'X-PUBLISHED-TTL:PT1H', 'X-WR-CALNAME:']) assert.ok(res.body.includes(required), required)
    assert.ok(!res.body.includes('TZID'), 'no time zones to get wrong')
    const events = eventsOf(res.body)
    assert.equal(new Set(events.map((e) => e.uid)).size, events.length, 'unique UIDs')
    for (const e of events) {
      assert.ok(e.start.isDate && e.end.isDate, `${e.summary} is all-day`)
      assert.ok(e.end.compare(e.start) > 0, 'DTEND after DTSTART')
    }
    const adas = events.filter((e) => e.summary.startsWith('Ada Lovelace'))
    assert.deepEqual(adas.map((e) => [e.summary, e.start.toString(), e.end.toString(), e.status]), [['Ada Lovelace: away', '2026-11-18', '2026-11-20', 'CONFIRMED']])
    const bobs = events.find((e) => e.summary.startsWith('Bob Builder'))!
    assert.deepEqual([bobs.summary, bobs.status], ['Bob Builder: Vacation (afternoon)', 'TENTATIVE'])
    assert.ok(events.some((e) => e.summary === 'Christmas Day' && e.start.toString() === '2026-12-25'), 'the owner’s public holidays')
    assert.ok(!res.body.includes('flu'))
  })

  it('is byte-identical while nothing changes (304 to its ETag); an edit keeps the UID and raises SEQUENCE', async () => {
    const { me } = await ok<{ me: string }>('GET', '/api/calendar/feeds', bob)
    const first = await call('GET', pathOf(me))
    const second = await call('GET', pathOf(me))
    assert.equal(second.body, first.body)
    const etag = String(first.headers.etag)
    const cached = await call('GET', pathOf(me), undefined, undefined, { 'if-none-match': etag })
    assert.equal(cached.statusCode, 304)
    assert.equal(cached.body, '')
    const before = eventsOf(first.body).find((e) => e.summary.startsWith('Bob'))!
    await ok('PATCH', `/api/leave-requests/${bobHalf}`, bob, { start_date: '2026-11-24', end_date: '2026-11-24' })
    const edited = await call('GET', pathOf(me), undefined, undefined, { 'if-none-match': etag })
    assert.equal(edited.statusCode, 200, 'changed: a new body')
    const after = eventsOf(edited.body).find((e) => e.summary.startsWith('Bob'))!
    assert.equal(after.uid, before.uid)
    assert.ok(after.sequence > before.sequence, `${after.sequence} > ${before.sequence}`)
    assert.equal(after.start.toString(), '2026-11-24')
    await ok('PATCH', `/api/leave-requests/${bobHalf}`, bob, { description: 'only the text' })
    const same = eventsOf((await call('GET', pathOf(me))).body).find((e) => e.summary.startsWith('Bob'))!
    assert.equal(same.sequence, after.sequence, 'a change of description alone is no new sequence')
  })

  it('folds long lines at 75 octets without breaking a UTF-8 character, and a parser reads the name back', async () => {
    const long = await person('Åsa-Märta Øyvør 日本語テキスト 🏖️🏖️', 'Ölünçü-Śląskiewicz; van, der \\ Leeuwenhoek-Ångström', 'employee', boss.id)
    await leave(long, { start_date: '2026-11-25', end_date: '2026-11-25' }, boss)
    const { team } = await ok<{ team: string }>('GET', '/api/calendar/feeds', bob)
    const text = (await call('GET', pathOf(team))).body
    checkLines(text)
    const event = eventsOf(text).find((e) => e.summary.startsWith('Åsa'))!
    assert.equal(event.summary, 'Åsa-Märta Øyvør 日本語テキスト 🏖️🏖️ Ölünçü-Śląskiewicz; van, der \\ Leeuwenhoek-Ångström: away')
  })

  it('a rotation ends the old URLs at once; a deactivated owner’s and a forged token answer 404; a token is no API credential', async () => {
    const old = await ok<{ me: string; team: string }>('GET', '/api/calendar/feeds', cyd)
    assert.equal((await call('GET', pathOf(old.me))).statusCode, 200)
    const rotated = await ok<{ me: string; team: string }>('POST', '/api/calendar/feeds/rotate', cyd, {})
    assert.notEqual(rotated.me, old.me)
    assert.equal((await call('GET', pathOf(old.me))).statusCode, 404)
    assert.equal((await call('GET', pathOf(old.team))).statusCode, 404)
    assert.equal((await call('GET', pathOf(rotated.me))).statusCode, 200)
    assert.deepEqual(await ok('GET', '/api/calendar/feeds', cyd), rotated)

    const token = pathOf(rotated.me).slice('/ical/'.length, -'.ics'.length)
    const forged = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')
    for (const path of [`/ical/${forged}.ics`, `/ical/${token}`, `/ical/${token.replace(/^\d+/, String(ada.id))}.ics`, '/ical/nothing.ics', `/ical/${token.replace('.me.', '.all.')}.ics`]) {
      assert.equal((await call('GET', path)).statusCode, 404, path)
    }
    assert.equal((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) })).statusCode, 401)

    await ok('POST', `/api/users/${cyd.id}/deactivate`, admin, {})
    assert.equal((await call('GET', pathOf(rotated.me))).statusCode, 404)
  })

  it('reads the feed in the owner’s today: a year back, two years ahead', async () => {
    const id = await leave(ada, { start_date: '2028-11-01', end_date: '2028-11-01' }, boss)
    const far = await leave(ada, { start_date: '2029-01-10', end_date: '2029-01-10' }, boss)
    const { me } = await ok<{ me: string }>('GET', '/api/calendar/feeds', ada)
    const starts = eventsOf((await call('GET', pathOf(me))).body).map((e) => e.start.toString())
    assert.ok(starts.includes('2028-11-01'), `request ${id} inside the window`)
    assert.ok(!starts.includes('2029-01-10'), `request ${far} beyond two years`)
    now = Date.parse('2027-01-20T10:00:00Z')
    try {
      const later = eventsOf((await call('GET', pathOf(me))).body).map((e) => e.start.toString())
      assert.ok(later.includes('2029-01-10'))
    } finally {
      now = Date.parse('2026-11-16T10:00:00Z')
    }
  })
})

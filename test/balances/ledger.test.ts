// The arithmetic of balances, without a database: the worked examples of the README, and properties
// over random policies and histories (fast-check). The HTTP suite (balances.test.ts) checks the same
// numbers through the API on both databases.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { grantsOf } from '../../src/balances/accrual.js'
import { balanceOn, carryInto, factsAsOf, fitOf, ledgerOf, usedBy, yearShares, type Fact, type YearTotals } from '../../src/balances/balance.js'
import { bookChange, type BookedRequest, type BookingRules } from '../../src/balances/bookings.js'
import { leaveYear, leaveYearOf, monthStarts } from '../../src/balances/leave-year.js'
import { expiryOf, type BalanceContext } from '../../src/balances/balance.js'
import type { BalancePolicy, PolicyVersion } from '../../src/balances/policy.js'
import { addDays, eachDate } from '../../src/working-time/calendar.js'

const policy = (p: Partial<BalancePolicy>): BalancePolicy => ({ allowance: 0, accrual: 'yearly', carryOverMax: null, carryOverExpires: null, allowNegative: 0, ...p })

/** An in-memory ledger: what the repository stores, applied the way it applies it. */
class Book {
  readonly facts: (Fact & { type: string; year: number })[] = []
  readonly totals = new Map<number, YearTotals>()
  constructor(readonly rules: BookingRules) {}
  change(before: BookedRequest | null, after: BookedRequest | null, today: string, reason = 'changed') {
    const booking = bookChange(before, after, today, this.rules, reason)
    this.facts.push(...booking.facts)
    for (const d of booking.deltas) {
      const t = this.totals.get(d.year) ?? { year: d.year, used: 0, used_early: 0, pending: 0, pending_early: 0, adjustments: 0, last_fact_date: null }
      t.used += d.used
      t.used_early += d.used_early
      t.adjustments += d.adjustments
      if (t.last_fact_date === null || d.fact_date > t.last_fact_date) t.last_fact_date = d.fact_date
      this.totals.set(d.year, t)
    }
  }
  adjust(amount: number, date: string) {
    const year = leaveYearOf(date, this.rules.leaveYearStart).year
    this.facts.push({ type: 'V', year, date, kind: 'adjustment', amount, request_id: null, comment: '', leave_from: null, day_counts: null })
    const t = this.totals.get(year) ?? { year, used: 0, used_early: 0, pending: 0, pending_early: 0, adjustments: 0, last_fact_date: null }
    t.adjustments += amount
    if (t.last_fact_date === null || date > t.last_fact_date) t.last_fact_date = date
    this.totals.set(year, t)
  }
  factsOf(year: number) {
    return this.facts.filter((f) => f.year === year).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  }
}

function setup(versions: PolicyVersion[], leaveYearStart = '01-01', employmentStart: string | null = null) {
  const ctxBase = { leaveYearStart, versions, employmentStart }
  const rules: BookingRules = { leaveYearStart, expiryOf: (_type, year) => expiryOf({ ...ctxBase, totals: new Map() }, leaveYear(year, leaveYearStart)) }
  const book = new Book(rules)
  const ctx = (): BalanceContext => ({ ...ctxBase, totals: book.totals })
  return { book, ctx }
}

/** A request of whole working days Monday to Friday. */
function request(id: number, start: string, end: string, status: string): BookedRequest {
  const counts = [...eachDate(start, end)].map((d) => ([0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()) ? 0 : 1000))
  return { id, type: 'V', status, start_date: start, day_counts: counts }
}

const days = (milli: number) => milli / 1000

describe('balances: the worked examples', () => {
  it('25 days yearly, cap 5 expiring 03-31: 20 used in 2026 carry 5; 2 taken in February leave 28 on 03-31 and 25 on 04-01', () => {
    const { book, ctx } = setup([{ effectiveFrom: '2026-01-01', policy: policy({ allowance: 25000, carryOverMax: 5000, carryOverExpires: '03-31' }) }])
    // 20 working days in 2026: four weeks of five.
    const used = request(1, '2026-06-01', '2026-06-26', 'PENDING')
    book.change(null, used, '2026-05-01')
    book.change(used, { ...used, status: 'APPROVED' }, '2026-05-02')
    assert.equal(days(balanceOn(ctx(), '2026-12-31').balance), 5)
    assert.equal(days(carryInto(ctx(), 2027).amount), 5)
    const feb = request(2, '2027-02-01', '2027-02-02', 'PENDING')
    book.change(null, feb, '2027-01-10')
    book.change(feb, { ...feb, status: 'APPROVED' }, '2027-01-11')
    const march = balanceOn(ctx(), '2027-03-31')
    assert.equal(days(march.balance), 28)
    assert.equal(march.carried_over_expires, '2027-03-31')
    const april = balanceOn(ctx(), '2027-04-01')
    assert.equal(days(april.balance), 25)
    assert.equal(days(april.expired), 3)
    assert.equal(days(april.used), 2)
  })

  it('a joiner on 2027-07-01 with 25 days yearly gets 12.5', () => {
    const { ctx } = setup([{ effectiveFrom: '2026-01-01', policy: policy({ allowance: 25000 }) }], '01-01', '2027-07-01')
    assert.equal(days(balanceOn(ctx(), '2027-12-31').accrued), 12.5)
    assert.equal(days(balanceOn(ctx(), '2027-06-30').accrued), 0)
  })

  it('24 days monthly: 12 accrued as of 2027-06-15 for someone employed since 2020', () => {
    const { ctx } = setup([{ effectiveFrom: '2026-01-01', policy: policy({ allowance: 24000, accrual: 'monthly' }) }], '01-01', '2020-03-01')
    assert.equal(days(balanceOn(ctx(), '2027-06-15').accrued), 12)
  })

  it('a leave year from 04-01 books 2028-03-30..2028-04-04 into two years', () => {
    const shares = yearShares('2028-03-30', [1000, 1000, 0, 0, 1000, 1000], '04-01')
    assert.deepEqual(shares.map((s) => [s.year, s.total, s.leave_from, s.last]), [
      [2027, 2000, '2028-03-30', '2028-03-31'],
      [2028, 2000, '2028-04-01', '2028-04-04'],
    ])
  })

  it('a cancellation of an ended year’s leave is booked in the current year, as an adjustment', () => {
    const { book, ctx } = setup([{ effectiveFrom: '2026-01-01', policy: policy({ allowance: 25000 }) }])
    const r = request(1, '2026-12-14', '2026-12-18', 'APPROVED')
    book.change(null, r, '2026-12-01')
    book.change(r, { ...r, status: 'CANCELLED' }, '2027-01-05')
    assert.equal(days(balanceOn(ctx(), '2026-12-31').used), 5, 'the ended year keeps what it closed with')
    const jan = balanceOn(ctx(), '2027-01-05')
    assert.equal(days(jan.adjustments), 5)
    const line = ledgerOf(ctx(), 2027, book.factsOf(2027), '2027-01-05').find((l) => l.kind === 'adjustment')
    assert.match(line!.comment, /after leave year 2026 had ended/)
  })

  it('a policy change applies to the current and later years; an ended year keeps its numbers', () => {
    const { ctx } = setup([
      { effectiveFrom: '2026-01-01', policy: policy({ allowance: 20000 }) },
      { effectiveFrom: '2027-05-01', policy: policy({ allowance: 30000 }) },
    ])
    assert.equal(days(balanceOn(ctx(), '2026-06-01').allowance), 20)
    assert.equal(days(balanceOn(ctx(), '2027-01-02').allowance), 30)
  })

  it('monthly accrual over a full year sums to the allowance exactly, also for awkward amounts', () => {
    for (const allowance of [25000, 25500, 1000, 500, 17500]) {
      for (const start of ['01-01', '04-01', '01-31']) {
        const ly = leaveYear(2027, start)
        const total = grantsOf(policy({ allowance, accrual: 'monthly' }), ly, null).reduce((s, g) => s + g.amount, 0)
        assert.equal(total, allowance, `${allowance} from ${start}`)
        assert.equal(monthStarts(ly).length, 12)
      }
    }
  })
})

// Random histories: requests filed, approved, rejected, cancelled and adjustments, each on its day.
const monthDay = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([m, d]) => `${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)
const halfDays = (max: number) => fc.integer({ min: 0, max: max * 2 }).map((n) => n * 500)
const arbPolicy = fc.record({
  allowance: halfDays(30),
  accrual: fc.constantFrom('yearly' as const, 'monthly' as const),
  carryOverMax: fc.option(halfDays(10), { nil: null }),
  carryOverExpires: fc.option(monthDay, { nil: null }),
  allowNegative: halfDays(3),
})
const dayIn = (from: string, span: number) => fc.integer({ min: 0, max: span }).map((n) => addDays(from, n))
const arbOp = fc.oneof(
  fc.record({ op: fc.constant('file' as const), start: dayIn('2025-06-01', 1000), length: fc.integer({ min: 1, max: 12 }), counts: fc.array(fc.constantFrom(0, 500, 1000), { minLength: 12, maxLength: 12 }) }),
  fc.record({ op: fc.constantFrom('approve' as const, 'reject' as const, 'cancel' as const, 'ask_cancel' as const, 'refuse_cancel' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('adjust' as const), amount: fc.integer({ min: -10, max: 10 }).filter((n) => n !== 0).map((n) => n * 500), ahead: fc.integer({ min: 0, max: 200 }) }),
)
const arbHistory = fc.record({
  leaveYearStart: fc.constantFrom('01-01', '04-01', '10-15'),
  versions: fc.array(fc.tuple(dayIn('2025-01-01', 1000), arbPolicy), { minLength: 1, maxLength: 3 }),
  employmentStart: fc.option(dayIn('2025-01-01', 900), { nil: null }),
  ops: fc.array(fc.tuple(arbOp, fc.integer({ min: 0, max: 20 })), { maxLength: 40 }),
})

type History = typeof arbHistory extends fc.Arbitrary<infer T> ? T : never

function play(history: History) {
  const versions = history.versions.map(([effectiveFrom, p]) => ({ effectiveFrom, policy: p })).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1))
  const { book, ctx } = setup(versions, history.leaveYearStart, history.employmentStart)
  const requests: BookedRequest[] = []
  let today = '2025-01-01'
  let id = 0
  for (const [op, gap] of history.ops) {
    today = addDays(today, gap)
    const move = (pick: number, from: string[], to: string) => {
      const candidates = requests.filter((r) => from.includes(r.status))
      if (candidates.length === 0) return
      const r = candidates[pick % candidates.length]!
      const next = { ...r, status: to }
      book.change(r, next, today)
      requests[requests.indexOf(r)] = next
    }
    if (op.op === 'file') {
      const r = { id: ++id, type: 'V', status: 'PENDING', start_date: op.start, day_counts: op.counts.slice(0, op.length) }
      book.change(null, r, today)
      requests.push(r)
    } else if (op.op === 'adjust') {
      // Adjustments are never dated in an ended year.
      const date = addDays(today, op.ahead)
      if (leaveYearOf(date, history.leaveYearStart).end >= today) book.adjust(op.amount, date)
    } else {
      const moves = {
        approve: [['PENDING'], 'APPROVED'],
        reject: [['PENDING'], 'REJECTED'],
        cancel: [['PENDING', 'APPROVED', 'CANCELLATION_REQUESTED'], 'CANCELLED'],
        ask_cancel: [['APPROVED'], 'CANCELLATION_REQUESTED'],
        refuse_cancel: [['CANCELLATION_REQUESTED'], 'APPROVED'],
      } as const
      const [from, to] = moves[op.op]
      move(op.pick, [...from], to)
    }
  }
  return { book, ctx, today, leaveYearStart: history.leaveYearStart }
}

describe('balances: properties over random histories', () => {
  it('the ledger entries dated up to any day of a year add up to the balance at the end of that day', () => {
    fc.assert(
      fc.property(arbHistory, fc.integer({ min: 2025, max: 2028 }), (h, year) => {
        const { book, ctx, today, leaveYearStart } = play(h)
        const facts = book.factsOf(year)
        const lines = ledgerOf(ctx(), year, facts, today)
        const ly = leaveYear(year, leaveYearStart)
        let running = 0
        let next = 0
        const ordered = [...lines].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
        // Entries dated before the year (usages approved ahead of it) count from its first day.
        for (const date of eachDate(ly.start, ly.end)) {
          while (next < ordered.length && ordered[next]!.date <= date) running += ordered[next++]!.amount
          const b = balanceOn(ctx(), date, facts)
          assert.equal(running, b.balance, `${date}: ledger ${running} vs balance ${b.balance}`)
          assert.ok(b.expired >= 0 && b.expired <= b.carried_over, `${date}: expired ${b.expired} of ${b.carried_over}`)
        }
      }),
      { numRuns: 150 },
    )
  })

  it('the running totals agree with the stored facts, so the fast path and the ledger cannot drift', () => {
    fc.assert(
      fc.property(arbHistory, (h) => {
        const { book, ctx } = play(h)
        for (const [year, totals] of book.totals) {
          const expiry = expiryOf(ctx(), leaveYear(year, ctx().leaveYearStart))
          const fromFacts = factsAsOf({ ...totals, last_fact_date: '9999-12-31' }, book.factsOf(year), '9999-12-30', expiry)
          assert.deepEqual({ used: fromFacts.used, used_early: fromFacts.used_early, adjustments: fromFacts.adjustments }, { used: totals.used, used_early: totals.used_early, adjustments: totals.adjustments })
          for (const f of book.factsOf(year)) assert.ok(Math.abs(usedBy(f, expiry).early) <= Math.abs(f.amount))
        }
      }),
      { numRuns: 200 },
    )
  })

  it('the carry-over of a far year is the same whether the quiet years are walked one by one or jumped', () => {
    fc.assert(
      fc.property(arbHistory, fc.integer({ min: 2026, max: 2070 }), (h, year) => {
        const { ctx } = play(h)
        const fast = carryInto(ctx(), year)
        // Empty rows for every year make each one eventful: the walk then takes every year.
        const totals = new Map(ctx().totals)
        for (let y = 2000; y < year; y++) if (!totals.has(y)) totals.set(y, { year: y, used: 0, used_early: 0, pending: 0, pending_early: 0, adjustments: 0, last_fact_date: null })
        assert.deepEqual(fast.amount, carryInto({ ...ctx(), totals }, year).amount)
      }),
      { numRuns: 300 },
    )
  })

  it('nothing ever accrues before the employment start', () => {
    fc.assert(
      fc.property(arbHistory, (h) => {
        const { book, ctx } = play(h)
        const start = ctx().employmentStart
        if (start === null) return
        const before = addDays(start, -1)
        assert.equal(balanceOn(ctx(), before, book.factsOf(leaveYearOf(before, ctx().leaveYearStart).year)).accrued, 0)
      }),
    )
  })

  it('a request that fits leaves at least −allow_negative available; one that does not, less', () => {
    fc.assert(
      fc.property(arbHistory, dayIn('2026-01-01', 700), fc.integer({ min: 1, max: 25 }), (h, start, length) => {
        const { book, ctx, leaveYearStart } = play(h)
        const r = request(9999, start, addDays(start, length - 1), 'PENDING')
        for (const share of yearShares(r.start_date, r.day_counts, leaveYearStart)) {
          if (leaveYear(share.year, leaveYearStart).end < '2025-01-01') continue
          const fit = fitOf(ctx(), share)
          assert.equal(fit.available_before - fit.available_after, share.total)
          assert.equal(fit.fits, fit.available_after >= -fit.allow_negative)
        }
        void book
      }),
    )
  })
})

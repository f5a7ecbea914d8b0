// computeDuration, instantsOf/localPeriodOf and the calendar underneath: properties over random zones,
// dates (1990–2100, leap days, year ends, DST changes), work weeks and holidays, then worked examples.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath, pathToFileURL } from 'node:url'
import fc from 'fast-check'
import { addDays, localDateOf, startOfDay, toEpochDay, fromEpochDay, weekdayOf, WEEKDAYS } from '../../src/working-time/calendar.js'
import {
  computeDuration,
  mergeHolidays,
  type Duration,
  type HolidayDay,
  type LeaveUnit,
  type WorkWeek,
} from '../../src/working-time/duration.js'
import { instantsOf, localPeriodOf, type Instants, type LocalPeriod } from '../../src/working-time/period.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const DURATION_MODULE = path.join(ROOT, 'src/working-time/duration.ts')
const PERIOD_MODULE = path.join(ROOT, 'src/working-time/period.ts')

const MINUTE = 60_000
const QUARTER = 15 * MINUTE
const HOUR = 3_600_000

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Pacific/Auckland',
  'Australia/Lord_Howe', // 30-minute DST
  'Asia/Kolkata',
  'America/Santiago', // DST changes at midnight
  'Pacific/Kiritimati', // +14; skipped 1994-12-31 entirely
  'Pacific/Pago_Pago', // −11
] as const
const DST_ZONES = ['Europe/Berlin', 'America/New_York', 'Pacific/Auckland', 'Australia/Lord_Howe', 'America/Santiago'] as const

const FIRST_DAY = toEpochDay('1990-01-01')
const LAST_DAY = toEpochDay('2100-12-31')
/** Longest generated period, in dates beyond the first. */
const MAX_LEN = 40
const SPECIAL_DATES = [
  '1992-02-29', '1996-02-29', '2000-02-29', '2024-02-29', '2096-02-29', '2100-02-28', '2100-03-01', // leap days; 2100 has none
  '1990-01-01', '1999-12-31', '2000-01-01', '2026-12-31', '2099-12-31', // year ends
  '2026-09-06', '2026-04-05', // America/Santiago: midnight skipped / repeated
  '2027-03-28', '2027-10-31', '2027-03-14', '2027-11-07', '2027-04-04', '2027-09-26', '2027-10-03', // DST weeks
  '1994-12-31', // Pacific/Kiritimati never had it
].map(toEpochDay)

// Arbitraries ------------------------------------------------------------------------------------

const zoneArb = fc.constantFrom(...ZONES)
const dstZoneArb = fc.constantFrom(...DST_ZONES)

const clampDay = (day: number) => Math.min(Math.max(day, FIRST_DAY), LAST_DAY - MAX_LEN)
const startDayArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: FIRST_DAY, max: LAST_DAY - MAX_LEN }) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...SPECIAL_DATES), fc.integer({ min: -10, max: 3 })).map(([d, o]) => clampDay(d + o)) },
)

/** 0..24 in steps of 0.25, with plenty of days off. */
const hoursArb = fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 96 }).map((q) => q / 4) })
const workWeekArb: fc.Arbitrary<WorkWeek> = fc.record({
  mon: hoursArb, tue: hoursArb, wed: hoursArb, thu: hoursArb, fri: hoursArb, sat: hoursArb, sun: hoursArb,
})

interface HolidaySeed {
  offset: number
  half_day: boolean
  kind: 'public' | 'company'
  name: string
}
const holidaySeedArb: fc.Arbitrary<HolidaySeed> = fc.record({
  offset: fc.integer({ min: -2, max: MAX_LEN + 2 }),
  half_day: fc.boolean(),
  kind: fc.constantFrom('public' as const, 'company' as const),
  name: fc.constantFrom('Alpha', 'Beta', 'Gamma'),
})
const seedsArb = fc.array(holidaySeedArb, { maxLength: 8 })
const plant = (from: string, seeds: readonly HolidaySeed[]): HolidayDay[] =>
  seeds.map(({ offset, ...rest }) => ({ date: addDays(from, offset), ...rest }))

interface Case {
  zone: string
  period: LocalPeriod
  workWeek: WorkWeek
  holidays: HolidayDay[]
}

/** A day-unit case: a LocalPeriod of 1..maxLen+1 dates (never one date with both half flags). */
const dayCaseArb = (zones: fc.Arbitrary<string> = zoneArb, minLen = 0, maxLen = MAX_LEN): fc.Arbitrary<Case> =>
  fc
    .record({
      zone: zones,
      start: startDayArb,
      len: fc.integer({ min: minLen, max: maxLen }),
      half_day_start: fc.boolean(),
      half_day_end: fc.boolean(),
      workWeek: workWeekArb,
      seeds: seedsArb,
    })
    .map(({ zone, start, len, half_day_start, half_day_end, workWeek, seeds }) => {
      const start_date = fromEpochDay(start)
      const period = { start_date, end_date: fromEpochDay(start + len), half_day_start, half_day_end: half_day_end && !(len === 0 && half_day_start) }
      return { zone, period, workWeek, holidays: plant(start_date, seeds) }
    })

interface HourCase {
  zone: string
  instants: Instants
  workWeek: WorkWeek
  holidays: HolidayDay[]
}

/** An hour-unit case: quarter-hour instants (every zone here is a whole number of quarter hours off UTC). */
const hourCaseArb = (minQuarters = 1, maxDays = 12): fc.Arbitrary<HourCase> =>
  fc
    .record({
      zone: zoneArb,
      start: startDayArb,
      startQuarter: fc.integer({ min: 0, max: 95 }),
      quarters: fc.integer({ min: minQuarters, max: 96 * maxDays }),
      workWeek: workWeekArb,
      seeds: seedsArb,
    })
    .map(({ zone, start, startQuarter, quarters, workWeek, seeds }) => {
      const from = startOfDay(fromEpochDay(start), zone) + startQuarter * QUARTER
      const instants = { start: from, end: from + quarters * QUARTER }
      return { zone, instants, workWeek, holidays: plant(localDateOf(from, zone), seeds) }
    })

// Helpers ----------------------------------------------------------------------------------------

const lookup = (holidays: readonly HolidayDay[]) => {
  const byDate = mergeHolidays(holidays)
  return (date: string) => byDate.get(date)
}

function days(c: Case, unit: LeaveUnit = 'day', instants = instantsOf(c.period, c.zone)): Duration {
  return computeDuration({ unit, period: c.period, instants, timeZone: c.zone, workWeek: c.workWeek, holidayOn: lookup(c.holidays) })
}

function hours(c: HourCase): Duration {
  return computeDuration({
    unit: 'hour',
    period: localPeriodOf(c.instants, c.zone),
    instants: c.instants,
    timeZone: c.zone,
    workWeek: c.workWeek,
    holidayOn: lookup(c.holidays),
  })
}

const rawDays = (d: Duration) => d.breakdown.reduce((sum, day) => sum + day.counts, 0)
const rawHours = (d: Duration) => d.breakdown.reduce((sum, day) => sum + day.hours, 0)
const round2 = (value: number) => Math.round(value * 100) / 100
/** The date exists in the zone (Pacific/Kiritimati has no 1994-12-31). */
const exists = (date: string, zone: string) => localDateOf(startOfDay(date, zone), zone) === date

/** Plain UTC Date arithmetic, independent of calendar.ts. */
function* utcDates(from: string, to: string): Generator<{ date: string; weekday: number }> {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number]
  const last = Date.UTC(ty, tm - 1, td)
  for (let t = Date.UTC(fy, fm - 1, fd); t <= last; t += 86_400_000) {
    const d = new Date(t)
    yield { date: d.toISOString().slice(0, 10), weekday: d.getUTCDay() }
  }
}
const JS_WEEKDAY = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const

/** The day-unit rules, written again from the spec over plain UTC dates. */
function referenceDays(c: Case): { days: number; hours: number } {
  const full = new Set(c.holidays.filter((h) => !h.half_day).map((h) => h.date))
  const half = new Set(c.holidays.filter((h) => h.half_day).map((h) => h.date))
  let total = 0
  let totalHours = 0
  for (const { date, weekday } of utcDates(c.period.start_date, c.period.end_date)) {
    const scheduled = c.workWeek[JS_WEEKDAY[weekday]!]
    const afternoonOnly = date === c.period.start_date && c.period.half_day_start
    const morningOnly = date === c.period.end_date && c.period.half_day_end
    let share = 1
    if (scheduled === 0 || full.has(date)) share = 0
    else if (half.has(date)) share = afternoonOnly ? 0 : 0.5
    else if (afternoonOnly || morningOnly) share = 0.5
    total += share
    totalHours += share * scheduled
  }
  return { days: total, hours: totalHours }
}

function withTz<T>(tz: string, fn: () => T): T {
  const saved = process.env.TZ
  process.env.TZ = tz
  try {
    return fn()
  } finally {
    if (saved === undefined) delete process.env.TZ
    else process.env.TZ = saved
  }
}

const NUM_RUNS = 200

// Properties -------------------------------------------------------------------------------------

describe('computeDuration properties', () => {
  it('1a. splitting a day-unit period at a day boundary changes neither days nor hours', () => {
    fc.assert(
      fc.property(dayCaseArb(zoneArb, 1), fc.nat(), (c, cut) => {
        const { start_date, end_date, half_day_start, half_day_end } = c.period
        const at = addDays(start_date, cut % (toEpochDay(end_date) - toEpochDay(start_date)))
        const first = days({ ...c, period: { start_date, end_date: at, half_day_start, half_day_end: false } })
        const second = days({ ...c, period: { start_date: addDays(at, 1), end_date, half_day_start: false, half_day_end } })
        const whole = days(c)
        assert.equal(first.days + second.days, whole.days)
        assert.equal(first.hours + second.hours, whole.hours)
        assert.deepEqual([...first.breakdown, ...second.breakdown], whole.breakdown)
      }),
      { numRuns: NUM_RUNS },
    )
  })

  it('1b. splitting an hour-unit request at a local midnight changes no date, nor the unrounded days and hours', () => {
    fc.assert(
      fc.property(hourCaseArb(2), fc.nat(), (c, pick) => {
        const { start, end } = c.instants
        const candidates: number[] = []
        for (let date = addDays(localDateOf(start, c.zone), 1); toEpochDay(date) <= toEpochDay(localDateOf(end - 1, c.zone)); date = addDays(date, 1)) {
          const midnight = startOfDay(date, c.zone)
          if (midnight > start && midnight < end) candidates.push(midnight)
        }
        fc.pre(candidates.length > 0)
        const midnight = candidates[pick % candidates.length]!
        const first = hours({ ...c, instants: { start, end: midnight } })
        const second = hours({ ...c, instants: { start: midnight, end } })
        const whole = hours(c)
        // Each date counts the same. (The whole request also lists a date the zone skipped, with nothing in it.)
        const parts = new Map([...first.breakdown, ...second.breakdown].map((d) => [d.date, d]))
        for (const day of whole.breakdown) {
          const part = parts.get(day.date)
          if (part) assert.deepEqual(part, day)
          else assert.equal(day.hours, 0, `${day.date} is only in the whole request`)
        }
        const dates = new Set(whole.breakdown.map((d) => d.date))
        for (const date of parts.keys()) assert.ok(dates.has(date), `${date} is in the whole request`)
        // So the unrounded totals are the same...
        assert.ok(Math.abs(rawDays(first) + rawDays(second) - rawDays(whole)) < 1e-9)
        assert.ok(Math.abs(rawHours(first) + rawHours(second) - rawHours(whole)) < 1e-9)
        // ...and the reported ones are those rounded to hundredths, per request: the parts' rounded
        // totals can differ from the whole's by that rounding (see the worked examples), never more.
        assert.equal(whole.days, round2(rawDays(whole)))
        assert.equal(whole.hours, round2(rawHours(whole)))
        assert.ok(Math.abs(first.hours + second.hours - whole.hours) <= 0.01 + 1e-9)
        assert.ok(Math.abs(first.days + second.days - whole.days) <= 0.01 + 1e-9)
      }),
      { numRuns: NUM_RUNS },
    )
  })

  it('2. adding a holiday never increases days or hours; removing one never decreases them', () => {
    fc.assert(
      fc.property(dayCaseArb(), holidaySeedArb, fc.nat(), (c, seed, drop) => {
        const base = days(c)
        const more = days({ ...c, holidays: [...c.holidays, ...plant(c.period.start_date, [seed])] })
        assert.ok(more.days <= base.days && more.hours <= base.hours, 'adding, day unit')
        if (c.holidays.length > 0) {
          const fewer = days({ ...c, holidays: c.holidays.filter((_, i) => i !== drop % c.holidays.length) })
          assert.ok(fewer.days >= base.days && fewer.hours >= base.hours, 'removing, day unit')
        }
      }),
      { numRuns: NUM_RUNS },
    )
    fc.assert(
      fc.property(hourCaseArb(), holidaySeedArb, fc.nat(), (c, seed, drop) => {
        const base = hours(c)
        const more = hours({ ...c, holidays: [...c.holidays, ...plant(localDateOf(c.instants.start, c.zone), [seed])] })
        assert.ok(more.days <= base.days && more.hours <= base.hours, 'adding, hour unit')
        if (c.holidays.length > 0) {
          const fewer = hours({ ...c, holidays: c.holidays.filter((_, i) => i !== drop % c.holidays.length) })
          assert.ok(fewer.days >= base.days && fewer.hours >= base.hours, 'removing, hour unit')
        }
      }),
      { numRuns: NUM_RUNS },
    )
  })

  it('3. day-unit days are halves between 0 and the number of dates; one breakdown entry per date, in order, right weekday', () => {
    fc.assert(
      fc.property(dayCaseArb(), (c) => {
        const d = days(c)
        const reference = [...utcDates(c.period.start_date, c.period.end_date)]
        assert.ok(Number.isInteger(d.days * 2), `${d.days} is a multiple of 0.5`)
        assert.ok(d.days >= 0 && d.days <= reference.length)
        assert.deepEqual(
          d.breakdown.map((day) => [day.date, day.weekday]),
          reference.map(({ date, weekday }) => [date, JS_WEEKDAY[weekday]]),
        )
        for (const day of d.breakdown) {
          assert.equal(day.hours, day.counts * c.workWeek[day.weekday])
          assert.ok([0, 0.5, 1].includes(day.counts))
        }
      }),
      { numRuns: NUM_RUNS },
    )
    fc.assert(
      fc.property(fc.integer({ min: FIRST_DAY, max: LAST_DAY }), (day) => {
        const date = fromEpochDay(day)
        const [y, m, dd] = date.split('-').map(Number) as [number, number, number]
        assert.equal(weekdayOf(date), JS_WEEKDAY[new Date(Date.UTC(y, m - 1, dd)).getUTCDay()])
        assert.equal(toEpochDay(date), Date.UTC(y, m - 1, dd) / 86_400_000)
      }),
      { numRuns: 2000 },
    )
  })

  it('3b. hour-unit breakdown: one entry per local date, hours within [0, scheduled], days rounded to hundredths', () => {
    fc.assert(
      fc.property(hourCaseArb(), (c) => {
        const d = hours(c)
        const p = localPeriodOf(c.instants, c.zone)
        assert.deepEqual(
          d.breakdown.map((day) => day.date),
          [...utcDates(p.start_date, p.end_date)].map(({ date }) => date),
        )
        for (const day of d.breakdown) assert.ok(day.hours >= 0 && day.hours <= c.workWeek[day.weekday])
        assert.equal(d.days, round2(rawDays(d)))
        assert.ok(rawHours(d) <= (c.instants.end - c.instants.start) / HOUR + 1e-9)
      }),
      { numRuns: NUM_RUNS },
    )
  })

  it('4. localPeriodOf(instantsOf(p)) is p, and both forms give the same durations', () => {
    fc.assert(
      fc.property(dayCaseArb(zoneArb, 0, 10), (c) => {
        // A date the zone never had cannot come back from instants: see the example below.
        fc.pre(exists(c.period.start_date, c.zone) && exists(c.period.end_date, c.zone))
        const instants = instantsOf(c.period, c.zone)
        assert.ok(instants.end > instants.start)
        const back = localPeriodOf(instants, c.zone)
        assert.deepEqual(back, c.period)
        for (const unit of ['day', 'hour'] as const) assert.deepEqual(days({ ...c, period: back }, unit, instants), days(c, unit, instants), unit)
      }),
      { numRuns: NUM_RUNS },
    )
  })

  it('5a. the result does not depend on the process TZ', () => {
    const offset = (tz: string) => withTz(tz, () => new Date(Date.UTC(2027, 0, 1)).getTimezoneOffset())
    assert.equal(offset('Pacific/Kiritimati'), -840, 'Node re-reads TZ')
    assert.equal(offset('America/Los_Angeles'), 480)
    const zonesOfProcess = ['UTC', 'Pacific/Kiritimati', 'America/Los_Angeles', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Pago_Pago']
    fc.assert(
      fc.property(dayCaseArb(zoneArb, 0, 10), hourCaseArb(1, 4), (c, h) => {
        const run = () => ({
          day: days(c),
          hour: hours(h),
          instants: instantsOf(c.period, c.zone),
          period: localPeriodOf(h.instants, h.zone),
        })
        const expected = run()
        for (const tz of zonesOfProcess) assert.deepEqual(withTz(tz, run), expected, tz)
      }),
      { numRuns: 40 },
    )
  })

  it('5b. a child process with another TZ computes the same durations', () => {
    const batch: { unit: LeaveUnit; zone: string; period: LocalPeriod }[] = []
    for (const [i, zone] of ZONES.entries()) {
      for (const start_date of ['2027-03-22', '2027-10-25', '2026-09-03', '2000-02-28', '1994-12-29', '2099-12-30']) {
        const period = { start_date, end_date: addDays(start_date, 6), half_day_start: i % 2 === 0, half_day_end: i % 3 === 0 }
        batch.push({ unit: 'day', zone, period }, { unit: 'hour', zone, period })
      }
    }
    const holidays: HolidayDay[] = [
      { date: '2027-03-24', name: 'Full', half_day: false, kind: 'public' },
      { date: '2027-10-29', name: 'Half', half_day: true, kind: 'company' },
      { date: '2000-02-29', name: 'Leap', half_day: true, kind: 'public' },
      { date: '2026-09-04', name: 'Santiago', half_day: false, kind: 'company' },
    ]
    const workWeek: WorkWeek = { mon: 8, tue: 7.5, wed: 8, thu: 6.25, fri: 4, sat: 0, sun: 24 }
    const compute = `
      const [{ computeDuration, mergeHolidays }, { instantsOf }] = await Promise.all([import(process.argv[1]), import(process.argv[2])])
      const { batch, holidays, workWeek } = JSON.parse(process.argv[3])
      const byDate = mergeHolidays(holidays)
      const results = batch.map(({ unit, zone, period }) => computeDuration({
        unit, period, instants: instantsOf(period, zone), timeZone: zone, workWeek, holidayOn: (d) => byDate.get(d),
      }))
      console.log(JSON.stringify({ offset: new Date(Date.UTC(2027, 0, 1)).getTimezoneOffset(), results }))`
    const byDate = mergeHolidays(holidays)
    const expected = batch.map(({ unit, zone, period }) =>
      computeDuration({ unit, period, instants: instantsOf(period, zone), timeZone: zone, workWeek, holidayOn: (d) => byDate.get(d) }),
    )
    for (const [TZ, offset] of [['Pacific/Kiritimati', -840], ['America/Los_Angeles', 480]] as const) {
      const stdout = execFileSync(
        process.execPath,
        [
          '--import', 'tsx', '--input-type=module', '-e', compute,
          pathToFileURL(DURATION_MODULE).href, pathToFileURL(PERIOD_MODULE).href, JSON.stringify({ batch, holidays, workWeek }),
        ],
        { cwd: ROOT, env: { ...process.env, TZ }, encoding: 'utf8' },
      )
      const child = JSON.parse(stdout) as { offset: number; results: unknown }
      assert.equal(child.offset, offset, `${TZ} took effect in the child`)
      assert.deepEqual(child.results, JSON.parse(JSON.stringify(expected)), TZ)
    }
  })

  it('6a. a DST week counts like any other week: Mon–Fri 8 h is 5 days, 40 h', () => {
    const weeks: [string, string][] = [
      ['Europe/Berlin', '2027-03-28'], ['Europe/Berlin', '2027-10-31'],
      ['America/New_York', '2027-03-14'], ['America/New_York', '2027-11-07'],
      ['Pacific/Auckland', '2027-04-04'], ['Pacific/Auckland', '2027-09-26'],
      ['Australia/Lord_Howe', '2027-04-04'], ['Australia/Lord_Howe', '2027-10-03'],
    ]
    for (const [zone, sunday] of weeks) {
      assert.equal(weekdayOf(sunday), 'sun')
      const period = { start_date: addDays(sunday, -6), end_date: sunday, half_day_start: false, half_day_end: false }
      const c: Case = { zone, period, workWeek: { mon: 8, tue: 8, wed: 8, thu: 8, fri: 8, sat: 0, sun: 0 }, holidays: [] }
      // The week really does contain a change of offset.
      const instants = instantsOf(period, zone)
      assert.notEqual((instants.end - instants.start) / HOUR, 7 * 24, `${zone} ${sunday} has a DST change`)
      for (const unit of ['day', 'hour'] as const) {
        const d = days(c, unit)
        assert.equal(d.days, 5, `${zone} ${sunday} ${unit}`)
        assert.equal(d.hours, 40, `${zone} ${sunday} ${unit}`)
        assert.equal(d.breakdown.length, 7)
      }
    }
  })

  it('6b. in DST zones, day-unit days and hours equal a plain UTC-date reference model', () => {
    fc.assert(
      fc.property(dayCaseArb(dstZoneArb), (c) => {
        const d = days(c)
        const reference = referenceDays(c)
        assert.equal(d.days, reference.days)
        assert.equal(d.hours, reference.hours)
      }),
      { numRuns: NUM_RUNS },
    )
  })

  it('7. hour unit over a Berlin DST day: real elapsed hours, capped by the schedule', () => {
    const allDay = (h: number): WorkWeek => Object.fromEntries(WEEKDAYS.map((w) => [w, h])) as WorkWeek
    const zone = 'Europe/Berlin'
    const request = (date: string, workWeek: WorkWeek, instants?: Instants) => {
      const period = { start_date: date, end_date: date, half_day_start: false, half_day_end: false }
      return days({ zone, period, workWeek, holidays: [] }, 'hour', instants ?? instantsOf(period, zone))
    }
    // 2027-03-28 has 23 hours: a 24-hour schedule counts 23 of them.
    const spring = request('2027-03-28', allDay(24))
    assert.equal(spring.hours, 23)
    assert.equal(spring.days, round2(23 / 24))
    // 2027-10-31 has 25 hours; a schedule is at most 24 hours a day, so the cap takes the 25th.
    const autumn = instantsOf({ start_date: '2027-10-31', end_date: '2027-10-31', half_day_start: false, half_day_end: false }, zone)
    assert.equal((autumn.end - autumn.start) / HOUR, 25)
    assert.deepEqual([request('2027-10-31', allDay(24)).hours, request('2027-10-31', allDay(24)).days], [24, 1])
    // Real elapsed time, not wall-clock: local 00:00–03:00 is 2 h in spring and 4 h in autumn.
    const threeAm = (date: string) => startOfDay(date, zone) + 3 * HOUR + (date === '2027-03-28' ? -HOUR : HOUR)
    assert.equal(localDateOf(threeAm('2027-03-28'), zone), '2027-03-28')
    assert.equal(request('2027-03-28', allDay(24), { start: startOfDay('2027-03-28', zone), end: threeAm('2027-03-28') }).hours, 2)
    assert.equal(request('2027-10-31', allDay(24), { start: startOfDay('2027-10-31', zone), end: threeAm('2027-10-31') }).hours, 4)
    // An 8-hour day is 8 h, 1 day, on either.
    for (const date of ['2027-03-28', '2027-10-31']) {
      const d = request(date, allDay(8))
      assert.deepEqual([d.hours, d.days], [8, 1], date)
    }
  })
})

// Worked examples --------------------------------------------------------------------------------

describe('computeDuration examples', () => {
  const MON_FRI: WorkWeek = { mon: 8, tue: 8, wed: 8, thu: 8, fri: 8, sat: 0, sun: 0 }
  const epiphany: HolidayDay = { date: '2027-01-06', name: 'Epiphany', half_day: false, kind: 'public' }
  const week = { start_date: '2027-01-04', end_date: '2027-01-08', half_day_start: false, half_day_end: false }

  it('DE-BY: a Mon–Fri week with Epiphany is 4 days, 32 h', () => {
    const d = days({ zone: 'Europe/Berlin', period: week, workWeek: MON_FRI, holidays: [epiphany] })
    assert.deepEqual([d.days, d.hours], [4, 32])
    assert.deepEqual(d.breakdown[2], { date: '2027-01-06', weekday: 'wed', counts: 0, hours: 0, reason: 'public_holiday', holiday: 'Epiphany' })
  })

  it('a part-timer working Mon–Wed takes 2 days that week', () => {
    const d = days({ zone: 'Europe/Berlin', period: week, workWeek: { mon: 8, tue: 8, wed: 8, thu: 0, fri: 0, sat: 0, sun: 0 }, holidays: [epiphany] })
    assert.deepEqual([d.days, d.hours], [2, 16])
    assert.deepEqual(d.breakdown.map((day) => day.reason), ['working_day', 'working_day', 'public_holiday', 'weekend', 'weekend'])
  })

  it('a half holiday on a one-day request: whole day 0.5, afternoon 0, morning 0.5', () => {
    const eve: HolidayDay = { date: '2027-12-24', name: 'Christmas Eve', half_day: true, kind: 'public' }
    const one = (half_day_start: boolean, half_day_end: boolean) =>
      days({ zone: 'Atlantic/Reykjavik', period: { start_date: '2027-12-24', end_date: '2027-12-24', half_day_start, half_day_end }, workWeek: MON_FRI, holidays: [eve] })
    assert.deepEqual([one(false, false).days, one(false, false).hours], [0.5, 4])
    assert.deepEqual([one(true, false).days, one(true, false).hours], [0, 0])
    assert.deepEqual([one(false, true).days, one(false, true).hours], [0.5, 4])
    for (const d of [one(false, false), one(true, false), one(false, true)]) assert.equal(d.breakdown[0]!.reason, 'half_holiday')
  })

  it('a holiday on a Saturday with a Mon–Fri week counts 0 as a weekend', () => {
    const d = days({
      zone: 'UTC',
      period: { start_date: '2027-12-24', end_date: '2027-12-27', half_day_start: false, half_day_end: false },
      workWeek: MON_FRI,
      holidays: [{ date: '2027-12-25', name: 'Christmas Day', half_day: false, kind: 'public' }],
    })
    assert.deepEqual(d.breakdown[1], { date: '2027-12-25', weekday: 'sat', counts: 0, hours: 0, reason: 'weekend', holiday: 'Christmas Day' })
    assert.equal(d.days, 2)
  })

  it('mergeHolidays: a full day beats a half day, public beats company, names are joined', () => {
    const merged = mergeHolidays([
      { date: '2027-12-24', name: 'Company Eve', half_day: true, kind: 'company' },
      { date: '2027-12-24', name: 'Christmas Eve', half_day: false, kind: 'company' },
      { date: '2027-05-01', name: 'Company Day', half_day: false, kind: 'company' },
      { date: '2027-05-01', name: 'Labour Day', half_day: false, kind: 'public' },
      { date: '2027-05-01', name: 'Labour Day', half_day: false, kind: 'public' },
      { date: '2027-06-01', name: 'Half Public', half_day: true, kind: 'public' },
      { date: '2027-06-01', name: 'Full Company', half_day: false, kind: 'company' },
    ])
    assert.deepEqual(merged.get('2027-12-24'), { date: '2027-12-24', name: 'Company Eve / Christmas Eve', half_day: false, kind: 'company' })
    assert.deepEqual(merged.get('2027-05-01'), { date: '2027-05-01', name: 'Company Day / Labour Day', half_day: false, kind: 'public' })
    assert.deepEqual(merged.get('2027-06-01'), { date: '2027-06-01', name: 'Half Public / Full Company', half_day: false, kind: 'company' })
    assert.equal(merged.size, 3)
  })

  it('hour unit: days and hours are rounded per request, so two 1-hour parts of an 8-hour week take 0.13 days each, 0.25 together', () => {
    const c = (start: number, end: number): HourCase => ({ zone: 'UTC', instants: { start, end }, workWeek: MON_FRI, holidays: [] })
    const monday = startOfDay('2027-01-04', 'UTC')
    const whole = hours(c(monday + 23 * HOUR, monday + 25 * HOUR))
    const first = hours(c(monday + 23 * HOUR, monday + 24 * HOUR))
    const second = hours(c(monday + 24 * HOUR, monday + 25 * HOUR))
    assert.deepEqual([whole.hours, whole.days], [2, 0.25])
    assert.deepEqual([first.days, second.days], [0.13, 0.13])
    // Hours too: a quarter-hour day that is a half holiday caps at 0.125 h, which rounds to 0.13.
    const quarterHour: WorkWeek = { mon: 0.25, tue: 0.25, wed: 0.25, thu: 0.25, fri: 0.25, sat: 0, sun: 0 }
    const halves: HolidayDay[] = ['2027-01-04', '2027-01-05'].map((date) => ({ date, name: 'Half', half_day: true, kind: 'company' }))
    const h = (start: number, end: number) => hours({ ...c(start, end), workWeek: quarterHour, holidays: halves })
    assert.deepEqual([h(monday, monday + 48 * HOUR).hours, h(monday, monday + 24 * HOUR).hours, h(monday + 24 * HOUR, monday + 48 * HOUR).hours], [0.25, 0.13, 0.13])
  })

  it('Pacific/Kiritimati never had 1994-12-31: the date has no instants of its own', () => {
    const zone = 'Pacific/Kiritimati'
    assert.equal(exists('1994-12-31', zone), false)
    assert.equal(startOfDay('1994-12-31', zone), startOfDay('1995-01-01', zone))
    const period = { start_date: '1994-12-29', end_date: '1995-01-02', half_day_start: false, half_day_end: false }
    const d = days({ zone, period, workWeek: { mon: 8, tue: 8, wed: 8, thu: 8, fri: 8, sat: 8, sun: 8 }, holidays: [] }, 'hour')
    assert.deepEqual(d.breakdown.map((day) => [day.date, day.hours]), [['1994-12-29', 8], ['1994-12-30', 8], ['1994-12-31', 0], ['1995-01-01', 8], ['1995-01-02', 8]])
  })
})

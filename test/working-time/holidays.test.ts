// The public-holiday source: date-holidays behind HolidaySource, public days only, per local date.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { createHolidaySource, type PublicHoliday } from '../../src/working-time/holidays.js'

const MODULE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/working-time/holidays.ts')
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

const source = createHolidaySource()
const holidays = (region: string, year: number) => source.publicHolidays(region, year)
const on = (region: string, date: string): PublicHoliday | undefined =>
  holidays(region, Number(date.slice(0, 4))).find((h) => h.date === date)
const dates = (list: readonly PublicHoliday[]) => list.map((h) => h.date)

describe('holiday source', () => {
  // First, before anything asks for holidays: importing the module must not load date-holidays.
  it('loads date-holidays only on first use', () => {
    const cache = createRequire(import.meta.url).cache
    const loaded = () => Object.keys(cache).some((file) => file.includes(`${path.sep}date-holidays${path.sep}`))
    assert.equal(loaded(), false)
    createHolidaySource()
    assert.equal(loaded(), false, 'creating a source loads nothing either')
    assert.ok(source.isRegion('DE'))
    assert.equal(loaded(), true)
  })

  it('has the regional days of a subdivision: Epiphany in Bavaria, not nationwide', () => {
    assert.deepEqual(on('DE-BY', '2027-01-06'), { date: '2027-01-06', name: 'Epiphany', half_day: false })
    assert.equal(on('DE', '2027-01-06'), undefined)
    assert.ok(on('DE', '2027-12-25') && on('DE', '2027-12-26') && on('DE', '2027-10-03'))
  })

  it('counts only public days: not bank days (24 December in Germany, 2 January in Japan) nor observances', () => {
    for (const date of ['2027-12-24', '2027-12-31', '2027-02-14']) assert.equal(on('DE', date), undefined, date)
    for (const date of ['2027-01-02', '2027-01-03', '2027-12-31']) assert.equal(on('JP', date), undefined, date)
    assert.ok(on('JP', '2027-01-01'))
    assert.equal(on('US', '2027-10-31'), undefined, 'Halloween is an observance')
    assert.equal(on('US', '2027-11-26'), undefined)
  })

  it('has substitute (observed) days as days of their own', () => {
    // Christmas and Boxing Day 2027 fall on a weekend.
    assert.deepEqual(on('GB-ENG', '2027-12-27'), { date: '2027-12-27', name: 'Christmas Day (substitute day)', half_day: false })
    assert.deepEqual(on('GB-ENG', '2027-12-28'), { date: '2027-12-28', name: 'Boxing Day (substitute day)', half_day: false })
    assert.ok(on('GB-ENG', '2027-12-25'))
    // US: 4 July 2027 is a Sunday, Christmas a Saturday, 1 January 2028 a Saturday (observed in 2027).
    for (const date of ['2027-07-04', '2027-07-05', '2027-12-24', '2027-12-25', '2027-12-31']) assert.ok(on('US', date), date)
    assert.equal(on('US', '2027-07-05')?.name, 'Independence Day (substitute day)')
    assert.equal(on('JP', '2027-03-22')?.name, 'Spring Equinox Day (substitute day)')
  })

  it('makes a day starting at or after midday a half day', () => {
    assert.deepEqual(on('IS', '2027-12-24'), { date: '2027-12-24', name: 'Christmas Eve', half_day: true })
    assert.deepEqual(on('IS', '2027-12-31'), { date: '2027-12-31', name: "New Year's Eve", half_day: true })
    assert.equal(on('IS', '2027-12-25')?.half_day, false)
    assert.equal(on('CH-VS', '2027-12-24')?.half_day, true, 'starts at 12:00 exactly')
  })

  it('keeps one day per date: a full day wins over a half day, distinct names joined', () => {
    // Faroe Islands 2028: Whit Monday (full) and Constitution Day (from noon) on 5 June.
    assert.deepEqual(on('FO', '2028-06-05'), { date: '2028-06-05', name: 'Whit Monday / Constitution Day', half_day: false })
    // Antigua 2027: the data puts both substitutes on the 27th.
    assert.equal(on('AG', '2027-12-27')?.name, 'Boxing Day (substitute day) / Christmas Day (substitute day)')
    for (const region of ['DE-BY', 'US', 'AG', 'AE', 'TR', 'FO']) {
      for (const year of [2006, 2007, 2027, 2028]) {
        const list = dates(holidays(region, year))
        assert.deepEqual(list, [...new Set(list)].sort(), `${region} ${year}`)
      }
    }
  })

  it('expands an entry lasting several days to one day per date', () => {
    // Armenia: New Year two days, then three pre-Christmas days.
    assert.deepEqual(
      holidays('AM', 2027).filter((h) => h.date < '2027-01-07').map((h) => [h.date, h.name]),
      [
        ['2027-01-01', "New Year's Day"],
        ['2027-01-02', "New Year's Day"],
        ['2027-01-03', 'Pre-Christmas holidays'],
        ['2027-01-04', 'Pre-Christmas holidays'],
        ['2027-01-05', 'Pre-Christmas holidays'],
        ['2027-01-06', 'Christmas Day'],
      ],
    )
    // UAE: Eid al-Fitr 2027 lasts three days (Hijri days begin at the evening before: still one date each).
    assert.deepEqual(
      dates(holidays('AE', 2027).filter((h) => h.name === 'End of Ramadan (Eid al-Fitr)')),
      ['2027-03-09', '2027-03-10', '2027-03-11'],
    )
  })

  it('keeps each year to its own dates, with the days a holiday of the year before runs into', () => {
    // UAE: Eid al-Adha from 31 December 2006 to 2 January 2007.
    assert.deepEqual(on('AE', '2006-12-31')?.name, 'Feast of the Sacrifice (Eid al-Adha)')
    assert.ok(dates(holidays('AE', 2006)).every((d) => d.startsWith('2006-')))
    assert.deepEqual(on('AE', '2007-01-01'), { date: '2007-01-01', name: "Feast of the Sacrifice (Eid al-Adha) / New Year's Day", half_day: false })
    assert.equal(on('AE', '2007-01-02')?.name, 'Feast of the Sacrifice (Eid al-Adha)')
  })

  it('has the days of a subdivision listed in mixed case (date-holidays itself upper-cases the lookup)', () => {
    assert.ok(source.isRegion('CK-Atiu'))
    assert.equal(on('CK-Atiu', '2027-07-19')?.name, 'Atiu Gospel Day')
    assert.equal(on('CK', '2027-07-19'), undefined)
    assert.equal(on('CK-Rarotonga', '2027-07-19'), undefined)
  })

  it('answers [] for an unknown region or a year outside 1900..2200', () => {
    for (const region of ['XX', 'de', 'de-by', 'DE-XX', 'DE-', 'DE-BY-A', 'US-CA-LA', '', '__proto__', 'constructor', 'toString']) {
      assert.deepEqual(holidays(region, 2027), [], region)
    }
    for (const year of [1899, 2201, 2027.5, Number.NaN, Infinity, -2027, 0]) assert.deepEqual(holidays('DE', year), [], String(year))
    assert.ok(holidays('DE', 1900).length > 0)
    assert.ok(holidays('DE', 2200).length > 0)
    assert.ok(dates(holidays('DE', 1900)).every((d) => d.startsWith('1900-')))
    assert.deepEqual(holidays(undefined as unknown as string, 2027), [])
    assert.deepEqual(holidays('DE', '2027' as unknown as number), [])
  })

  it('validates region codes strictly', () => {
    for (const code of ['DE', 'DE-BY', 'GB-ENG', 'US', 'US-CA', 'FR', 'JP', 'CK-Aitutaki']) assert.equal(source.isRegion(code), true, code)
    for (const code of ['de', 'de-BY', 'DE-by', 'XX', '__proto__', 'constructor', 'hasOwnProperty', 'DE-', '-BY', 'DE-BY ', ' DE', 'DE.BY', 'DE-BY-A', 'CK-AITUTAKI', '']) {
      assert.equal(source.isRegion(code), false, code)
    }
    assert.equal(source.isRegion(undefined as unknown as string), false)
    assert.equal(source.isRegion(null as unknown as string), false)
  })

  it('lists the regions, sorted by code, without duplicates, each a region', () => {
    const regions = source.regions()
    const codes = regions.map((r) => r.code)
    assert.deepEqual(regions.find((r) => r.code === 'DE-BY'), { code: 'DE-BY', name: 'Germany – Bayern' })
    assert.deepEqual(regions.find((r) => r.code === 'DE'), { code: 'DE', name: 'Germany' })
    assert.equal(regions.find((r) => r.code === 'GB-ENG')?.name, 'United Kingdom – England')
    for (const code of ['DE', 'US', 'US-CA', 'FR', 'JP', 'GB-ENG', 'IS', 'NZ']) assert.ok(codes.includes(code), code)
    assert.deepEqual(codes, [...codes].sort())
    assert.equal(new Set(codes).size, codes.length)
    assert.ok(regions.every((r) => source.isRegion(r.code) && r.name.length > 0))
    assert.ok(regions.length > 500, String(regions.length))
    assert.ok(Object.isFrozen(regions) && Object.isFrozen(regions[0]))
    assert.equal(source.regions(), regions)
  })

  it('gives every region a well-formed year: sorted unique dates in the year, names, frozen and cached', () => {
    for (const { code } of source.regions()) {
      const list = holidays(code, 2027)
      assert.ok(list.length > 0, code)
      assert.ok(Object.isFrozen(list) && list.every((h) => Object.isFrozen(h)), code)
      assert.ok(list.every((h) => /^2027-\d\d-\d\d$/.test(h.date) && typeof h.name === 'string' && h.name !== '' && typeof h.half_day === 'boolean'), code)
      assert.deepEqual(dates(list), [...new Set(dates(list))].sort(), code)
      assert.equal(holidays(code, 2027), list, `${code}: cached`)
    }
  })

  it('gives the same days whatever the server time zone (TZ)', async () => {
    const cases: [string, number][] = [
      ['DE-BY', 2027], ['US', 2027], ['IS', 2027], ['NZ', 2027], ['AU-NT', 2027], ['AE', 2007], ['IL', 2027], ['CN', 2027], ['TR', 2027],
    ]
    const compute = (list: [string, number][]) => {
      const s = createHolidaySource()
      return list.map(([region, year]) => s.publicHolidays(region, year))
    }
    const expected = JSON.parse(JSON.stringify(compute(cases))) as unknown
    const script = `
      const { createHolidaySource } = await import(process.argv[1])
      const s = createHolidaySource()
      const cases = JSON.parse(process.argv[2])
      console.log(JSON.stringify({ offset: new Date(2027, 0, 1).getTimezoneOffset(), days: cases.map(([r, y]) => s.publicHolidays(r, y)) }))`
    const run = promisify(execFile)
    const zones = { 'Pacific/Kiritimati': -840, 'America/Los_Angeles': 480, 'Asia/Kolkata': -330, UTC: 0 }
    await Promise.all(
      Object.entries(zones).map(async ([TZ, offset]) => {
        const { stdout } = await run(
          process.execPath,
          ['--import', 'tsx', '--input-type=module', '-e', script, pathToFileURL(MODULE).href, JSON.stringify(cases)],
          { cwd: ROOT, env: { ...process.env, TZ } },
        )
        const child = JSON.parse(stdout) as { offset: number; days: unknown }
        assert.equal(child.offset, offset, `${TZ} took effect`)
        assert.deepEqual(child.days, expected, TZ)
      }),
    )
  })
})

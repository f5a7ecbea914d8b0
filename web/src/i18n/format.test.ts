// The date, number and plural helpers. vitest runs this file once per time zone (web/vitest.config.ts):
// a plain date (YYYY-MM-DD) must show the same day in every zone, and date arithmetic must never
// step over or repeat a day at a summer-time change.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, browserLocale, startOfDayIn, formatDate, formatDateRange, formatInstant, formatNumber, isoWeekday, localeFirstDay, plainDateToUtc, plural, utcToPlainDate } from './format'

/** Any plain date of the years 1900 to 2200. */
const plainDate = fc
  .date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2200, 11, 31)), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))

const numeric: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' }

describe(`dates in TZ=${String(import.meta.env.TZ)}`, () => {
  it('runs in the zone it was given', () => {
    // By the local clock, not the zone's name (ICU may answer an alias, Asia/Calcutta for Asia/Kolkata).
    const zone = String(import.meta.env.TZ)
    for (const instant of [Date.UTC(2027, 0, 15, 12, 30), Date.UTC(2027, 6, 15, 3, 45)]) {
      const local = new Intl.DateTimeFormat('en', { dateStyle: 'short', timeStyle: 'short' }).format(instant)
      expect(local).toBe(new Intl.DateTimeFormat('en', { dateStyle: 'short', timeStyle: 'short', timeZone: zone }).format(instant))
    }
  })

  it('a plain date round-trips through its UTC midnight', () => {
    fc.assert(fc.property(plainDate, (d) => utcToPlainDate(plainDateToUtc(d)) === d))
  })

  it('formatDate shows the same calendar day in en and de', () => {
    fc.assert(
      fc.property(plainDate, (d) => {
        const [y, m, day] = d.split('-')
        expect(formatDate(d, 'en', numeric)).toBe(`${m}/${day}/${y}`)
        expect(formatDate(d, 'de', numeric)).toBe(`${day}.${m}.${y}`)
      }),
    )
  })

  it('addDays steps one calendar day at a time and back, across months, years and summer time', () => {
    fc.assert(
      fc.property(plainDate, fc.integer({ min: -800, max: 800 }), (d, n) => {
        expect(addDays(addDays(d, n), -n)).toBe(d)
        const next = addDays(d, 1)
        expect(next > d).toBe(true)
        expect(plainDateToUtc(next).getTime() - plainDateToUtc(d).getTime()).toBe(86_400_000)
      }),
    )
    // The days around Europe's and America's spring-forward and fall-back.
    expect(addDays('2027-03-27', 1)).toBe('2027-03-28')
    expect(addDays('2027-03-28', 1)).toBe('2027-03-29')
    expect(addDays('2027-10-31', -1)).toBe('2027-10-30')
    expect(addDays('2027-03-14', 1)).toBe('2027-03-15')
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01')
  })

  it('isoWeekday: 1 is Monday, 7 Sunday, and a week later is the same weekday', () => {
    expect(isoWeekday('2027-03-01')).toBe(1)
    expect(isoWeekday('2027-03-07')).toBe(7)
    expect(isoWeekday('1900-01-01')).toBe(1)
    fc.assert(
      fc.property(plainDate, (d) => {
        const w = isoWeekday(d)
        expect(w).toBeGreaterThanOrEqual(1)
        expect(w).toBeLessThanOrEqual(7)
        expect(isoWeekday(addDays(d, 7))).toBe(w)
        expect(isoWeekday(addDays(d, 1))).toBe((w % 7) + 1)
      }),
    )
  })

  it('formatDate and formatDateRange in each language', () => {
    expect(formatDate('2027-05-03', 'en')).toBe('May 3, 2027')
    expect(formatDate('2027-05-03', 'de')).toBe('03.05.2027')
    expect(formatDate('2027-01-01', 'de', { dateStyle: 'full' })).toBe('Freitag, 1. Januar 2027')
    expect(formatDateRange('2027-05-03', '2027-05-03', 'en')).toBe('May 3, 2027')
    expect(formatDateRange('2027-05-03', '2027-05-07', 'en')).toMatch(/^May 3\s*–\s*7, 2027$/)
    expect(formatDateRange('2027-05-03', '2027-05-07', 'de')).toMatch(/^03\.\s*–\s*07\.05\.2027$/)
    expect(formatDateRange('2027-12-30', '2028-01-02', 'en')).toMatch(/^Dec 30, 2027\s*–\s*Jan 2, 2028$/)
  })

  it('formatInstant in the given zone does not depend on the machine', () => {
    expect(formatInstant('2027-03-28T00:30:00Z', 'en', 'Europe/Berlin')).toMatch(/^Mar 28, 2027, 1:30\sAM$/)
    expect(formatInstant('2027-03-28T01:30:00Z', 'de', 'Europe/Berlin')).toBe('28.03.2027, 03:30')
  })
})

describe('numbers and plurals', () => {
  it('formatNumber keeps up to three decimals in the locale', () => {
    expect(formatNumber(1.5, 'en')).toBe('1.5')
    expect(formatNumber(1.5, 'de')).toBe('1,5')
    expect(formatNumber(2.0833333, 'en')).toBe('2.083')
    expect(formatNumber(12500, 'de')).toBe('12.500')
  })

  it('plural picks the language’s form', () => {
    const en = { one: '{n} day', other: '{n} days' }
    const de = { one: '{n} Tag', other: '{n} Tage' }
    expect(plural('en', 1, en)).toBe('1 day')
    expect(plural('en', 0, en)).toBe('0 days')
    expect(plural('en', 2, en)).toBe('2 days')
    expect(plural('en', 0.5, en)).toBe('0.5 days')
    expect(plural('en', 1.5, en)).toBe('1.5 days')
    expect(plural('de', 1, de)).toBe('1 Tag')
    expect(plural('de', 0, de)).toBe('0 Tage')
    expect(plural('de', 2.5, de)).toBe('2,5 Tage')
  })
})

describe('locales', () => {
  it('localeFirstDay: Sunday in the US, Monday in Germany and Britain', () => {
    expect(localeFirstDay('en-US')).toBe(7)
    expect(localeFirstDay('de-DE')).toBe(1)
    expect(localeFirstDay('de')).toBe(1)
    expect(localeFirstDay('en-GB')).toBe(1)
    expect(localeFirstDay('not a locale!')).toBe(1)
  })

  it('browserLocale: the first supported language asked for, else English', () => {
    expect(browserLocale(['de-AT', 'en'])).toBe('de')
    expect(browserLocale(['fr-FR', 'DE'])).toBe('de')
    expect(browserLocale(['en-GB', 'de'])).toBe('en')
    expect(browserLocale(['fr-FR'])).toBe('en')
    expect(browserLocale([])).toBe('en')
  })
})

describe(`startOfDayIn, whatever the machine's zone (TZ=${String(import.meta.env.TZ)})`, () => {
  it('is the local midnight of the person\'s zone, not of UTC or the machine', () => {
    expect(startOfDayIn('2027-01-01', 'Europe/Berlin')).toBe('2026-12-31T23:00:00.000Z')
    expect(startOfDayIn('2027-07-01', 'Europe/Berlin')).toBe('2027-06-30T22:00:00.000Z')
    expect(startOfDayIn('2027-01-01', 'America/Los_Angeles')).toBe('2027-01-01T08:00:00.000Z')
    expect(startOfDayIn('2027-01-01', 'Asia/Kolkata')).toBe('2026-12-31T18:30:00.000Z')
    expect(startOfDayIn('2027-01-01', 'UTC')).toBe('2027-01-01T00:00:00.000Z')
    // Santiago moves its clocks at midnight: 2026-09-06 begins at 01:00 local (04:00Z).
    expect(startOfDayIn('2026-09-06', 'America/Santiago')).toBe('2026-09-06T04:00:00.000Z')
  })

  it('shows as that date, at the very start of it, in that zone, for any date and zone', () => {
    const zones = ['Europe/Berlin', 'America/Los_Angeles', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Apia', 'America/Santiago']
    fc.assert(
      fc.property(plainDate, fc.constantFrom(...zones), (d, zone) => {
        const instant = new Date(startOfDayIn(d, zone)).getTime()
        const dateIn = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms)
        expect(dateIn(instant)).toBe(d)
        // A second earlier is still the day before: nothing of the day is left out.
        expect(dateIn(instant - 1000)).toBe(addDays(d, -1))
      }),
      { numRuns: 1500 },
    )
  })
})

// Public holidays per region, from date-holidays. Pure: no database, no HTTP, no clock.
//
// A region is a country code ('DE') or a country-subdivision code ('DE-BY') exactly as
// date-holidays lists them. Only entries of type 'public' count; substitute (observed) days are
// public days of their own; a start at or after midday makes a half day. Dates are taken from
// each entry's local `date` string, never from its Date objects or isHoliday(), whose local
// fields follow the server's own TZ.
//
// All rule types are loaded and filtered afterwards: `types: ['public']` would be ~10× faster but
// drops rules that refer to other types (CH-GL's Näfelser Fahrt moves off an observance).
// One TZ dependence remains inside date-holidays (caldate builds local Dates): a server TZ that
// skipped a whole calendar day shifts a holiday on that day (Pacific/Apia and Pacific/Fakaofo on
// 2011-12-30, Pacific/Kiritimati and Pacific/Kanton on 1994-12-31, Pacific/Kwajalein on 1993-08-21).
// Run servers in UTC or any zone without such a gap.
import { createRequire } from 'node:module'
import type Holidays from 'date-holidays'
import type { HolidaysTypes } from 'date-holidays'

export interface PublicHoliday {
  /** YYYY-MM-DD, the region's local date */
  date: string
  name: string
  half_day: boolean
}

export interface Region {
  /** 'DE' or 'DE-BY' */
  code: string
  /** 'Germany' or 'Germany – Bayern' (English where the data has it, else the local name) */
  name: string
}

export interface HolidaySource {
  /** Public holidays of a region in one calendar year, sorted by date. Unknown region or a year outside 1900..2200 → []. */
  publicHolidays(region: string, year: number): readonly PublicHoliday[]
  /** Every country code and country-subdivision code the data knows, sorted by code. */
  regions(): readonly Region[]
  isRegion(code: string): boolean
}

export const MIN_YEAR = 1900
export const MAX_YEAR = 2200

/** (region, year) results kept; the oldest used is dropped beyond this. */
const RESULT_CACHE_SIZE = 2000
const DAY_MS = 86_400_000
const NONE: readonly PublicHoliday[] = Object.freeze([])

type HolidaysClass = typeof Holidays
interface HolidayData {
  holidays: Record<string, { states?: Record<string, unknown>; regions?: Record<string, unknown> }>
}
interface Library {
  Holidays: HolidaysClass
  /** date-holidays' data, with subdivision keys upper-cased (see upperCaseSubdivisions) */
  data: HolidayData
  regions: readonly Region[]
  /** region code → [country, subdivision?] */
  codes: Map<string, readonly [string, string | undefined]>
}

// date-holidays loads all its data (and moment-timezone's) at import: only on first use.
let library: Library | undefined
function load(): Library {
  if (library) return library
  const require = createRequire(import.meta.url)
  const HolidaysCtor = require('date-holidays') as HolidaysClass
  const { data } = require('date-holidays/data') as { data: HolidayData }
  const all = new HolidaysCtor()
  const countries = all.getCountries('en')
  const regions: Region[] = []
  const codes = new Map<string, readonly [string, string | undefined]>()
  for (const [country, countryName] of Object.entries(countries)) {
    regions.push({ code: country, name: countryName })
    codes.set(country, [country, undefined])
    for (const [state, stateName] of Object.entries(all.getStates(country, 'en') ?? {})) {
      const code = `${country}-${state}`
      regions.push({ code, name: `${countryName} – ${stateName || state}` })
      codes.set(code, [country, state])
    }
  }
  regions.sort((a, b) => compare(a.code, b.code))
  library = {
    Holidays: HolidaysCtor,
    data: upperCaseSubdivisions(data),
    regions: Object.freeze(regions.map((r) => Object.freeze(r))),
    codes,
  }
  return library
}

/**
 * date-holidays upper-cases the subdivision it is given before looking it up, so a subdivision
 * listed in mixed case (the Cook Islands' 'CK-Aitutaki' ...) silently yields the country's days
 * only. A shallow copy of the data with those keys upper-cased lets it find them.
 */
function upperCaseSubdivisions(data: HolidayData): HolidayData {
  let holidays: HolidayData['holidays'] | undefined
  for (const [country, entry] of Object.entries(data.holidays)) {
    for (const key of ['states', 'regions'] as const) {
      const subdivisions = entry[key]
      if (!subdivisions || Object.keys(subdivisions).every((s) => s === s.toUpperCase())) continue
      const upper: Record<string, unknown> = {}
      for (const [s, value] of Object.entries(subdivisions)) {
        if (!Object.hasOwn(upper, s.toUpperCase()) || s === s.toUpperCase()) upper[s.toUpperCase()] = value
      }
      holidays ??= { ...data.holidays }
      holidays[country] = { ...holidays[country], [key]: upper }
    }
  }
  return holidays ? { ...data, holidays } : data
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):\d{2}:\d{2}/

/** date + n days, by calendar arithmetic (UTC fields only: independent of the server's TZ). */
function addDays(date: string, days: number): string {
  if (days === 0) return date
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const t = new Date(0)
  t.setUTCFullYear(y, m - 1, d + days)
  return `${String(t.getUTCFullYear()).padStart(4, '0')}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`
}

interface Day {
  date: string
  name: string
  half_day: boolean
}

/** One entry per local date the public entries of `entries` cover (which may lie outside their year). */
function expand(entries: readonly HolidaysTypes.Holiday[]): Day[] {
  const days: Day[] = []
  for (const entry of entries) {
    if (entry.type !== 'public') continue
    const match = LOCAL_DATE.exec(entry.date)
    if (!match) throw new Error(`date-holidays: unexpected date ${JSON.stringify(entry.date)}`)
    const first = `${match[1]}-${match[2]}-${match[3]}`
    const halfDay = Number(match[4]) >= 12
    const span = Math.max(1, Math.round((entry.end.getTime() - entry.start.getTime()) / DAY_MS))
    const name = nameOf(entry.name)
    // Only the first day of a span starts late; the following ones are whole days.
    for (let i = 0; i < span; i++) days.push({ date: addDays(first, i), name, half_day: halfDay && i === 0 })
  }
  return days
}

/** date-holidays leaves the name object in place when none of the languages matched. */
function nameOf(name: unknown): string {
  if (typeof name === 'string') return name
  if (name && typeof name === 'object') {
    const first = Object.values(name).find((v): v is string => typeof v === 'string')
    if (first) return first
  }
  return String(name)
}

/** One day per date (a full day wins over a half day; distinct names joined with ' / '), sorted. */
function merge(days: readonly Day[]): readonly PublicHoliday[] {
  const byDate = new Map<string, { names: string[]; half_day: boolean }>()
  for (const day of days) {
    const seen = byDate.get(day.date)
    if (!seen) byDate.set(day.date, { names: [day.name], half_day: day.half_day })
    else {
      if (!seen.names.includes(day.name)) seen.names.push(day.name)
      seen.half_day &&= day.half_day
    }
  }
  const holidays = [...byDate]
    .sort(([a], [b]) => compare(a, b))
    .map(([date, { names, half_day }]) => Object.freeze({ date, name: names.join(' / '), half_day }))
  return Object.freeze(holidays)
}

/** Backed by date-holidays (loaded on first use), one instance per region, results cached per (region, year). */
export function createHolidaySource(): HolidaySource {
  const instances = new Map<string, Holidays>()
  const expanded = new Map<string, readonly Day[]>() // per (region, year): the year's own entries
  const results = new Map<string, readonly PublicHoliday[]>()

  function instance(region: string, country: string, state: string | undefined): Holidays {
    let holidays = instances.get(region)
    if (!holidays) {
      const { Holidays: HolidaysCtor, data } = load()
      // `data` is an option date-holidays reads (opts.data) but does not declare.
      const opts = { languages: ['en'], data } as HolidaysTypes.Options
      holidays = state === undefined ? new HolidaysCtor(country, opts) : new HolidaysCtor(country, state, opts)
      instances.set(region, holidays)
    }
    return holidays
  }

  function daysOf(region: string, year: number, holidays: Holidays): readonly Day[] {
    const key = `${region} ${year}`
    let days = expanded.get(key)
    if (!days) {
      days = expand(holidays.getHolidays(year))
      remember(expanded, key, days)
    }
    return days
  }

  return {
    publicHolidays(region, year) {
      if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) return NONE
      const code = typeof region === 'string' ? load().codes.get(region) : undefined
      if (!code) return NONE
      const key = `${region} ${year}`
      let result = results.get(key)
      if (result) {
        results.delete(key) // most recently used last
        results.set(key, result)
        return result
      }
      const holidays = instance(region, code[0], code[1])
      const prefix = `${String(year).padStart(4, '0')}-`
      // An entry of the year before may run into this one (a multi-day holiday from late December).
      const spill = daysOf(region, year - 1, holidays).filter((d) => d.date.startsWith(prefix))
      const own = daysOf(region, year, holidays).filter((d) => d.date.startsWith(prefix))
      result = merge([...spill, ...own])
      remember(results, key, result)
      return result
    },
    regions: () => load().regions,
    isRegion: (code) => typeof code === 'string' && load().codes.has(code),
  }
}

function remember<V>(cache: Map<string, V>, key: string, value: V) {
  cache.set(key, value)
  if (cache.size > RESULT_CACHE_SIZE) cache.delete(cache.keys().next().value as string)
}

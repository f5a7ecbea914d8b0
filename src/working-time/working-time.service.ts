// Working time of a person over a period: their zone, work week and days off, and what a leave
// period costs them. The days off come from the public-holiday data and the company's own list.
import type { LeaveUnit } from '../db/schema.js'
import { eachYear } from './calendar.js'
import type { WorkingConfig } from './config-cache.js'
import { computeDuration, mergeHolidays, type Duration, type HolidayDay, type HolidayLookup } from './duration.js'
import type { WorkingTime } from './effective.js'
import type { HolidaySource } from './holidays.js'
import { instantsOf, localPeriodOf, type Instants, type LocalPeriod } from './period.js'

/** A period as a client sends it: either two instants or local dates with half-day flags. */
export type PeriodInput = { kind: 'instants'; instants: Instants } | { kind: 'dates'; period: LocalPeriod }

export interface Measured {
  period: LocalPeriod
  instants: Instants
  duration: Duration
}

export class WorkingTimeService {
  constructor(readonly holidays: HolidaySource) {}

  /** Every day off in a region from `from` to `to`: public holidays and company days, one entry per day off. */
  daysOff(config: WorkingConfig, region: string | null, from: string, to: string): HolidayDay[] {
    const days: HolidayDay[] = []
    if (region !== null) {
      for (const year of eachYear(from, to)) {
        for (const h of this.holidays.publicHolidays(region, year)) {
          if (h.date >= from && h.date <= to) days.push({ ...h, kind: 'public' })
        }
      }
    }
    for (const c of config.companyHolidays(from, to, region)) {
      days.push({ date: c.date, name: c.name, half_day: c.half_day === 1, kind: 'company' })
    }
    return days
  }

  holidayLookup(config: WorkingConfig, region: string | null, from: string, to: string): HolidayLookup {
    const byDate = mergeHolidays(this.daysOff(config, region, from, to))
    return (date) => byDate.get(date)
  }

  /** What a period (both forms, in the person's zone: resolvePeriod) takes of their working time. */
  measure(config: WorkingConfig, time: WorkingTime, unit: LeaveUnit, { period, instants }: Resolved): Measured {
    const holidayOn = this.holidayLookup(config, time.region, period.start_date, period.end_date)
    const duration = computeDuration({ unit, period, instants, timeZone: time.timeZone, workWeek: time.workWeek, holidayOn })
    return { period, instants, duration }
  }
}

export interface Resolved {
  period: LocalPeriod
  instants: Instants
}

/** Both forms of a period, in a zone. */
export function resolvePeriod(input: PeriodInput, timeZone: string): Resolved {
  return input.kind === 'dates'
    ? { period: input.period, instants: instantsOf(input.period, timeZone) }
    : { period: localPeriodOf(input.instants, timeZone), instants: input.instants }
}

// A leave period both ways: as two instants [start, end) (what the original API speaks and what is
// stored), and as local dates with half-day flags in the owner's zone (what people mean).
import { addDays, localDateOf, middayOf, startOfDay } from './calendar.js'

export interface LocalPeriod {
  /** First local date, inclusive. */
  start_date: string
  /** Last local date, inclusive. */
  end_date: string
  /** The first day starts at local midday. */
  half_day_start: boolean
  /** The last day ends at local midday. */
  half_day_end: boolean
}

export interface Instants {
  start: number
  end: number
}

/**
 * From dates: start is local midnight (midday with half_day_start) of start_date; end is the local
 * midnight after end_date (its midday with half_day_end).
 */
export function instantsOf(period: LocalPeriod, timeZone: string): Instants {
  return {
    start: period.half_day_start ? middayOf(period.start_date, timeZone) : startOfDay(period.start_date, timeZone),
    end: period.half_day_end ? middayOf(period.end_date, timeZone) : startOfDay(addDays(period.end_date, 1), timeZone),
  }
}

/**
 * From instants (end > start): the local dates of start and of the last instant before end; the
 * first day is a half day when it starts at or after local midday, the last when it ends at or
 * before local midday.
 */
export function localPeriodOf({ start, end }: Instants, timeZone: string): LocalPeriod {
  const start_date = localDateOf(start, timeZone)
  const end_date = localDateOf(end - 1, timeZone)
  return {
    start_date,
    end_date,
    half_day_start: start >= middayOf(start_date, timeZone),
    half_day_end: end <= middayOf(end_date, timeZone),
  }
}

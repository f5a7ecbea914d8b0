// What applies to a person once the company's defaults fill their blanks.
import { WEEKDAYS } from './calendar.js'
import { DEFAULT_WORK_WEEK, type WorkWeek } from './duration.js'

export interface WorkingTime {
  timeZone: string
  /** null: no public holidays. */
  region: string | null
  workWeek: WorkWeek
}

export interface PersonalWorkingTime {
  time_zone: string | null
  holiday_region: string | null
  /** JSON, or null. */
  work_week: string | null
}

export interface DefaultWorkingTime {
  default_time_zone: string
  default_holiday_region: string | null
  default_work_week: WorkWeek
}

export function effectiveWorkingTime(person: PersonalWorkingTime, defaults: DefaultWorkingTime): WorkingTime {
  return {
    timeZone: person.time_zone ?? defaults.default_time_zone,
    region: person.holiday_region ?? defaults.default_holiday_region,
    workWeek: person.work_week !== null ? parseWorkWeek(person.work_week) : defaults.default_work_week,
  }
}

/** A stored work week; anything unreadable falls back to the default rather than failing every request. */
export function parseWorkWeek(json: string): WorkWeek {
  try {
    const value = JSON.parse(json) as Record<string, unknown>
    const week = {} as WorkWeek
    for (const day of WEEKDAYS) {
      const hours = value[day]
      week[day] = typeof hours === 'number' && hours >= 0 && hours <= 24 ? hours : DEFAULT_WORK_WEEK[day]
    }
    return week
  } catch {
    return { ...DEFAULT_WORK_WEEK }
  }
}

/** The same work week (the order of keys aside). */
export function sameWorkWeek(a: WorkWeek, b: WorkWeek): boolean {
  return WEEKDAYS.every((day) => a[day] === b[day])
}

/** A work week as stored: JSON with the days in order. */
export function serializeWorkWeek(week: WorkWeek): string {
  return JSON.stringify(Object.fromEntries(WEEKDAYS.map((day) => [day, week[day]])))
}

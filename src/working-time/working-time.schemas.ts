// Field schemas of working time, shared by settings, people and leave requests.
import { Type } from 'typebox'
import { WEEKDAYS } from './calendar.js'

export const Hours = Type.Number({
  minimum: 0,
  maximum: 24,
  multipleOf: 0.25,
  'x-message': 'Hours per day: a number from 0 to 24 in steps of 0.25.',
})

/** Scheduled hours per weekday; 0 = a day off. */
export const WorkWeekSchema = Type.Object(Object.fromEntries(WEEKDAYS.map((day) => [day, Hours])) as Record<(typeof WEEKDAYS)[number], typeof Hours>, {
  description: 'Scheduled hours per weekday (0 = not a working day), 0..24 in steps of 0.25.',
})

export const TimeZoneName = Type.String({ minLength: 1, maxLength: 64, description: 'An IANA time-zone name, e.g. "Europe/Berlin".' })
export const RegionCode = Type.String({ minLength: 1, maxLength: 16, description: 'A holiday region: a country or subdivision code (GET /api/regions).' })
export const PlainDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' })
export const MonthDay = Type.String({ pattern: '^[0-9]{2}-[0-9]{2}$', description: 'MM-DD', 'x-message': 'Use MM-DD.' })

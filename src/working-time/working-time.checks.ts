// Checks of working-time values that a JSON schema cannot make: they need the runtime's zone data or
// the holiday data. Each adds its message to `errors` under the field it names.
import type { FieldErrorMap } from '../errors.js'
import { isMonthDay, isTimeZone } from './calendar.js'
import type { HolidaySource } from './holidays.js'

export function checkTimeZone(field: string, value: string, errors: FieldErrorMap): void {
  if (!isTimeZone(value)) errors[field] = [`"${value}" is not a time zone. Use an IANA name such as "Europe/Berlin" or "UTC".`]
}

export function checkRegion(field: string, value: string, holidays: HolidaySource, errors: FieldErrorMap): void {
  if (!holidays.isRegion(value)) errors[field] = [`"${value}" is not a holiday region. GET /api/regions lists them (e.g. "DE", "DE-BY", "GB-ENG").`]
}

export function checkMonthDay(field: string, value: string, errors: FieldErrorMap): void {
  if (!isMonthDay(value)) errors[field] = ['Use MM-DD naming a day every year has (not 02-29).']
}

// A person's working-time fields as the API shows them: what is set on them (null = the company's
// default) and what applies after the defaults.
import type { CompanySettings } from '../settings/settings.repository.js'
import { effectiveWorkingTime, parseWorkWeek } from '../working-time/effective.js'
import type { UserRow } from './users.repository.js'

export function workingTimeFields(user: UserRow, settings: CompanySettings) {
  const effective = effectiveWorkingTime(user, settings)
  return {
    time_zone: user.time_zone,
    holiday_region: user.holiday_region,
    work_week: user.work_week !== null ? parseWorkWeek(user.work_week) : null,
    employment_start: user.employment_start,
    effective_time_zone: effective.timeZone,
    effective_holiday_region: effective.region,
    effective_work_week: effective.workWeek,
  }
}

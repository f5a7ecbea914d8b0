import { Type } from 'typebox'
import { Nullable } from '../http/schemas.js'
import { MonthDay, RegionCode, TimeZoneName, WorkWeekSchema } from '../working-time/working-time.schemas.js'

export const Settings = Type.Object({
  default_time_zone: Type.String(),
  default_holiday_region: Nullable(Type.String()),
  default_work_week: WorkWeekSchema,
  leave_year_start: Type.String({ description: 'MM-DD: the first day of the leave year.' }),
  calendar_visible_to_everyone: Type.Boolean({ description: 'true: everyone may read the calendar of everyone (scope=all); false: admins only.' }),
})

export const SettingsPatch = Type.Partial(
  Type.Object({
    default_time_zone: TimeZoneName,
    default_holiday_region: Type.Unsafe<string | null>({ ...RegionCode, type: ['string', 'null'] }),
    default_work_week: WorkWeekSchema,
    leave_year_start: MonthDay,
    calendar_visible_to_everyone: Type.Boolean(),
  }),
)

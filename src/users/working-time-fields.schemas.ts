import { Type } from 'typebox'
import { Nullable } from '../http/schemas.js'
import type { WorkWeek } from '../working-time/duration.js'
import { RegionCode, TimeZoneName, WorkWeekSchema } from '../working-time/working-time.schemas.js'

const NullableString = (description: string) => Type.Unsafe<string | null>({ type: ['string', 'null'], description })

/** What a representation of a person shows of their working time. */
export const workingTimeProperties = {
  time_zone: NullableString('An IANA zone, or null for the company default.'),
  holiday_region: NullableString('A holiday region, or null for the company default.'),
  work_week: Nullable(WorkWeekSchema, { description: 'Hours per weekday, or null for the company default.' }),
  employment_start: NullableString('YYYY-MM-DD, or null.'),
  effective_time_zone: Type.String({ description: 'The zone that applies: time_zone or the default.' }),
  effective_holiday_region: NullableString('The region that applies, or null for none.'),
  effective_work_week: WorkWeekSchema,
}

/** What an admin may set (PATCH /api/users/<id>); null returns a field to the company default. */
export const workingTimeInput = {
  time_zone: Type.Unsafe<string | null>({ ...TimeZoneName, type: ['string', 'null'] }),
  holiday_region: Type.Unsafe<string | null>({ ...RegionCode, type: ['string', 'null'] }),
  work_week: Type.Unsafe<WorkWeek | null>({ ...WorkWeekSchema, type: ['object', 'null'] }),
  employment_start: Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'date', description: 'YYYY-MM-DD, or null.' }),
}

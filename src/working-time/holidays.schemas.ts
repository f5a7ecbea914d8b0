import { Type } from 'typebox'
import { Nullable } from '../http/schemas.js'
import { PlainDate, RegionCode } from './working-time.schemas.js'

export const HolidayBody = Type.Object({
  date: Type.String({ format: 'date' }),
  name: Type.String(),
  half_day: Type.Boolean({ description: 'Only the afternoon is off.' }),
  kind: Type.Unsafe<'public' | 'company'>({ type: 'string', enum: ['public', 'company'] }),
  id: Nullable(Type.Integer(), { description: 'A company day off’s id (to delete it); null for a public holiday.' }),
  region: Nullable(Type.String(), { description: 'The region it applies to; null: a company day off for everyone.' }),
})

export const HolidayList = Type.Array(HolidayBody)

export const HolidayQuery = Type.Object({
  year: Type.Integer({ minimum: 1900, maximum: 2200 }),
  region: Type.Optional(Type.Unsafe<string>({ ...RegionCode, description: 'Defaults to the caller’s effective holiday region.' })),
})

export const CompanyHolidayCreate = Type.Object({
  date: PlainDate,
  name: Type.String({ minLength: 1, maxLength: 150 }),
  half_day: Type.Optional(Type.Boolean({ description: 'Only the afternoon is off.' })),
  region: Type.Optional(Type.Unsafe<string | null>({ ...RegionCode, type: ['string', 'null'], description: 'null (default): everyone.' })),
})

export const RegionList = Type.Array(Type.Object({ code: Type.String(), name: Type.String() }))

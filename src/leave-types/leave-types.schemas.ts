import { Type } from 'typebox'
import { Nullable } from '../http/schemas.js'

export const LEAVE_TYPE_CODE = '^[A-Z0-9_]{1,32}$'
const UNITS = ['day', 'hour'] as const

export const LeaveTypeCode = Type.String({ pattern: LEAVE_TYPE_CODE, description: '1–32 of A-Z, 0-9 and _; never changes.', 'x-message': 'Use 1 to 32 of A-Z, 0-9 and _.' })
const Unit = Type.Unsafe<'day' | 'hour'>({ type: 'string', enum: [...UNITS], description: 'day: counted in (half) days; hour: in hours.' })
const Color = Type.String({ pattern: '^#[0-9A-Fa-f]{6}$', description: '#RRGGBB', 'x-message': 'Use a colour as #RRGGBB.' })
const LeaveTypeName = Type.String({ minLength: 1, maxLength: 100 })

const Accrual = Type.Unsafe<'yearly' | 'monthly'>({ type: 'string', enum: ['yearly', 'monthly'], description: 'yearly: the whole allowance on the first day of the leave year; monthly: a twelfth on the first day of each month.' })
const HalfDays = (description: string) =>
  Type.Number({ minimum: 0, maximum: 1000, multipleOf: 0.5, description, 'x-message': 'Use days from 0 to 1000 in steps of 0.5.' })
const NullableHalfDays = (description: string) =>
  Type.Unsafe<number | null>({ type: ['number', 'null'], minimum: 0, maximum: 1000, multipleOf: 0.5, description, 'x-message': 'Use days from 0 to 1000 in steps of 0.5, or null.' })
const NullableMonthDay = Type.Unsafe<string | null>({ type: ['string', 'null'], pattern: '^[0-9]{2}-[0-9]{2}$', description: 'MM-DD, or null.', 'x-message': 'Use MM-DD, or null.' })

/** The balance policy of a type (days; it matters for types that count against a balance). */
const PolicyFields = {
  annual_allowance: HalfDays('Days per leave year, in steps of 0.5.'),
  accrual: Accrual,
  carry_over_max: NullableHalfDays('Days carried into the next leave year at most; null: no cap.'),
  carry_over_expires: NullableMonthDay,
  allow_negative: HalfDays('Days a balance may go below zero.'),
}

export const LeaveTypeBody = Type.Object({
  code: Type.String(),
  name: Type.String(),
  unit: Unit,
  requires_approval: Type.Boolean({ description: 'false: a new request is approved at once.' }),
  counts_against_balance: Type.Boolean(),
  color: Type.String({ description: '#RRGGBB' }),
  active: Type.Boolean({ description: 'false: retired; it can no longer be chosen, old requests keep it.' }),
  annual_allowance: Type.Number(),
  accrual: Accrual,
  carry_over_max: Nullable(Type.Number()),
  carry_over_expires: Nullable(Type.String({ description: 'MM-DD in the next leave year after which unused carried days lapse' })),
  allow_negative: Type.Number(),
})

export const LeaveTypeList = Type.Array(LeaveTypeBody)

export const LeaveTypeCreate = Type.Object({
  code: LeaveTypeCode,
  name: LeaveTypeName,
  unit: Type.Optional(Unit),
  requires_approval: Type.Optional(Type.Boolean()),
  counts_against_balance: Type.Optional(Type.Boolean()),
  color: Type.Optional(Color),
  active: Type.Optional(Type.Boolean()),
  annual_allowance: Type.Optional(PolicyFields.annual_allowance),
  accrual: Type.Optional(PolicyFields.accrual),
  carry_over_max: Type.Optional(PolicyFields.carry_over_max),
  carry_over_expires: Type.Optional(PolicyFields.carry_over_expires),
  allow_negative: Type.Optional(PolicyFields.allow_negative),
})

export const LeaveTypePatch = Type.Partial(
  Type.Object({
    name: LeaveTypeName,
    unit: Unit,
    requires_approval: Type.Boolean(),
    counts_against_balance: Type.Boolean(),
    color: Color,
    active: Type.Boolean(),
    ...PolicyFields,
  }),
)

/** A path code that cannot be a code names nothing: 404, like a malformed id. */
export const CodeParams = Type.Object({ code: Type.String({ pattern: LEAVE_TYPE_CODE }) })

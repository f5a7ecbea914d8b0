import { Type } from 'typebox'

export const LEAVE_TYPE_CODE = '^[A-Z0-9_]{1,32}$'
const UNITS = ['day', 'hour'] as const

export const LeaveTypeCode = Type.String({ pattern: LEAVE_TYPE_CODE, description: '1–32 of A-Z, 0-9 and _; never changes.', 'x-message': 'Use 1 to 32 of A-Z, 0-9 and _.' })
const Unit = Type.Unsafe<'day' | 'hour'>({ type: 'string', enum: [...UNITS], description: 'day: counted in (half) days; hour: in hours.' })
const Color = Type.String({ pattern: '^#[0-9A-Fa-f]{6}$', description: '#RRGGBB', 'x-message': 'Use a colour as #RRGGBB.' })
const LeaveTypeName = Type.String({ minLength: 1, maxLength: 100 })

export const LeaveTypeBody = Type.Object({
  code: Type.String(),
  name: Type.String(),
  unit: Unit,
  requires_approval: Type.Boolean({ description: 'false: a new request is approved at once.' }),
  counts_against_balance: Type.Boolean(),
  color: Type.String({ description: '#RRGGBB' }),
  active: Type.Boolean({ description: 'false: retired; it can no longer be chosen, old requests keep it.' }),
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
})

export const LeaveTypePatch = Type.Partial(
  Type.Object({
    name: LeaveTypeName,
    unit: Unit,
    requires_approval: Type.Boolean(),
    counts_against_balance: Type.Boolean(),
    color: Color,
    active: Type.Boolean(),
  }),
)

/** A path code that cannot be a code names nothing: 404, like a malformed id. */
export const CodeParams = Type.Object({ code: Type.String({ pattern: LEAVE_TYPE_CODE }) })

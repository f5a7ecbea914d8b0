import { Type } from 'typebox'
import { Nullable } from '../http/schemas.js'
import { LeaveTypeCode } from '../leave-types/leave-types.schemas.js'
import { PlainDate } from '../working-time/working-time.schemas.js'

const Days = (description: string) => Type.Number({ description })
const UserId = Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Whose balance: yourself by default; your direct reports (managers); anyone (admins).' })

export const BalanceQuery = Type.Object({
  as_of: Type.Optional({ ...PlainDate, description: 'YYYY-MM-DD; today in the person’s zone by default. A future day is a projection from today’s facts.' }),
  user_id: Type.Optional(UserId),
})

export const LeaveYearBody = Type.Object({ start: Type.String({ description: 'YYYY-MM-DD' }), end: Type.String({ description: 'YYYY-MM-DD, inclusive' }) })

export const BalanceBody = Type.Object({
  type: Type.String(),
  year: LeaveYearBody,
  allowance: Days('Days per leave year under the policy in force.'),
  accrued: Days('What has accrued by as_of (the whole, prorated for a joiner, with yearly accrual).'),
  carried_over: Days('Carried into the year on its first day (a projection until then).'),
  carried_over_expires: Nullable(Type.String(), { description: 'The last day carried days can be taken on, or null.' }),
  expired: Days('Carried days that had lapsed by as_of.'),
  adjustments: Days('Admin adjustments dated up to as_of, and changes to ended years booked here.'),
  used: Days('Days of the year of requests approved by as_of and not given back by then.'),
  pending: Days('Days of the year of requests pending now.'),
  balance: Days('accrued + carried_over − expired + adjustments − used'),
  available: Days('balance − pending'),
})

export const BalanceList = Type.Array(BalanceBody, { description: 'One entry per leave type that counts against a balance.' })

export const LedgerQuery = Type.Object({
  type: LeaveTypeCode,
  year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2200, description: 'The leave year (named after the calendar year it starts in); the current one by default.' })),
  user_id: Type.Optional(UserId),
})

const LEDGER_KINDS = ['allowance', 'accrual', 'carry_over', 'expiry', 'usage', 'release', 'adjustment'] as const

export const LedgerEntry = Type.Object({
  date: Type.String({ description: 'The day it happened (YYYY-MM-DD).' }),
  kind: Type.Unsafe<(typeof LEDGER_KINDS)[number]>({ type: 'string', enum: [...LEDGER_KINDS] }),
  amount: Days('Its effect on the balance, in days (a usage is negative).'),
  request_id: Nullable(Type.Integer()),
  comment: Type.String(),
})

export const LedgerList = Type.Array(LedgerEntry, { description: 'Oldest first: those dated up to a day add up to the balance at its end.' })

export const AdjustmentCreate = Type.Object({
  user_id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
  type: LeaveTypeCode,
  amount: Type.Number({ minimum: -1000, maximum: 1000, multipleOf: 0.5, description: 'Days, in steps of 0.5, not zero: positive adds, negative takes away.' }),
  comment: Type.String({ minLength: 1, maxLength: 1000, description: 'Why: required.' }),
  date: Type.Optional({ ...PlainDate, description: 'The day it counts from (today in the person’s zone by default); not in an ended leave year.' }),
})

export const AdjustmentBody = Type.Object({
  id: Type.Integer(),
  user_id: Type.Integer(),
  type: Type.String(),
  year: Type.Integer({ description: 'The leave year it is booked in.' }),
  date: Type.String(),
  kind: Type.Literal('adjustment'),
  amount: Type.Number(),
  comment: Type.String(),
})

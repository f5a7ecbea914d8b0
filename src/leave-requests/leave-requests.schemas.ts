import { Type } from 'typebox'
import { Nullable } from '../http/schemas.js'
import type { LeaveStatus } from '../db/schema.js'
import { pagingQuery } from '../http/paging.js'
import { LEAVE_TYPE_CODE } from '../leave-types/leave-types.schemas.js'
import { UserSummary } from '../users/profile.schemas.js'
import { Breach } from '../coverage/coverage.schemas.js'
import { WEEKDAYS } from '../working-time/calendar.js'
import { PlainDate } from '../working-time/working-time.schemas.js'
export const LEAVE_STATUSES: LeaveStatus[] = ['PENDING', 'APPROVED', 'REJECTED', 'CANCELLATION_REQUESTED', 'CANCELLED']

/** Each transition's name is also the last segment of its endpoint: POST /api/leave-requests/<id>/<name>. */
export const TRANSITIONS = ['cancel', 'approve', 'reject', 'approve-cancellation', 'reject-cancellation'] as const
export type Transition = (typeof TRANSITIONS)[number]
export const ACTIONS = ['update', 'delete', ...TRANSITIONS] as const
export type Action = (typeof ACTIONS)[number]

/** Any string: whether it names an active leave type is the service's to say (`"X" is not a valid choice.`). */
export const LeaveTypeField = Type.String({ maxLength: 64, description: 'A leave-type code (GET /api/leave-types).' })
const LeaveTypeFilter = Type.String({ pattern: LEAVE_TYPE_CODE, description: 'A leave-type code.', 'x-message': 'Use a leave-type code: 1 to 32 of A-Z, 0-9 and _.' })
export const LeaveStatusField = Type.Unsafe<LeaveStatus>({ type: 'string', enum: LEAVE_STATUSES })
const DateTime = Type.String({ format: 'date-time', maxLength: 64 })
const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601 UTC with milliseconds' })
const Description = Type.String({ maxLength: 1000 })

export const LeaveRequest = Type.Object({
  id: Type.Integer(),
  start: Timestamp,
  end: Timestamp,
  description: Type.String(),
  type: LeaveTypeField,
  status: LeaveStatusField,
  created_at: Timestamp,
  updated_at: Timestamp,
  user: UserSummary,
  decided_by: Nullable(UserSummary, { description: 'Who made the latest decision, or null.' }),
  decided_at: Nullable(Timestamp),
  decision_comment: Type.String({ description: '"" when none.' }),
  start_date: Type.String({ format: 'date', description: 'First local date in the owner’s time zone, inclusive.' }),
  end_date: Type.String({ format: 'date', description: 'Last local date, inclusive.' }),
  half_day_start: Type.Boolean({ description: 'The first day starts at local midday.' }),
  half_day_end: Type.Boolean({ description: 'The last day ends at local midday.' }),
  days: Type.Number({ description: 'Working days it takes (multiples of 0.5 for day-based types).' }),
  hours: Type.Number({ description: 'Working hours it takes, by the owner’s work week.' }),
  allowed_actions: Type.Array(Type.Unsafe<Action>({ type: 'string', enum: [...ACTIONS] }), {
    description: 'What the caller may do with this request right now; transitions are POST .../<action>.',
  }),
})

export const LeaveRequestList = Type.Array(LeaveRequest)
export const ApprovalList = Type.Array(Type.Object({ ...LeaveRequest.properties, coverage: Type.Array(Breach, { description: 'The days it breaks a coverage rule on.' }) }))

const optionalFields = {
  start: Type.Optional(DateTime),
  end: Type.Optional(DateTime),
  start_date: Type.Optional(PlainDate),
  end_date: Type.Optional(PlainDate),
  half_day_start: Type.Optional(Type.Boolean({ description: 'With start_date: the first day starts at local midday.' })),
  half_day_end: Type.Optional(Type.Boolean({ description: 'With end_date: the last day ends at local midday.' })),
  description: Type.Optional(Description),
  type: Type.Optional(LeaveTypeField),
  status: Type.Optional(
    Type.Unsafe<LeaveStatus>({ type: 'string', enum: LEAVE_STATUSES, description: 'Only "PENDING" may be sent.' }),
  ),
}

/**
 * POST and PUT: the period as start and end (date-times), or as start_date and end_date (local dates
 * in the owner's zone, with optional half days), never both; omitted optional fields keep their value
 * (or the default). Which pair is required is checked by the service, since either will do.
 */
export const LeaveRequestWrite = Type.Object(optionalFields, {
  description: 'The period as start and end, or as start_date and end_date (with half_day_start, half_day_end); not both.',
})
export const LeaveRequestPatch = LeaveRequestWrite

export const Scope = Type.Unsafe<'own' | 'team' | 'all'>({
  type: 'string',
  enum: ['own', 'team', 'all'],
  default: 'own',
  description: 'own (default): the caller’s; team: their direct reports’ (managers, admins); all: everyone’s (admins).',
})

export const LeaveRequestQuery = Type.Object({
  scope: Type.Optional(Scope),
  status: Type.Optional(LeaveStatusField),
  type: Type.Optional(LeaveTypeFilter),
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
  ...pagingQuery,
})

export const ApprovalsQuery = Type.Object({ ...pagingQuery })

const Comment = Type.String({ maxLength: 1000 })
/** No fields: the transition needs nothing but the request. */
export const NoFields = Type.Object({})
export const OptionalComment = Type.Object({ comment: Type.Optional(Comment) })
export const ApproveBody = Type.Object({
  comment: Type.Optional(Comment),
  override_coverage: Type.Optional(Type.Boolean({ description: 'Approve although a block coverage rule breaks; needs a comment, which the history records.' })),
})
export const RequiredComment = Type.Object({ comment: Type.String({ minLength: 1, maxLength: 1000, description: 'Why: required.' }) })

const DayReason = Type.Unsafe<string>({
  type: 'string',
  enum: ['working_day', 'half_day', 'weekend', 'public_holiday', 'company_holiday', 'half_holiday'],
})

export const PROBLEM_CODES = ['invalid_period', 'no_working_day', 'overlap', 'invalid_type', 'before_employment_start', 'insufficient_balance', 'coverage'] as const

export const Preview = Type.Object({
  start: Nullable(Timestamp),
  end: Nullable(Timestamp),
  start_date: Nullable(Type.String({ format: 'date' })),
  end_date: Nullable(Type.String({ format: 'date' })),
  half_day_start: Type.Boolean(),
  half_day_end: Type.Boolean(),
  days: Type.Number(),
  hours: Type.Number(),
  breakdown: Type.Array(
    Type.Object({
      date: Type.String({ format: 'date' }),
      weekday: Type.Unsafe<string>({ type: 'string', enum: [...WEEKDAYS] }),
      counts: Type.Number({ description: 'The share of a working day this date takes.' }),
      hours: Type.Number(),
      reason: DayReason,
      holiday: Nullable(Type.String(), { description: 'The holiday’s name, or null.' }),
    }),
  ),
  approvers: Type.Array(UserSummary, { description: 'Who would be asked; empty when nobody needs to approve.' }),
  requires_approval: Type.Boolean({ description: 'false: the request would be approved at once.' }),
  coverage: Type.Array(Breach, { description: 'Every day the request would break a coverage rule (warn and block).' }),
  balance: Type.Array(
    Type.Object({
      type: Type.String(),
      year: Type.Integer({ description: 'The leave year (named after the calendar year it starts in).' }),
      available_before: Type.Number({ description: 'Days available to this request in the year.' }),
      available_after: Type.Number({ description: 'What is left after it (may be negative down to −allow_negative).' }),
      allow_negative: Type.Number(),
    }),
    { description: 'Per leave year the request takes days in, for a type that counts against a balance.' },
  ),
  problems: Type.Array(
    Type.Object({
      code: Type.Unsafe<string>({ type: 'string', enum: [...PROBLEM_CODES] }),
      message: Type.String(),
      request_id: Type.Optional(Type.Integer({ description: 'overlap: the request it overlaps.' })),
    }),
    { description: 'Everything that would make creating this request fail; empty when it would succeed.' },
  ),
})

import { Type } from 'typebox'
import { Nullable } from '../http/schemas.js'
import type { LeaveStatus, LeaveType } from '../db/schema.js'
import { pagingQuery } from '../http/paging.js'
import { UserSummary } from '../users/profile.schemas.js'

export const LEAVE_TYPES: LeaveType[] = ['VACATION', 'SICK', 'MATERNITY', 'UNPAID']
export const LEAVE_STATUSES: LeaveStatus[] = ['PENDING', 'APPROVED', 'REJECTED', 'CANCELLATION_REQUESTED', 'CANCELLED']

/** Each transition's name is also the last segment of its endpoint: POST /api/leave-requests/<id>/<name>. */
export const TRANSITIONS = ['cancel', 'approve', 'reject', 'approve-cancellation', 'reject-cancellation'] as const
export type Transition = (typeof TRANSITIONS)[number]
export const ACTIONS = ['update', 'delete', ...TRANSITIONS] as const
export type Action = (typeof ACTIONS)[number]

export const LeaveTypeField = Type.Unsafe<LeaveType>({ type: 'string', enum: LEAVE_TYPES })
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
  allowed_actions: Type.Array(Type.Unsafe<Action>({ type: 'string', enum: [...ACTIONS] }), {
    description: 'What the caller may do with this request right now; transitions are POST .../<action>.',
  }),
})

export const LeaveRequestList = Type.Array(LeaveRequest)

const optionalFields = {
  description: Type.Optional(Description),
  type: Type.Optional(LeaveTypeField),
  status: Type.Optional(
    Type.Unsafe<LeaveStatus>({ type: 'string', enum: LEAVE_STATUSES, description: 'Only "PENDING" may be sent.' }),
  ),
}

/** POST and PUT: start and end required; omitted optional fields keep their value (or the default). */
export const LeaveRequestWrite = Type.Object({ start: DateTime, end: DateTime, ...optionalFields })
export const LeaveRequestPatch = Type.Object({ start: Type.Optional(DateTime), end: Type.Optional(DateTime), ...optionalFields })

export const Scope = Type.Unsafe<'own' | 'team' | 'all'>({
  type: 'string',
  enum: ['own', 'team', 'all'],
  default: 'own',
  description: 'own (default): the caller’s; team: their direct reports’ (managers, admins); all: everyone’s (admins).',
})

export const LeaveRequestQuery = Type.Object({
  scope: Type.Optional(Scope),
  status: Type.Optional(LeaveStatusField),
  type: Type.Optional(LeaveTypeField),
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
  ...pagingQuery,
})

export const ApprovalsQuery = Type.Object({ ...pagingQuery })

const Comment = Type.String({ maxLength: 1000 })
/** No fields: the transition needs nothing but the request. */
export const NoFields = Type.Object({})
export const OptionalComment = Type.Object({ comment: Type.Optional(Comment) })
export const RequiredComment = Type.Object({ comment: Type.String({ minLength: 1, maxLength: 1000, description: 'Why: required.' }) })

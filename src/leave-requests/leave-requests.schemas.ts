import { Type } from 'typebox'
import type { LeaveStatus, LeaveType } from '../db/schema.js'

export const LEAVE_TYPES: LeaveType[] = ['VACATION', 'SICK', 'MATERNITY', 'UNPAID']
export const LEAVE_STATUSES: LeaveStatus[] = ['PENDING', 'APPROVED', 'REJECTED', 'CANCELLATION_REQUESTED', 'CANCELLED']

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

export const LeaveRequestQuery = Type.Object({
  status: Type.Optional(LeaveStatusField),
  type: Type.Optional(LeaveTypeField),
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0 })),
})

// How a leave request is shown: to a caller (the API's representation) and to the audit trail.
import { isoTimestamp as iso } from '../http/timestamps.js'
import type { ComputedFields, LeaveRequestRow, LeaveRequestView } from './leave-requests.repository.js'
import { allowedActions, type Caller } from './lifecycle.js'

/** The representation, as `caller` sees it (allowed_actions depends on who asks). */
export function toLeaveRequest(view: LeaveRequestView, caller: Caller) {
  return {
    id: view.id,
    start: iso(view.start),
    end: iso(view.end),
    description: view.description,
    type: view.type,
    status: view.status,
    created_at: iso(view.created_at),
    updated_at: iso(view.updated_at),
    user: { id: view.user_id, email: view.owner_email, first_name: view.owner_first_name, last_name: view.owner_last_name },
    decided_by:
      view.decided_by !== null && view.decider_email !== null
        ? { id: view.decided_by, email: view.decider_email, first_name: view.decider_first_name ?? '', last_name: view.decider_last_name ?? '' }
        : null,
    decided_at: view.decided_at !== null ? iso(view.decided_at) : null,
    decision_comment: view.decision_comment,
    start_date: view.start_date,
    end_date: view.end_date,
    half_day_start: view.half_day_start === 1,
    half_day_end: view.half_day_end === 1,
    days: view.days,
    hours: view.hours,
    allowed_actions: allowedActions(caller, view),
  }
}

export type LeaveRequestBody = ReturnType<typeof toLeaveRequest>

/** The period and working time of a request, as the audit trail records them. */
export function computedSnapshot(row: ComputedFields) {
  return {
    start: iso(row.start),
    end: iso(row.end),
    start_date: row.start_date,
    end_date: row.end_date,
    half_day_start: row.half_day_start === 1,
    half_day_end: row.half_day_end === 1,
    days: row.days,
    hours: row.hours,
  }
}

/** A request as the audit trail records it: the fields a person changes or decides, as the API shows them. */
export function auditSnapshot(row: LeaveRequestRow) {
  return {
    user_id: row.user_id,
    ...computedSnapshot(row),
    description: row.description,
    type: row.type,
    status: row.status,
    decided_by: row.decided_by,
    decided_at: row.decided_at !== null ? iso(row.decided_at) : null,
    decision_comment: row.decision_comment,
  }
}

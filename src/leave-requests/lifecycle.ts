// The leave lifecycle: who may see a request, who may act on it, and what each transition does.
// Pure functions of the caller and the request, so that the checks and `allowed_actions` agree.
// (State diagram: README.md, "The lifecycle".)
//
//   PENDING                --approve-->               APPROVED
//   PENDING                --reject-->                REJECTED
//   PENDING                --cancel (owner)-->        CANCELLED
//   APPROVED               --cancel (owner)-->        CANCELLATION_REQUESTED (or CANCELLED, see moveFor)
//   APPROVED               --cancel (admin)-->        CANCELLED
//   CANCELLATION_REQUESTED --approve-cancellation-->  CANCELLED
//   CANCELLATION_REQUESTED --reject-cancellation-->   APPROVED
import type { LeaveStatus, Role } from '../db/schema.js'
import type { Action, Transition } from './leave-requests.schemas.js'

export interface Caller {
  id: number
  role: Role
}

/** The facts about a request that its permissions depend on. */
export interface RequestFacts {
  user_id: number
  owner_manager_id: number | null
  status: LeaveStatus
  start: number
}

export type AuditAction =
  | 'created'
  | 'updated'
  | 'deleted'
  | 'approved'
  | 'rejected'
  | 'cancelled'
  | 'cancellation_requested'
  | 'cancellation_approved'
  | 'cancellation_rejected'

/** What an allowed transition does. */
export interface Move {
  from: LeaveStatus
  to: LeaveStatus
  audit: AuditAction
  /** An approver's decision: sets decided_by, decided_at and decision_comment. */
  decision: boolean
  /** Who hears about it by mail: the approvers, or the owner with what became of the request. */
  notify: 'approvers' | { owner: 'approved' | 'rejected' | 'cancelled' | 'cancellation_rejected' }
}

export interface LifecycleOptions {
  cancelApprovedNeedsApproval: boolean
  now: number
}

const isOwner = (c: Caller, r: RequestFacts) => c.id === r.user_id
/** The owner's manager or any admin, but never the owner, even an admin. */
const isApprover = (c: Caller, r: RequestFacts) => !isOwner(c, r) && (c.role === 'admin' || r.owner_manager_id === c.id)
const isOtherAdmin = (c: Caller, r: RequestFacts) => !isOwner(c, r) && c.role === 'admin'

/** Whoever may not see a request is told it does not exist. */
export function canSee(caller: Caller, request: Pick<RequestFacts, 'user_id' | 'owner_manager_id'>): boolean {
  return caller.id === request.user_id || caller.role === 'admin' || request.owner_manager_id === caller.id
}

/** Whether the caller may ever perform the action on this request, whatever its status (else 403). */
export function mayPerform(action: Action, caller: Caller, request: RequestFacts): boolean {
  switch (action) {
    case 'update':
    case 'delete':
      return isOwner(caller, request)
    case 'cancel':
      return isOwner(caller, request) || isOtherAdmin(caller, request)
    default:
      return isApprover(caller, request)
  }
}

/** The move a permitted transition makes from the request's current status, or null when there is none (409). */
export function moveFor(action: Transition, caller: Caller, request: RequestFacts, opts: LifecycleOptions): Move | null {
  const from = request.status
  const move = (to: LeaveStatus, audit: AuditAction, decision: boolean, notify: Move['notify']): Move => ({ from, to, audit, decision, notify })
  switch (action) {
    case 'approve':
      return from === 'PENDING' ? move('APPROVED', 'approved', true, { owner: 'approved' }) : null
    case 'reject':
      return from === 'PENDING' ? move('REJECTED', 'rejected', true, { owner: 'rejected' }) : null
    case 'approve-cancellation':
      return from === 'CANCELLATION_REQUESTED' ? move('CANCELLED', 'cancellation_approved', true, { owner: 'cancelled' }) : null
    case 'reject-cancellation':
      return from === 'CANCELLATION_REQUESTED' ? move('APPROVED', 'cancellation_rejected', true, { owner: 'cancellation_rejected' }) : null
    case 'cancel':
      // An admin cancelling someone's approved leave decides it; the owner withdrawing does not.
      if (!isOwner(caller, request)) return from === 'APPROVED' ? move('CANCELLED', 'cancelled', true, { owner: 'cancelled' }) : null
      if (from === 'PENDING') return move('CANCELLED', 'cancelled', false, { owner: 'cancelled' })
      if (from !== 'APPROVED') return null
      // Leave already taken, or approved leave when the approver must agree: ask rather than cancel.
      if (opts.cancelApprovedNeedsApproval || request.start <= opts.now) {
        return move('CANCELLATION_REQUESTED', 'cancellation_requested', false, 'approvers')
      }
      return move('CANCELLED', 'cancelled', false, { owner: 'cancelled' })
  }
}

const ACTION_ORDER: Action[] = ['update', 'delete', 'cancel', 'approve', 'reject', 'approve-cancellation', 'reject-cancellation']

/** What the caller may do right now: clients build their buttons from it. */
export function allowedActions(caller: Caller, request: RequestFacts): Action[] {
  // The options only choose between two outcomes of cancel, never whether it is allowed.
  const opts = { cancelApprovedNeedsApproval: true, now: 0 }
  return ACTION_ORDER.filter((action) => {
    if (!mayPerform(action, caller, request)) return false
    if (action === 'update' || action === 'delete') return request.status === 'PENDING'
    return moveFor(action, caller, request, opts) !== null
  })
}

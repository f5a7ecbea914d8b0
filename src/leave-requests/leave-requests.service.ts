// The rules of leave requests: who sees which, what may change, when periods collide, and the
// lifecycle's transitions, each in one transaction with its audit row and its mail.
import { changesBetween, toHistoryEntry } from '../audit/audit-trail.js'
import type { AuditRepository } from '../audit/audit.repository.js'
import type { Config } from '../config.js'
import type { DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import type { LeaveStatus, LeaveType } from '../db/schema.js'
import { ConflictError, NotFoundError, PermissionDeniedError, ValidationError } from '../errors.js'
import { DEFAULT_LIMIT, type Page } from '../http/paging.js'
import { isoTimestamp } from '../http/timestamps.js'
import { parseDateTime } from '../http/validation.js'
import type { MailOutboxRepository, OutgoingMail } from '../mail/mail-outbox.repository.js'
import { leaveAwaitingMail, leaveOutcomeMail, personName } from '../mail/templates.js'
import type { UserRow, UsersRepository } from '../users/users.repository.js'
import type { Audience, LeaveFilters, LeaveRequestRow, LeaveRequestsRepository, LeaveRequestView } from './leave-requests.repository.js'
import type { Action, Transition } from './leave-requests.schemas.js'
import { allowedActions, canSee, mayPerform, moveFor, type AuditAction, type Caller } from './lifecycle.js'

export interface LeaveInput {
  start?: string
  end?: string
  description?: string
  type?: LeaveType
  status?: LeaveStatus
}

export interface ListQuery {
  scope?: 'own' | 'team' | 'all'
  status?: LeaveStatus
  type?: LeaveType
  from?: string
  to?: string
  limit?: number
  offset?: number
}

export interface LeaveRequestsDeps {
  db: DB
  requests: LeaveRequestsRepository
  users: UsersRepository
  audit: AuditRepository
  outbox: MailOutboxRepository
  config: Pick<Config, 'appUrl' | 'cancelApprovedNeedsApproval'>
  /** Called after a commit that queued mail. */
  mailQueued: () => void
}

const iso = isoTimestamp

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
    allowed_actions: allowedActions(caller, view),
  }
}

export type LeaveRequestBody = ReturnType<typeof toLeaveRequest>

/** A request as the audit trail records it: the fields a person changes or decides, as the API shows them. */
function auditSnapshot(row: LeaveRequestRow) {
  return {
    user_id: row.user_id,
    start: iso(row.start),
    end: iso(row.end),
    description: row.description,
    type: row.type,
    status: row.status,
    decided_by: row.decided_by,
    decided_at: row.decided_at !== null ? iso(row.decided_at) : null,
    decision_comment: row.decision_comment,
  }
}

/** Schema validation has already checked the format; this only converts. */
function millis(value: string): number {
  const ms = parseDateTime(value)
  if (ms === null) throw new Error(`unvalidated date-time ${value}`)
  return ms
}

export class LeaveRequestsService {
  constructor(private readonly d: LeaveRequestsDeps) {}

  async list(caller: UserRow, query: ListQuery): Promise<Page<LeaveRequestBody>> {
    const scope = query.scope ?? 'own'
    let audience: Audience
    if (scope === 'own') audience = { kind: 'own', userId: caller.id }
    else if (scope === 'team' && caller.role !== 'employee') audience = { kind: 'team', managerId: caller.id }
    else if (scope === 'all' && caller.role === 'admin') audience = { kind: 'all' }
    else throw new PermissionDeniedError()
    const filters: LeaveFilters = { status: query.status, type: query.type }
    if (query.from !== undefined) filters.from = millis(query.from)
    if (query.to !== undefined) filters.to = millis(query.to)
    return this.page(caller, audience, filters, 'newest_start', query)
  }

  /** Requests waiting for the caller's decision; admins also get those nobody else can decide. */
  approvals(caller: UserRow, query: { limit?: number; offset?: number }): Promise<Page<LeaveRequestBody>> {
    const audience: Audience = { kind: 'awaiting', approverId: caller.id, withOrphans: caller.role === 'admin' }
    return this.page(caller, audience, {}, 'oldest_submission', query)
  }

  private async page(caller: UserRow, audience: Audience, filters: LeaveFilters, order: 'newest_start' | 'oldest_submission', query: { limit?: number; offset?: number }) {
    const limit = query.limit ?? DEFAULT_LIMIT
    const offset = query.offset ?? 0
    const { rows, total } = await this.d.requests.list(audience, filters, order, limit, offset)
    return { items: rows.map((row) => toLeaveRequest(row, caller)), total, limit, offset }
  }

  async get(caller: UserRow, id: number): Promise<LeaveRequestBody> {
    return toLeaveRequest(await this.visible(caller, id), caller)
  }

  async create(caller: UserRow, input: Required<Pick<LeaveInput, 'start' | 'end'>> & LeaveInput): Promise<LeaveRequestBody> {
    checkStatus(input.status, 'PENDING')
    const start = millis(input.start)
    const end = millis(input.end)
    checkPeriod(start, end)
    const view = await this.d.db.transaction().execute(async (trx) => {
      await this.d.users.lock(caller.id, trx)
      await this.checkOverlap(caller.id, start, end, null, trx)
      const row = await this.d.requests.insert(
        { user_id: caller.id, start, end, description: input.description ?? '', type: input.type ?? 'VACATION' },
        trx,
      )
      await this.record(caller, row.id, 'created', null, row, trx)
      const mails = (await this.approversOf(caller.id, caller.manager_id, trx)).map((approver) =>
        leaveAwaitingMail(approver.email, 'submitted', personName(caller), row, this.link(row.id)),
      )
      await this.enqueue(mails, trx)
      return this.reload(row.id, trx)
    })
    this.d.mailQueued()
    return toLeaveRequest(view, caller)
  }

  /** PUT and PATCH by the owner: fields left out keep their current value. */
  async update(caller: UserRow, id: number, input: LeaveInput): Promise<LeaveRequestBody> {
    const current = await this.visible(caller, id)
    this.authorize('update', caller, current)
    requirePending(current)
    checkStatus(input.status, current.status)
    const start = input.start !== undefined ? millis(input.start) : current.start
    const end = input.end !== undefined ? millis(input.end) : current.end
    checkPeriod(start, end)
    const view = await this.d.db.transaction().execute(async (trx) => {
      await this.d.users.lock(caller.id, trx)
      await this.checkOverlap(caller.id, start, end, id, trx)
      const updated = await this.d.requests.updateIfStatus(
        id,
        'PENDING',
        { start, end, description: input.description ?? current.description, type: input.type ?? current.type },
        trx,
      )
      if (!updated) throw notPending()
      await this.record(caller, id, 'updated', current, updated, trx)
      return this.reload(id, trx)
    })
    return toLeaveRequest(view, caller)
  }

  async remove(caller: UserRow, id: number): Promise<void> {
    const current = await this.visible(caller, id)
    this.authorize('delete', caller, current)
    requirePending(current)
    await this.d.db.transaction().execute(async (trx) => {
      await this.d.users.lock(current.user_id, trx)
      if (!(await this.d.requests.deleteIfStatus(id, 'PENDING', trx))) throw notPending()
      await this.record(caller, id, 'deleted', current, null, trx)
    })
  }

  /**
   * One step of the lifecycle. The update is conditional on the status read here, so of two
   * callers racing on the same request exactly one wins; the other gets 409.
   */
  async transition(caller: UserRow, id: number, action: Transition, comment?: string): Promise<LeaveRequestBody> {
    const current = await this.visible(caller, id)
    this.authorize(action, caller, current)
    const move = moveFor(action, caller, current, { cancelApprovedNeedsApproval: this.d.config.cancelApprovedNeedsApproval, now: Date.now() })
    if (!move) throw invalidTransition(action, current.status)
    const text = comment?.trim() ?? ''
    if (action === 'reject' && text === '') throw ValidationError.field('comment', 'This field may not be blank.')

    const view = await this.d.db.transaction().execute(async (trx) => {
      // Every write to a request locks its owner first: the trigger that bumps the owner's
      // leave_version (migration 0005) would otherwise take the two locks in the other order.
      await this.d.users.lock(current.user_id, trx)
      const decision = move.decision ? { decided_by: caller.id, decided_at: Date.now(), decision_comment: text } : {}
      const updated = await this.d.requests.updateIfStatus(id, move.from, { status: move.to, ...decision }, trx)
      if (!updated) throw invalidTransition(action, (await this.d.requests.findById(id, trx))?.status ?? move.from)
      await this.record(caller, id, move.audit, current, updated, trx)
      const owner = { email: current.owner_email, first_name: current.owner_first_name, last_name: current.owner_last_name }
      const mails =
        move.notify === 'approvers'
          ? (await this.approversOf(current.user_id, current.owner_manager_id, trx)).map((approver) =>
              leaveAwaitingMail(approver.email, 'cancellation_requested', personName(owner), updated, this.link(id)),
            )
          : [
              leaveOutcomeMail(
                owner.email,
                move.notify.owner,
                caller.id === current.user_id ? 'You' : personName(caller),
                move.decision ? text : '',
                updated,
                this.link(id),
              ),
            ]
      await this.enqueue(mails, trx)
      return this.reload(id, trx)
    })
    this.d.mailQueued()
    return toLeaveRequest(view, caller)
  }

  /**
   * The audit trail of a request, oldest first, for whoever may see the request. A deleted
   * request keeps its trail: its owner is then read from the "created" entry.
   */
  async history(caller: UserRow, id: number) {
    const [view, events] = await Promise.all([this.d.requests.findView(id), this.d.audit.listFor('leave_request', id)])
    let parties: Parameters<typeof canSee>[1] | undefined = view
    if (!parties) {
      const ownerId = events.find((e) => e.action === 'created')?.changes.user_id?.[1]
      const owner = typeof ownerId === 'number' ? await this.d.users.findById(ownerId) : undefined
      if (owner) parties = { user_id: owner.id, owner_manager_id: owner.manager_id }
    }
    if (!parties || !canSee(caller, parties)) throw new NotFoundError()
    return events.map(toHistoryEntry)
  }

  /** The request if the caller may see it; otherwise it does not exist, so ids reveal nothing. */
  private async visible(caller: UserRow, id: number): Promise<LeaveRequestView> {
    const view = await this.d.requests.findView(id)
    if (!view || !canSee(caller, view)) throw new NotFoundError()
    return view
  }

  private authorize(action: Action, caller: UserRow, request: LeaveRequestView): void {
    if (!mayPerform(action, caller, request)) throw new PermissionDeniedError()
  }

  private async reload(id: number, trx: Executor): Promise<LeaveRequestView> {
    const view = await this.d.requests.findView(id, trx)
    if (!view) throw new Error(`leave request ${id} vanished inside its own transaction`)
    return view
  }

  private record(actor: UserRow, id: number, action: AuditAction, before: LeaveRequestRow | null, after: LeaveRequestRow | null, trx: Executor) {
    const changes = changesBetween(before && auditSnapshot(before), after && auditSnapshot(after))
    // An update that changed nothing is not an event.
    if (action === 'updated' && Object.keys(changes).length === 0) return Promise.resolve()
    return this.d.audit.record({ actorId: actor.id, entity: 'leave_request', entityId: id, action, changes }, trx)
  }

  /** Who decides a user's requests: their manager while active, otherwise every admin but the user. */
  private async approversOf(ownerId: number, managerId: number | null, trx: Executor): Promise<UserRow[]> {
    const manager = managerId !== null ? await this.d.users.findById(managerId, trx) : undefined
    if (manager?.is_active) return [manager]
    return (await this.d.users.findActiveAdmins(trx)).filter((admin) => admin.id !== ownerId)
  }

  private async enqueue(mails: OutgoingMail[], trx: Executor): Promise<void> {
    for (const mail of mails) await this.d.outbox.enqueue(mail, trx)
  }

  private link(id: number): string {
    return `${this.d.config.appUrl}/leave-requests/${id}/`
  }

  private async checkOverlap(userId: number, start: number, end: number, excludeId: number | null, trx: Executor) {
    const other = await this.d.requests.findOverlap(userId, start, end, excludeId, trx)
    if (other !== undefined) throw ValidationError.object(`This request overlaps leave request ${other}.`)
  }
}

function notPending(): ConflictError {
  return new ConflictError('Only a pending leave request can be changed.', 'not_pending')
}

function invalidTransition(action: Transition, status: LeaveStatus): ConflictError {
  return new ConflictError(`A leave request that is ${status} cannot take "${action}".`, 'invalid_transition')
}

function requirePending(row: LeaveRequestRow): void {
  if (row.status !== 'PENDING') throw notPending()
}

/** The status is the server's to set: a client may only repeat the value it already has. */
function checkStatus(sent: LeaveStatus | undefined, allowed: LeaveStatus): void {
  if (sent !== undefined && sent !== allowed) throw ValidationError.field('status', 'Only an approver can change the status.')
}

function checkPeriod(start: number, end: number): void {
  if (end <= start) throw ValidationError.object('end must be after start')
}

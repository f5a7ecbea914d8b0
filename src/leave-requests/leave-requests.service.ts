// The rules of leave requests: who sees which, what may change, when periods collide, and the
// lifecycle's transitions, each in one transaction with its audit row and its mail.
import { changesBetween, toHistoryEntry } from '../audit/audit-trail.js'
import type { AuditRepository } from '../audit/audit.repository.js'
import type { Config } from '../config.js'
import type { DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import type { LeaveStatus } from '../db/schema.js'
import { ConflictError, NotFoundError, PermissionDeniedError, ValidationError, type FieldErrorMap } from '../errors.js'
import { DEFAULT_LIMIT, type Page } from '../http/paging.js'
import { isoTimestamp } from '../http/timestamps.js'
import type { MailOutboxRepository, OutgoingMail } from '../mail/mail-outbox.repository.js'
import { leaveAutoApprovedMail, leaveAwaitingMail, leaveOutcomeMail, personName } from '../mail/templates.js'
import type { UserRow, UsersRepository } from '../users/users.repository.js'
import type { BalanceBook } from '../balances/balance-book.js'
import type { EventSink, WebhookEvent } from '../webhooks/webhooks.service.js'
import type { Breach, MemberLeave } from '../coverage/coverage.js'
import { coverageConflict, type CoverageService } from '../coverage/coverage.service.js'
import { toDays } from '../balances/policy.js'
import { configVersionOf, type ConfigCache } from '../working-time/config-cache.js'
import { effectiveWorkingTime } from '../working-time/effective.js'
import { millis, periodForm, throwProblems, type Draft, type LeaveDrafts, type LeaveInput } from './leave-draft.js'
import { invalidChoice } from '../leave-types/leave-types.service.js'
import { type Audience, type LeaveFilters, type LeaveRequestRow, type LeaveRequestsRepository, type LeaveRequestView } from './leave-requests.repository.js'
import { auditSnapshot, toLeaveRequest, type LeaveRequestBody } from './leave-requests.representation.js'
import type { Action, Transition } from './leave-requests.schemas.js'
import { canSee, mayPerform, moveFor, type AuditAction } from './lifecycle.js'

export type { LeaveInput } from './leave-draft.js'
export { toLeaveRequest, type LeaveRequestBody } from './leave-requests.representation.js'

export interface ListQuery {
  scope?: 'own' | 'team' | 'all'
  status?: LeaveStatus
  type?: string
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
  drafts: LeaveDrafts
  book: BalanceBook
  coverage: CoverageService
  /** Webhook events, queued in the transaction of the change. */
  events: EventSink
  workingConfig: ConfigCache
  config: Pick<Config, 'appUrl' | 'cancelApprovedNeedsApproval'>
  /** Epoch ms now (app.ts: BuildOptions.clock). */
  clock: () => number
  /** Called after a commit that queued mail. */
  mailQueued: () => void
}

/** Why a new request is approved the moment it is filed, if it is. */
function autoApproval(draft: Draft, approvers: UserRow[], owner: UserRow): string | null {
  if (draft.type.requires_approval !== 1) return `Approved automatically: leave type ${draft.type.code} needs no approval.`
  // The owner is the only active admin and has no active manager: nobody else could ever decide it.
  if (approvers.length === 0 && owner.role === 'admin') return 'Approved automatically: nobody but its owner could approve it (no active manager, no other active admin).'
  return null
}

/** The stored form of a draft that has no problem. */
function computedValues(draft: Draft) {
  if (!draft.fields) throw new Error('a draft without problems has a period')
  return draft.fields
}

const summary = (user: UserRow) => ({ id: user.id, email: user.email, first_name: user.first_name, last_name: user.last_name })

/** Webhook payloads carry the representation an admin would get. */
const ADMIN_VIEW = { id: 0, role: 'admin' as const }

/** The webhook event of a lifecycle step. */
const EVENT_OF: Record<string, WebhookEvent> = {
  approved: 'leave.approved',
  rejected: 'leave.rejected',
  cancelled: 'leave.cancelled',
  cancellation_requested: 'leave.cancellation_requested',
  cancellation_approved: 'leave.cancelled',
  cancellation_rejected: 'leave.updated',
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
    if (query.type !== undefined) {
      const errors: FieldErrorMap = {}
      await this.addTypeError(caller, query.type, errors)
      if (errors.type) throw new ValidationError(errors)
    }
    const filters: LeaveFilters = { status: query.status, type: query.type }
    if (query.from !== undefined) filters.from = millis(query.from)
    if (query.to !== undefined) filters.to = millis(query.to)
    return this.page(caller, audience, filters, 'newest_start', query)
  }

  /**
   * Requests waiting for the caller's decision (admins also get those nobody else can decide), each
   * with the coverage rules it breaks.
   */
  async approvals(caller: UserRow, query: { limit?: number; offset?: number }): Promise<Page<LeaveRequestBody & { coverage: Breach[] }>> {
    const audience: Audience = { kind: 'awaiting', approverId: caller.id, withOrphans: caller.role === 'admin' }
    const limit = query.limit ?? DEFAULT_LIMIT
    const offset = query.offset ?? 0
    const { rows, total } = await this.d.requests.list(audience, {}, 'oldest_submission', limit, offset)
    const config = await this.d.workingConfig.get(configVersionOf(caller))
    const coverage = await this.d.coverage.forRequests(config, rows.map(leaveOf))
    return { items: rows.map((row) => ({ ...toLeaveRequest(row, caller), coverage: coverage.get(row.id) ?? [] })), total, limit, offset }
  }

  /** Whether a caller's approvals page may be served from the page cache: not while coverage rules exist. */
  async approvalsCacheable(caller: UserRow): Promise<boolean> {
    return !(await this.d.workingConfig.get(configVersionOf(caller))).hasCoverageRules
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

  async create(caller: UserRow, input: LeaveInput): Promise<LeaveRequestBody> {
    checkStatus(input.status, 'PENDING')
    let informed = false
    let emitted = false
    const view = await this.d.db.transaction().execute(async (trx) => {
      await this.d.users.lock(caller.id, trx)
      const draft = await this.d.drafts.build(caller, input, {}, trx)
      throwProblems(draft)
      let row = await this.d.requests.insert(
        { user_id: caller.id, ...computedValues(draft), description: input.description ?? '', type: draft.type.code },
        trx,
      )
      await this.record(caller, row.id, 'created', null, row, trx)
      const approvers = await this.approversOf(caller.id, caller.manager_id, trx)
      const automatic = autoApproval(draft, approvers, caller)
      if (automatic !== null) {
        const approved = await this.d.requests.updateIfStatus(row.id, 'PENDING', { status: 'APPROVED', decided_at: this.d.clock() }, trx)
        if (!approved) throw new Error(`leave request ${row.id} changed inside its own transaction`)
        await this.d.audit.record({ actorId: null, entity: 'leave_request', entityId: row.id, action: 'approved', changes: changesBetween(auditSnapshot(row), auditSnapshot(approved)), note: automatic }, trx)
        row = approved
      }
      await this.d.book.requestChanged(draft.config, { id: caller.id, timeZone: draft.time.timeZone }, null, row, automatic !== null ? 'approved automatically' : 'filed', null, trx)
      const mails = approvers.map((approver) =>
        automatic !== null
          ? leaveAutoApprovedMail(approver.email, personName(caller), row, this.link(row.id))
          : leaveAwaitingMail(approver.email, 'submitted', personName(caller), row, this.link(row.id)),
      )
      await this.enqueue(mails, trx)
      informed = mails.length > 0
      const view = await this.reload(row.id, trx)
      emitted = await this.d.events.emit('leave.created', toLeaveRequest(view, ADMIN_VIEW), trx)
      if (automatic !== null) emitted = (await this.d.events.emit('leave.approved', toLeaveRequest(view, ADMIN_VIEW), trx)) || emitted
      return view
    })
    if (informed) this.d.mailQueued()
    if (emitted) this.d.events.wake()
    return toLeaveRequest(view, caller)
  }

  /**
   * Adds to a body's schema errors what the service would also refuse: an unknown type code, a
   * missing period field. Only fields the schema check did not already fault are added.
   */
  async addBodyErrors(caller: UserRow, body: unknown, replace: boolean, errors: FieldErrorMap): Promise<void> {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return
    const input = body as LeaveInput
    try {
      periodForm(input, replace)
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err
      for (const [field, messages] of Object.entries(err.fields)) errors[field] ??= messages
    }
    await this.addTypeError(caller, input.type, errors)
  }

  /** An unknown leave-type code is an invalid choice (unless its field has an error already). */
  async addTypeError(caller: UserRow, code: unknown, errors: FieldErrorMap): Promise<void> {
    if (typeof code === 'string' && !errors.type && !(await this.d.drafts.typeExists(caller, code))) errors.type = [invalidChoice(code)]
  }

  /** What create would do with this body, explained day by day; writes nothing. */
  async preview(caller: UserRow, input: LeaveInput) {
    const draft = await this.d.drafts.build(caller, input)
    const approvers = await this.approversOf(caller.id, caller.manager_id, this.d.db)
    const automatic = autoApproval(draft, approvers, caller)
    const { period, instants, duration } = draft
    return {
      start: instants ? isoTimestamp(instants.start) : null,
      end: instants ? isoTimestamp(instants.end) : null,
      start_date: period?.start_date ?? null,
      end_date: period?.end_date ?? null,
      half_day_start: period?.half_day_start ?? false,
      half_day_end: period?.half_day_end ?? false,
      days: duration?.days ?? 0,
      hours: duration?.hours ?? 0,
      breakdown: duration?.breakdown ?? [],
      approvers: automatic === null ? approvers.map(summary) : [],
      requires_approval: automatic === null,
      coverage: draft.coverage,
      balance: draft.balance.map((fit) => ({
        type: fit.type,
        year: fit.year,
        available_before: toDays(fit.available_before),
        available_after: toDays(fit.available_after),
        allow_negative: toDays(fit.allow_negative),
      })),
      problems: draft.problems.map(({ code, message, request_id }) => (request_id !== undefined ? { code, message, request_id } : { code, message })),
    }
  }

  /** PUT and PATCH by the owner: fields left out keep their current value. */
  async update(caller: UserRow, id: number, input: LeaveInput, replace: boolean): Promise<LeaveRequestBody> {
    const current = await this.visible(caller, id)
    this.authorize('update', caller, current)
    requirePending(current)
    checkStatus(input.status, current.status)
    let emitted = false
    const view = await this.d.db.transaction().execute(async (trx) => {
      await this.d.users.lock(caller.id, trx)
      const stored = await this.pendingRow(id, trx)
      const draft = await this.d.drafts.build(caller, input, { current: stored, replace }, trx)
      throwProblems(draft)
      const updated = await this.d.requests.updateIfStatus(
        id,
        'PENDING',
        { ...computedValues(draft), description: input.description ?? stored.description, type: draft.type.code },
        trx,
      )
      if (!updated) throw notPending()
      await this.record(caller, id, 'updated', stored, updated, trx)
      await this.d.book.requestChanged(draft.config, { id: caller.id, timeZone: draft.time.timeZone }, stored, updated, 'changed', caller.id, trx)
      const view = await this.reload(id, trx)
      emitted = await this.d.events.emit('leave.updated', toLeaveRequest(view, ADMIN_VIEW), trx)
      return view
    })
    if (emitted) this.d.events.wake()
    return toLeaveRequest(view, caller)
  }

  async remove(caller: UserRow, id: number): Promise<void> {
    const current = await this.visible(caller, id)
    this.authorize('delete', caller, current)
    requirePending(current)
    let emitted = false
    await this.d.db.transaction().execute(async (trx) => {
      await this.d.users.lock(current.user_id, trx)
      const stored = await this.pendingRow(id, trx)
      if (!(await this.d.requests.deleteIfStatus(id, 'PENDING', trx))) throw notPending()
      await this.record(caller, id, 'deleted', stored, null, trx)
      const { config, owner } = await this.ownerContext(caller, current.user_id, trx)
      await this.d.book.requestChanged(config, owner, stored, null, 'deleted', caller.id, trx)
      emitted = await this.d.events.emit('leave.deleted', toLeaveRequest({ ...current, ...stored }, ADMIN_VIEW), trx)
    })
    if (emitted) this.d.events.wake()
  }

  /**
   * One step of the lifecycle. The update is conditional on the status read here, so of two
   * callers racing on the same request exactly one wins; the other gets 409.
   */
  async transition(caller: UserRow, id: number, action: Transition, comment?: string, overrideCoverage = false): Promise<LeaveRequestBody> {
    const current = await this.visible(caller, id)
    this.authorize(action, caller, current)
    const move = moveFor(action, caller, current, { cancelApprovedNeedsApproval: this.d.config.cancelApprovedNeedsApproval, now: this.d.clock() })
    if (!move) throw invalidTransition(action, current.status)
    const text = comment?.trim() ?? ''
    if (action === 'reject' && text === '') throw ValidationError.field('comment', 'This field may not be blank.')
    let emitted = false
    if (overrideCoverage && text === '') throw ValidationError.field('comment', 'Say why the coverage rule is overridden: a comment is required with override_coverage.')

    const view = await this.d.db.transaction().execute(async (trx) => {
      // Every write to a request locks its owner first: the trigger that bumps the owner's
      // leave_version (migration 0005) would otherwise take the two locks in the other order.
      await this.d.users.lock(current.user_id, trx)
      // Read again under the lock: what the balance books must be the row as it is now.
      const stored = await this.d.requests.findById(id, trx)
      if (!stored || stored.status !== move.from) throw invalidTransition(action, stored?.status ?? move.from)
      const { config, owner: booked } = await this.ownerContext(caller, current.user_id, trx)
      // The balance may have shrunk since the request was filed (a policy change, an adjustment).
      let note: string | null = null
      if (move.from === 'PENDING' && move.to === 'APPROVED') {
        await this.d.book.requireFit(config, booked, stored, stored, trx)
        const blocking = (await this.d.coverage.forRequest(config, stored.user_id, leaveOf(stored), trx)).filter((b) => b.mode === 'block')
        if (blocking.length > 0 && !overrideCoverage) throw coverageConflict(blocking[0]!)
        if (blocking.length > 0) {
          const broken = blocking.map((b) => `rule ${b.rule_id} (${b.group}: ${b.present} of ${b.min_present} present on ${b.date})`).join('; ')
          note = `Approved over the coverage rules it breaks: ${broken}. Reason: ${text}`
        }
      }
      const decision = move.decision ? { decided_by: caller.id, decided_at: this.d.clock(), decision_comment: text } : {}
      const updated = await this.d.requests.updateIfStatus(id, move.from, { status: move.to, ...decision }, trx)
      if (!updated) throw invalidTransition(action, (await this.d.requests.findById(id, trx))?.status ?? move.from)
      await this.record(caller, id, move.audit, stored, updated, trx, note)
      await this.d.book.requestChanged(config, booked, stored, updated, move.audit.replaceAll('_', ' '), caller.id, trx)
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
      const view = await this.reload(id, trx)
      const event = EVENT_OF[move.audit]
      if (event) emitted = await this.d.events.emit(event, toLeaveRequest(view, ADMIN_VIEW), trx)
      return view
    })
    this.d.mailQueued()
    if (emitted) this.d.events.wake()
    return toLeaveRequest(view, caller)
  }

  /**
   * The audit trail of a request, oldest first, for whoever may see the request. A deleted
   * request keeps its trail: its owner is then read from the entry that made it ("created", or
   * "imported" for a request brought over from the original API).
   */
  async history(caller: UserRow, id: number) {
    const [view, events] = await Promise.all([this.d.requests.findView(id), this.d.audit.listFor('leave_request', id)])
    let parties: Parameters<typeof canSee>[1] | undefined = view
    if (!parties) {
      const ownerId = events.find((e) => e.action === 'created' || e.action === 'imported')?.changes.user_id?.[1]
      const owner = typeof ownerId === 'number' ? await this.d.users.findById(ownerId) : undefined
      if (owner) parties = { user_id: owner.id, owner_manager_id: owner.manager_id }
    }
    if (!parties || !canSee(caller, parties)) throw new NotFoundError()
    return events.map(toHistoryEntry)
  }

  /** The request as it is inside the transaction (after its owner's lock), while it is pending. */
  private async pendingRow(id: number, trx: Executor): Promise<LeaveRequestRow> {
    const row = await this.d.requests.findById(id, trx)
    if (!row || row.status !== 'PENDING') throw notPending()
    return row
  }

  /** The working config and what the balance needs of a request's owner. */
  private async ownerContext(caller: UserRow, ownerId: number, trx: Executor) {
    const config = await this.d.workingConfig.get(configVersionOf(caller), trx)
    const row = ownerId === caller.id ? caller : await this.d.users.findById(ownerId, trx)
    if (!row) throw new Error(`the owner ${ownerId} of a request vanished inside a transaction`)
    const owner = { id: row.id, timeZone: effectiveWorkingTime(row, config.settings).timeZone, employmentStart: row.employment_start }
    return { config, owner }
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

  private record(actor: UserRow, id: number, action: AuditAction, before: LeaveRequestRow | null, after: LeaveRequestRow | null, trx: Executor, note: string | null = null) {
    const changes = changesBetween(before && auditSnapshot(before), after && auditSnapshot(after))
    // An update that changed nothing is not an event.
    if (action === 'updated' && Object.keys(changes).length === 0) return Promise.resolve()
    return this.d.audit.record({ actorId: actor.id, entity: 'leave_request', entityId: id, action, changes, note: note ?? undefined }, trx)
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
}

/** A request as coverage counts it. */
const leaveOf = (row: LeaveRequestRow): MemberLeave => ({ request_id: row.id, user_id: row.user_id, start_date: row.start_date, day_counts: JSON.parse(row.day_counts) as number[] })

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

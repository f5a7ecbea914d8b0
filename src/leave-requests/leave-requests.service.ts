// The rules of leave requests: who sees which, what may change, and when periods collide.
import type { DB } from '../db/database.js'
import type { LeaveStatus, LeaveType } from '../db/schema.js'
import { ConflictError, NotFoundError, ValidationError } from '../errors.js'
import { parseDateTime } from '../http/validation.js'
import type { UserRow, UsersRepository } from '../users/users.repository.js'
import type { LeaveFilters, LeaveRequestRow, LeaveRequestsRepository } from './leave-requests.repository.js'

export interface LeaveInput {
  start?: string
  end?: string
  description?: string
  type?: LeaveType
  status?: LeaveStatus
}

export interface ListQuery {
  status?: LeaveStatus
  type?: LeaveType
  from?: string
  to?: string
  limit?: number
  offset?: number
}

const iso = (ms: number) => new Date(ms).toISOString()

export function toLeaveRequest(row: LeaveRequestRow) {
  return {
    id: row.id,
    start: iso(row.start),
    end: iso(row.end),
    description: row.description,
    type: row.type,
    status: row.status,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  }
}

/** Schema validation has already checked the format; this only converts. */
function millis(value: string): number {
  const ms = parseDateTime(value)
  if (ms === null) throw new Error(`unvalidated date-time ${value}`)
  return ms
}

export class LeaveRequestsService {
  constructor(
    private readonly db: DB,
    private readonly requests: LeaveRequestsRepository,
    private readonly users: UsersRepository,
  ) {}

  async list(user: UserRow, query: ListQuery) {
    const filters: LeaveFilters = { status: query.status, type: query.type }
    if (query.from !== undefined) filters.from = millis(query.from)
    if (query.to !== undefined) filters.to = millis(query.to)
    const limit = query.limit ?? 100
    const offset = query.offset ?? 0
    const { rows, total } = await this.requests.listForUser(user.id, filters, limit, offset)
    return { items: rows.map(toLeaveRequest), total, limit, offset }
  }

  /** Another user's request is reported as missing, so ids reveal nothing. */
  async getOwned(user: UserRow, id: number): Promise<LeaveRequestRow> {
    const row = await this.requests.findById(id)
    if (!row || row.user_id !== user.id) throw new NotFoundError()
    return row
  }

  async create(user: UserRow, input: Required<Pick<LeaveInput, 'start' | 'end'>> & LeaveInput): Promise<LeaveRequestRow> {
    checkStatus(input.status, 'PENDING')
    const start = millis(input.start)
    const end = millis(input.end)
    checkPeriod(start, end)
    return this.db.transaction().execute(async (trx) => {
      await this.users.lock(user.id, trx)
      await this.checkOverlap(user.id, start, end, null, trx)
      return this.requests.insert(
        { user_id: user.id, start, end, description: input.description ?? '', type: input.type ?? 'VACATION' },
        trx,
      )
    })
  }

  /** PUT and PATCH: fields left out keep their current value. */
  async update(user: UserRow, id: number, input: LeaveInput): Promise<LeaveRequestRow> {
    const current = await this.getOwned(user, id)
    requirePending(current)
    checkStatus(input.status, current.status)
    const start = input.start !== undefined ? millis(input.start) : current.start
    const end = input.end !== undefined ? millis(input.end) : current.end
    checkPeriod(start, end)
    return this.db.transaction().execute(async (trx) => {
      await this.users.lock(user.id, trx)
      await this.checkOverlap(user.id, start, end, id, trx)
      const updated = await this.requests.updateIfStatus(
        id,
        'PENDING',
        { start, end, description: input.description ?? current.description, type: input.type ?? current.type },
        trx,
      )
      if (!updated) throw notPending()
      return updated
    })
  }

  async remove(user: UserRow, id: number): Promise<void> {
    const current = await this.getOwned(user, id)
    requirePending(current)
    const deleted = await this.db.transaction().execute((trx) => this.requests.deleteIfStatus(id, 'PENDING', trx))
    if (!deleted) throw notPending()
  }

  private async checkOverlap(userId: number, start: number, end: number, excludeId: number | null, trx: Parameters<LeaveRequestsRepository['findOverlap']>[4]) {
    const other = await this.requests.findOverlap(userId, start, end, excludeId, trx)
    if (other !== undefined) throw ValidationError.object(`This request overlaps leave request ${other}.`)
  }
}

function notPending(): ConflictError {
  return new ConflictError('Only a pending leave request can be changed.', 'not_pending')
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

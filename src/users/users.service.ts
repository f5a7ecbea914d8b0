// People administration (admins only): accounts, roles, managers, activation and invitations.
// Every change writes an audit row in its own transaction.
import { randomBytes } from 'node:crypto'
import { changesBetween } from '../audit/audit-trail.js'
import type { AuditRepository } from '../audit/audit.repository.js'
import { generateResetToken, sha256 } from '../auth/auth.service.js'
import { hashPassword } from '../auth/passwords.js'
import type { ResetTokensRepository } from '../auth/reset-tokens.repository.js'
import type { Config } from '../config.js'
import { isUniqueViolation, type DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import type { Role } from '../db/schema.js'
import { ConflictError, NotFoundError, PermissionDeniedError, ValidationError, type FieldErrorMap } from '../errors.js'
import { DEFAULT_LIMIT, type Page } from '../http/paging.js'
import { parseId } from '../http/schemas.js'
import type { MailOutboxRepository } from '../mail/mail-outbox.repository.js'
import { invitationMail, personName } from '../mail/templates.js'
import type { UserChanges, UserRow, UsersRepository } from './users.repository.js'
import { isoTimestamp } from '../http/timestamps.js'
import type { DurationRecompute } from '../leave-requests/recompute.js'
import type { EventSink, WebhookEvent } from '../webhooks/webhooks.service.js'
import type { CompanySettings, SettingsRepository } from '../settings/settings.repository.js'
import type { WorkWeek } from '../working-time/duration.js'
import { parseWorkWeek, sameWorkWeek, serializeWorkWeek } from '../working-time/effective.js'
import type { HolidaySource } from '../working-time/holidays.js'
import { checkRegion, checkTimeZone } from '../working-time/working-time.checks.js'
import { workingTimeFields } from './working-time-fields.js'

export interface UsersDeps {
  db: DB
  users: UsersRepository
  resetTokens: ResetTokensRepository
  audit: AuditRepository
  outbox: MailOutboxRepository
  settings: SettingsRepository
  holidays: HolidaySource
  recompute: DurationRecompute
  config: Pick<Config, 'appUrl' | 'inviteTokenLifetime'>
  /** Called after a commit that queued mail. */
  mailQueued: () => void
  /** Webhook events (user.created, user.updated, user.deactivated), queued in the transaction of the change. */
  events: EventSink
}

const USER_EVENTS: Record<string, WebhookEvent> = { created: 'user.created', updated: 'user.updated', activated: 'user.updated', deactivated: 'user.deactivated' }

export interface UserListQuery {
  role?: Role
  is_active?: boolean
  q?: string
  limit?: number
  offset?: number
}

export interface NewUserInput {
  email: string
  first_name: string
  last_name: string
  role?: Role
  manager_id?: number | null
}

export interface UserPatchInput {
  email?: string
  first_name?: string
  last_name?: string
  preferred_name?: string
  role?: Role
  manager_id?: number | null
  time_zone?: string | null
  holiday_region?: string | null
  work_week?: WorkWeek | null
  employment_start?: string | null
}

export function toUser(row: UserRow, settings: CompanySettings) {
  return {
    id: row.id,
    email: row.email,
    first_name: row.first_name,
    last_name: row.last_name,
    preferred_name: row.preferred_name,
    gender: row.gender,
    birth_date: row.birth_date,
    role: row.role,
    manager_id: row.manager_id,
    is_active: row.is_active === 1,
    created_at: isoTimestamp(row.created_at),
    ...workingTimeFields(row, settings),
  }
}

export type UserBody = ReturnType<typeof toUser>

/** The fields an admin manages, as the audit trail records them (for accounts made by setup too). */
export function auditSnapshot(row: UserRow) {
  return {
    email: row.email,
    first_name: row.first_name,
    last_name: row.last_name,
    preferred_name: row.preferred_name,
    role: row.role,
    manager_id: row.manager_id,
    is_active: row.is_active === 1,
    time_zone: row.time_zone,
    holiday_region: row.holiday_region,
    work_week: row.work_week !== null ? parseWorkWeek(row.work_week) : null,
    employment_start: row.employment_start,
  }
}

/** The fields whose change alters the working time of the user's requests. */
const WORKING_TIME_FIELDS = ['time_zone', 'holiday_region', 'work_week'] as const

/** The people API is for admins only; checked before the body is read, as DRF checks permissions first. */
export function requireAdmin(user: UserRow): void {
  if (user.role !== 'admin') throw new PermissionDeniedError()
}

const EMAIL_TAKEN = 'A user with this email already exists.'

export class UsersService {
  constructor(private readonly d: UsersDeps) {}

  async list(query: UserListQuery): Promise<Page<UserBody>> {
    const limit = query.limit ?? DEFAULT_LIMIT
    const offset = query.offset ?? 0
    const [{ rows, total }, settings] = await Promise.all([
      this.d.users.list({ role: query.role, isActive: query.is_active, q: query.q?.trim() || undefined }, limit, offset),
      this.d.settings.get(),
    ])
    return { items: rows.map((row) => toUser(row, settings)), total, limit, offset }
  }

  async get(id: number): Promise<UserBody> {
    return this.show(await this.existing(id))
  }

  private async show(row: UserRow): Promise<UserBody> {
    return toUser(row, await this.d.settings.get())
  }

  /** Creates the account without a usable password and mails an invitation to choose one. */
  async invite(admin: UserRow, input: NewUserInput): Promise<UserBody> {
    const email = input.email.trim().toLowerCase()
    // A random secret nobody knows: the account is unusable until the invitation is accepted,
    // and signing in with it costs the same time as with any other account.
    const passwordHash = await hashPassword(randomBytes(32).toString('hex'))
    const token = generateResetToken()
    const user = await this.d.db.transaction().execute(async (trx) => {
      const errors: FieldErrorMap = {}
      if (await this.d.users.emailTaken(email, null, trx)) errors.email = [EMAIL_TAKEN]
      const managerId = input.manager_id ?? null
      if (managerId !== null) await this.checkManager(null, managerId, errors, trx)
      throwIfAny(errors)
      const created = await this.d.users
        .insert({ email, password_hash: passwordHash, first_name: input.first_name, last_name: input.last_name, role: input.role, manager_id: managerId }, trx)
        .catch(rethrowEmailTaken)
      await this.record(admin, created.id, 'created', null, created, trx)
      const lifetime = this.d.config.inviteTokenLifetime
      await this.d.resetTokens.replace(created.id, sha256(token), Date.now() + lifetime * 1000, trx)
      const link = `${this.d.config.appUrl}/set-password/?token=${token}`
      await this.d.outbox.enqueue(invitationMail(created.email, personName(admin), link, lifetime), trx)
      return created
    })
    this.d.mailQueued()
    this.d.events.wake()
    return this.show(user)
  }

  async update(admin: UserRow, id: number, input: UserPatchInput): Promise<UserBody> {
    const updated = await this.d.db.transaction().execute(async (trx) => {
      const current = await this.existing(id, trx)
      const changes: UserChanges = {}
      for (const key of ['first_name', 'last_name', 'preferred_name', 'role'] as const) {
        if (input[key] !== undefined && input[key] !== current[key]) (changes as Record<string, unknown>)[key] = input[key]
      }
      const errors: FieldErrorMap = {}
      const email = input.email?.trim().toLowerCase()
      if (email !== undefined && email !== current.email) {
        if (await this.d.users.emailTaken(email, id, trx)) errors.email = [EMAIL_TAKEN]
        changes.email = email
      }
      if (input.manager_id !== undefined && input.manager_id !== current.manager_id) {
        if (input.manager_id !== null) await this.checkManager(id, input.manager_id, errors, trx)
        changes.manager_id = input.manager_id
      }
      this.workingTimeChanges(current, input, changes, errors)
      throwIfAny(errors)
      if (changes.role !== undefined && current.role === 'admin') await this.keepAnAdmin(current, trx)
      if (Object.keys(changes).length === 0) return current
      const row = (await this.d.users.update(id, changes, trx).catch(rethrowEmailTaken)) ?? current
      await this.record(admin, id, 'updated', current, row, trx)
      const changed = WORKING_TIME_FIELDS.filter((field) => field in changes)
      if (changed.length > 0) await this.d.recompute.run({ userId: id }, admin.id, `Working time of the owner changed: ${changed.join(', ')}.`, trx)
      return row
    })
    this.d.events.wake()
    return this.show(updated)
  }

  /** Adds the working-time fields that differ to `changes`, and what is wrong with them to `errors`. */
  private workingTimeChanges(current: UserRow, input: UserPatchInput, changes: UserChanges, errors: FieldErrorMap): void {
    if (input.time_zone !== undefined && input.time_zone !== current.time_zone) {
      if (input.time_zone !== null) checkTimeZone('time_zone', input.time_zone, errors)
      changes.time_zone = input.time_zone
    }
    if (input.holiday_region !== undefined && input.holiday_region !== current.holiday_region) {
      if (input.holiday_region !== null) checkRegion('holiday_region', input.holiday_region, this.d.holidays, errors)
      changes.holiday_region = input.holiday_region
    }
    if (input.work_week !== undefined) {
      const before = current.work_week !== null ? parseWorkWeek(current.work_week) : null
      const same = input.work_week === null ? before === null : before !== null && sameWorkWeek(before, input.work_week)
      if (!same) changes.work_week = input.work_week === null ? null : serializeWorkWeek(input.work_week)
    }
    if (input.employment_start !== undefined && input.employment_start !== current.employment_start) {
      changes.employment_start = input.employment_start
    }
  }

  /** Deactivating ends the user's sessions at once. Both directions are idempotent. */
  async setActive(admin: UserRow, id: number, active: boolean): Promise<UserBody> {
    const result = await this.d.db.transaction().execute(async (trx) => {
      const current = await this.existing(id, trx)
      if ((current.is_active === 1) === active) return current
      if (!active) await this.keepAnAdmin(current, trx)
      const row = active ? await this.d.users.update(id, { is_active: 1 }, trx) : await this.d.users.deactivate(id, trx)
      if (!row) throw new NotFoundError()
      await this.record(admin, id, active ? 'activated' : 'deactivated', current, row, trx)
      return row
    })
    this.d.events.wake()
    return this.show(result)
  }

  private async existing(id: number, ex?: Executor): Promise<UserRow> {
    const user = await this.d.users.findById(id, ex)
    if (!user) throw new NotFoundError()
    return user
  }

  /**
   * Refuses to demote or deactivate the last active admin. The admins' rows stay locked until the
   * transaction ends, so two admins demoting each other at once cannot both succeed.
   */
  private async keepAnAdmin(user: UserRow, trx: Executor): Promise<void> {
    if (user.role !== 'admin' || user.is_active !== 1) return
    const admins = await this.d.users.lockActiveAdmins(trx)
    if (admins.every((adminId) => adminId === user.id)) {
      throw new ConflictError('The last active admin cannot be demoted or deactivated.', 'last_admin')
    }
  }

  /**
   * A manager must be another active user, and not someone below the user (that would be a cycle).
   * Locking both rows (in id order, against deadlocks) serialises concurrent manager changes that
   * could together close a cycle, and keeps the manager from being deactivated meanwhile.
   */
  private async checkManager(userId: number | null, managerId: number, errors: FieldErrorMap, trx: Executor): Promise<void> {
    const fail = (message: string) => void (errors.manager_id = [message])
    if (managerId === userId) return fail('A user cannot be their own manager.')
    if (parseId(String(managerId)) === null) return fail(`Invalid pk "${managerId}" - object does not exist.`)
    for (const lockId of [userId, managerId].filter((x): x is number => x !== null).sort((a, b) => a - b)) {
      await this.d.users.lock(lockId, trx)
    }
    const manager = await this.d.users.findById(managerId, trx)
    if (!manager) return fail(`Invalid pk "${managerId}" - object does not exist.`)
    if (manager.is_active !== 1) return fail('This user is not active.')
    if (userId !== null && (await this.d.users.managerChain(managerId, trx)).includes(userId)) {
      return fail('This user reports to the user being changed: that would make a management cycle.')
    }
  }

  private async record(admin: UserRow, id: number, action: string, before: UserRow | null, after: UserRow, trx: Executor): Promise<void> {
    const changes = changesBetween(before && auditSnapshot(before), auditSnapshot(after))
    await this.d.audit.record({ actorId: admin.id, entity: 'user', entityId: id, action, changes }, trx)
    const event = USER_EVENTS[action]
    if (event) await this.d.events.emit(event, toUser(after, await this.d.settings.get(trx)), trx)
  }
}

function throwIfAny(errors: FieldErrorMap): void {
  if (Object.keys(errors).length > 0) throw new ValidationError(errors)
}

/** Two requests claiming the same email at once: the database's unique index decides. */
function rethrowEmailTaken(err: unknown): never {
  if (isUniqueViolation(err)) throw ValidationError.field('email', EMAIL_TAKEN)
  throw err
}

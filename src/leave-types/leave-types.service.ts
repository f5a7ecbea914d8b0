// Leave types as data: admins add and change them; a code never changes and a type is never deleted,
// only retired (active: false), so every old request keeps naming a type that exists.
import { changesBetween } from '../audit/audit-trail.js'
import type { AuditRepository } from '../audit/audit.repository.js'
import { isUniqueViolation, type DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import { ConflictError, NotFoundError, ValidationError } from '../errors.js'
import { isMonthDay } from '../working-time/calendar.js'
import type { UserRow } from '../users/users.repository.js'
import type { LeaveTypeChanges, LeaveTypeRow, LeaveTypesRepository } from './leave-types.repository.js'

export function toLeaveType(row: LeaveTypeRow) {
  return {
    code: row.code,
    name: row.name,
    unit: row.unit,
    requires_approval: row.requires_approval === 1,
    counts_against_balance: row.counts_against_balance === 1,
    color: row.color,
    active: row.active === 1,
    annual_allowance: row.annual_allowance,
    accrual: row.accrual,
    carry_over_max: row.carry_over_max,
    carry_over_expires: row.carry_over_expires,
    allow_negative: row.allow_negative,
  }
}

const POLICY_FIELDS = ['annual_allowance', 'accrual', 'carry_over_max', 'carry_over_expires', 'allow_negative'] as const
type PolicyFields = Pick<LeaveTypeRow, (typeof POLICY_FIELDS)[number]>
const DEFAULT_POLICY: PolicyFields = { annual_allowance: 0, accrual: 'yearly', carry_over_max: null, carry_over_expires: null, allow_negative: 0 }

export type LeaveTypeBody = ReturnType<typeof toLeaveType>

export interface LeaveTypeInput {
  name?: string
  unit?: 'day' | 'hour'
  requires_approval?: boolean
  counts_against_balance?: boolean
  color?: string
  active?: boolean
  annual_allowance?: number
  accrual?: 'yearly' | 'monthly'
  carry_over_max?: number | null
  carry_over_expires?: string | null
  allow_negative?: number
}

/** What a policy change must also do: date it, and recount what draws on carried days when the expiry moves. */
export interface PolicyHooks {
  /** Today in the company's zone: a version is in force from the day it is made. */
  today(): Promise<string>
  expiryChanged(type: string, today: string, trx: Executor): Promise<void>
}

function checkPolicy(input: LeaveTypeInput): void {
  if (input.carry_over_expires != null && !isMonthDay(input.carry_over_expires)) {
    throw ValidationError.field('carry_over_expires', 'Use MM-DD naming a day every year has (not 02-29).')
  }
}

const DEFAULT_COLOR = '#64748B'

export const invalidChoice = (code: string) => `"${code}" is not a valid choice.`

export class LeaveTypesService {
  constructor(
    private readonly db: DB,
    private readonly types: LeaveTypesRepository,
    private readonly audit: AuditRepository,
    private readonly typeInUse: (code: string, ex: Executor) => Promise<boolean>,
    private readonly policy: PolicyHooks,
  ) {}

  async list(): Promise<LeaveTypeBody[]> {
    return (await this.types.list()).map(toLeaveType)
  }

  async get(code: string): Promise<LeaveTypeBody> {
    const row = await this.types.findByCode(code)
    if (!row) throw new NotFoundError()
    return toLeaveType(row)
  }

  async create(admin: UserRow, input: LeaveTypeInput & { code: string; name: string }): Promise<LeaveTypeBody> {
    checkPolicy(input)
    const today = await this.policy.today()
    const row = await this.db.transaction().execute(async (trx) => {
      const policy: PolicyFields = { ...DEFAULT_POLICY }
      for (const key of POLICY_FIELDS) if (input[key] !== undefined) (policy as Record<string, unknown>)[key] = input[key]
      const created = await this.types
        .insert(
          {
            code: input.code,
            name: input.name.trim(),
            unit: input.unit ?? 'day',
            requires_approval: input.requires_approval === false ? 0 : 1,
            counts_against_balance: input.counts_against_balance ? 1 : 0,
            color: (input.color ?? DEFAULT_COLOR).toUpperCase(),
            active: input.active === false ? 0 : 1,
            ...policy,
          },
          trx,
        )
        .catch((err: unknown) => {
          if (isUniqueViolation(err)) throw ValidationError.field('code', 'A leave type with this code already exists.')
          throw err
        })
      // Its history starts today: a type created now grants nothing in past years.
      await this.types.addPolicy({ type: created.code, effective_from: today, ...policy }, trx)
      await this.audit.record({ actorId: admin.id, entity: 'leave_type', entityId: created.id, action: 'created', changes: changesBetween(null, toLeaveType(created)) }, trx)
      return created
    })
    return toLeaveType(row)
  }

  async update(admin: UserRow, code: string, input: LeaveTypeInput): Promise<LeaveTypeBody> {
    checkPolicy(input)
    const today = await this.policy.today()
    const row = await this.db.transaction().execute(async (trx) => {
      const current = await this.types.findByCode(code, trx)
      if (!current) throw new NotFoundError()
      const changes: LeaveTypeChanges = {}
      if (input.name !== undefined && input.name.trim() !== current.name) changes.name = input.name.trim()
      if (input.color !== undefined && input.color.toUpperCase() !== current.color) changes.color = input.color.toUpperCase()
      for (const key of ['requires_approval', 'counts_against_balance', 'active'] as const) {
        const value = input[key]
        if (value !== undefined && (value ? 1 : 0) !== current[key]) changes[key] = value ? 1 : 0
      }
      if (input.unit !== undefined && input.unit !== current.unit) {
        // Hours and days are not convertible after the fact: stored durations would lie.
        if (await this.typeInUse(code, trx)) {
          throw new ConflictError('The unit of a leave type that requests use cannot change; add a new type instead.', 'type_in_use')
        }
        changes.unit = input.unit
      }
      for (const key of POLICY_FIELDS) {
        if (input[key] !== undefined && input[key] !== current[key]) (changes as Record<string, unknown>)[key] = input[key]
      }
      if (Object.keys(changes).length === 0) return current
      const updated = (await this.types.update(code, changes, trx)) ?? current
      if (POLICY_FIELDS.some((key) => key in changes)) {
        // In force from today: the current and later leave years take it, ended ones keep theirs.
        const policy = Object.fromEntries(POLICY_FIELDS.map((key) => [key, updated[key]])) as PolicyFields
        await this.types.addPolicy({ type: code, effective_from: today, ...policy }, trx)
        if ('carry_over_expires' in changes) await this.policy.expiryChanged(code, today, trx)
      }
      await this.audit.record(
        { actorId: admin.id, entity: 'leave_type', entityId: current.id, action: 'updated', changes: changesBetween(toLeaveType(current), toLeaveType(updated)) },
        trx,
      )
      return updated
    })
    return toLeaveType(row)
  }

  /** The type a request names, or undefined when no type has that code. */
  find(code: string): Promise<LeaveTypeRow | undefined> {
    return this.types.findByCode(code)
  }
}

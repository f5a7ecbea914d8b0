// Coverage rules: admins keep groups of people and rules of how many of a group must be present. A
// request that would break a rule shows it in the preview; a block rule refuses it (409 coverage)
// and refuses its approval unless the approver overrides it with a reason.
import { parallel } from '../db/parallel.js'
import type { AuditRepository } from '../audit/audit.repository.js'
import { changesBetween } from '../audit/audit-trail.js'
import { isUniqueViolation, type DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import type { CoverageMode } from '../db/schema.js'
import { ConflictError, NotFoundError, ValidationError } from '../errors.js'
import type { UserRow } from '../users/users.repository.js'
import type { WorkingConfig } from '../working-time/config-cache.js'
import type { HolidayLookup } from '../working-time/duration.js'
import { effectiveWorkingTime } from '../working-time/effective.js'
import type { WorkingTimeService } from '../working-time/working-time.service.js'
import { eachDate } from '../working-time/calendar.js'
import { absenceShares, breaches, leaveDates, type Breach, type CoverageMember, type CoverageRule, type MemberLeave } from './coverage.js'
import type { CoverageRepository, GroupRow, RuleScope } from './coverage.repository.js'

export interface GroupInput {
  name?: string
  member_ids?: number[]
}

export interface RuleInput {
  group_id?: number
  min_present?: number
  mode?: CoverageMode
}

const toRule = (row: { id: number; group_id: number; min_present: number; mode: CoverageMode }) => ({ id: row.id, group_id: row.group_id, min_present: row.min_present, mode: row.mode })

export class CoverageService {
  constructor(
    private readonly db: DB,
    private readonly repo: CoverageRepository,
    private readonly audit: AuditRepository,
    private readonly workingTime: WorkingTimeService,
  ) {}

  groups(): Promise<GroupRow[]> {
    return this.repo.groups()
  }

  async createGroup(admin: UserRow, input: Required<GroupInput>): Promise<GroupRow> {
    const members = await this.checkMembers(input.member_ids)
    return this.db.transaction().execute(async (trx) => {
      const id = await this.repo.insertGroup(input.name.trim(), trx).catch(nameTaken)
      await this.repo.setMembers(id, members, trx)
      const group = (await this.repo.group(id, trx))!
      await this.audit.record({ actorId: admin.id, entity: 'group', entityId: id, action: 'created', changes: changesBetween(null, group) }, trx)
      return group
    })
  }

  async updateGroup(admin: UserRow, id: number, input: GroupInput): Promise<GroupRow> {
    const members = input.member_ids === undefined ? undefined : await this.checkMembers(input.member_ids)
    return this.db.transaction().execute(async (trx) => {
      const current = await this.repo.group(id, trx)
      if (!current) throw new NotFoundError()
      if (input.name !== undefined && input.name.trim() !== current.name) await this.repo.renameGroup(id, input.name.trim(), trx).catch(nameTaken)
      if (members !== undefined) await this.repo.setMembers(id, members, trx)
      const updated = (await this.repo.group(id, trx))!
      const changes = changesBetween(current, updated)
      if (Object.keys(changes).length > 0) await this.audit.record({ actorId: admin.id, entity: 'group', entityId: id, action: 'updated', changes }, trx)
      return updated
    })
  }

  async deleteGroup(admin: UserRow, id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const current = await this.repo.group(id, trx)
      if (!current || !(await this.repo.deleteGroup(id, trx))) throw new NotFoundError()
      await this.audit.record({ actorId: admin.id, entity: 'group', entityId: id, action: 'deleted', changes: changesBetween(current, null) }, trx)
    })
  }

  async rules() {
    return (await this.repo.rules({ kind: 'all' })).map(toRule)
  }

  async createRule(admin: UserRow, input: Required<RuleInput>) {
    return this.db.transaction().execute(async (trx) => {
      await this.requireGroup(input.group_id, trx)
      const id = await this.repo.insertRule(input, trx)
      const rule = toRule({ id, ...input })
      await this.audit.record({ actorId: admin.id, entity: 'coverage_rule', entityId: id, action: 'created', changes: changesBetween(null, rule) }, trx)
      return rule
    })
  }

  async updateRule(admin: UserRow, id: number, input: RuleInput) {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.repo.rule(id, trx)
      if (!row) throw new NotFoundError()
      if (input.group_id !== undefined) await this.requireGroup(input.group_id, trx)
      const current = toRule(row)
      const next = { ...current, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) }
      const changes = changesBetween(current, next)
      if (Object.keys(changes).length === 0) return current
      await this.repo.updateRule(id, input, trx)
      await this.audit.record({ actorId: admin.id, entity: 'coverage_rule', entityId: id, action: 'updated', changes }, trx)
      return next
    })
  }

  async deleteRule(admin: UserRow, id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await this.repo.rule(id, trx)
      if (!row || !(await this.repo.deleteRule(id, trx))) throw new NotFoundError()
      await this.audit.record({ actorId: admin.id, entity: 'coverage_rule', entityId: id, action: 'deleted', changes: changesBetween(toRule(row), null) }, trx)
    })
  }

  /**
   * The breaches a request of `owner` would cause on its own dates: `leave` is the request as it
   * would be (replacing the stored one of the same id, if any), in the rules its owner is a member of.
   */
  async forRequest(config: WorkingConfig, ownerId: number, leave: MemberLeave, ex?: Executor): Promise<Breach[]> {
    const dates = leaveDates(leave)
    // The working config knows whether any rule exists: without one, a request costs no query here.
    if (dates.length === 0 || !config.hasCoverageRules) return []
    const rules = await this.repo.rules({ kind: 'member', userId: ownerId }, ex)
    return this.evaluate(config, rules, dates, [leave], ex)
  }

  /** For a page of requests (the approvals list): the breaches of each, in three queries for the page. */
  async forRequests(config: WorkingConfig, requests: readonly MemberLeave[]): Promise<Map<number, Breach[]>> {
    const out = new Map<number, Breach[]>()
    const withDates = requests.filter((r) => leaveDates(r).length > 0)
    if (withDates.length === 0 || !config.hasCoverageRules) return out
    const rules = await this.repo.rules({ kind: 'all' })
    const relevant = rules.filter((rule) => withDates.some((r) => rule.member_ids.includes(r.user_id)))
    const dates = [...new Set(withDates.flatMap(leaveDates))].sort()
    const context = await this.context(config, relevant, dates[0]!, dates[dates.length - 1]!)
    for (const r of withDates) {
      const own = new Set(leaveDates(r))
      const mine = relevant.filter((rule) => rule.member_ids.includes(r.user_id))
      out.set(r.request_id, mine.flatMap((rule) => breaches(rule, context.members, context.shares, [...own].sort())))
    }
    return out
  }

  /** Broken rules in a calendar window, for those who may see rules: admins all, managers those of their people. */
  async inWindow(config: WorkingConfig, viewer: UserRow, from: string, to: string): Promise<Breach[]> {
    const scope: RuleScope | null = viewer.role === 'admin' ? { kind: 'all' } : viewer.role === 'manager' ? { kind: 'managed', managerId: viewer.id } : null
    if (!scope || !config.hasCoverageRules) return []
    const rules = await this.repo.rules(scope)
    if (rules.length === 0) return []
    return this.evaluate(config, rules, [...eachDate(from, to)], [])
  }

  /** Breaches of `rules` on `dates`, with `extra` leave in place of the stored leave of the same request ids. */
  private async evaluate(config: WorkingConfig, rules: readonly CoverageRule[], dates: string[], extra: readonly MemberLeave[], ex?: Executor): Promise<Breach[]> {
    if (rules.length === 0) return []
    const context = await this.context(config, rules, dates[0]!, dates[dates.length - 1]!, extra, ex)
    return rules.flatMap((rule) => breaches(rule, context.members, context.shares, dates))
  }

  private async context(config: WorkingConfig, rules: readonly CoverageRule[], from: string, to: string, extra: readonly MemberLeave[] = [], ex?: Executor) {
    const ids = [...new Set(rules.flatMap((r) => r.member_ids))]
    const [rows, leave] = await parallel([this.repo.members(ids, ex), this.repo.leave(ids, from, to, ex)])
    const replaced = new Set(extra.map((l) => l.request_id))
    const shares = absenceShares([...leave.filter((l) => !replaced.has(l.request_id)), ...extra])
    const lookups = new Map<string | null, HolidayLookup>()
    const members = new Map<number, CoverageMember>()
    for (const row of rows) {
      const time = effectiveWorkingTime(row, config.settings)
      let holidayOn = lookups.get(time.region)
      if (!holidayOn) lookups.set(time.region, (holidayOn = this.workingTime.holidayLookup(config, time.region, from, to)))
      members.set(row.id, { id: row.id, workWeek: time.workWeek, holidayOn })
    }
    return { members, shares }
  }

  private async checkMembers(ids: readonly number[]): Promise<number[]> {
    const unique = [...new Set(ids)]
    const existing = await this.repo.existingUsers(unique)
    const missing = unique.filter((id) => !existing.has(id))
    if (missing.length > 0) throw ValidationError.field('member_ids', `Invalid pk "${missing[0]}" - object does not exist.`)
    return unique
  }

  private async requireGroup(id: number, ex: Executor): Promise<void> {
    if (!(await this.repo.group(id, ex))) throw ValidationError.field('group_id', `Invalid pk "${id}" - object does not exist.`)
  }
}

function nameTaken(err: unknown): never {
  if (isUniqueViolation(err)) throw ValidationError.field('name', 'A group with this name already exists.')
  throw err
}

/** A block breach as the 409 explains it. */
export function coverageConflict(breach: Breach): ConflictError {
  return new ConflictError(
    `This would break coverage rule ${breach.rule_id}: group ${breach.group} would have ${breach.present} of the ${breach.min_present} people it needs present on ${breach.date}.`,
    'coverage',
  )
}


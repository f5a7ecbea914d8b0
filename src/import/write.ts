// Carries out a plan (plan.ts) in the Leavedesk database, one transaction per batch: a batch's rows,
// their mapping rows, audit entries and ledger facts commit together, so a run killed part-way
// leaves whole batches, and the next run (which plans again from the mapping tables) does the rest.
// Rows that keep their original id go first; then the sequences move past them, and rows whose id
// was taken get new ones. Durations and bookings are the app's own (working-time/, balances/).
import { randomUUID } from 'node:crypto'
import type { Insertable } from 'kysely'
import { changesBetween } from '../audit/audit-trail.js'
import { bookingRules, toBooked } from '../balances/balance-book.js'
import { BalancesRepository } from '../balances/balances.repository.js'
import { bookChange } from '../balances/bookings.js'
import { isPostgres, type DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import type { AuditEventsTable, LeaveRequestsTable, UsersTable } from '../db/schema.js'
import { computedFields } from '../leave-requests/leave-requests.repository.js'
import { auditSnapshot } from '../leave-requests/leave-requests.representation.js'
import { LeaveTypesRepository } from '../leave-types/leave-types.repository.js'
import { SettingsRepository } from '../settings/settings.repository.js'
import { UsersRepository } from '../users/users.repository.js'
import { todayIn } from '../working-time/calendar.js'
import { CompanyHolidaysRepository } from '../working-time/company-holidays.repository.js'
import { ConfigCache, type WorkingConfig } from '../working-time/config-cache.js'
import { effectiveWorkingTime } from '../working-time/effective.js'
import { createHolidaySource } from '../working-time/holidays.js'
import { localPeriodOf } from '../working-time/period.js'
import { WorkingTimeService } from '../working-time/working-time.service.js'
import type { Plan, RequestPlan, UserPlan } from './plan.js'
import { moveSequencePast } from './target.js'

export interface WriteOptions {
  /** How the audit trail names the source. */
  label: string
  batchSize: number
  now: number
  /** After each committed batch, with the rows written so far (progress; tests inject failures here). */
  onBatch?: (done: number) => void | Promise<void>
}

export interface WriteResult {
  /** Source id → new id, for the rows whose original id was taken. */
  renumberedUsers: Map<number, number>
  renumberedRequests: Map<number, number>
}

const userSnapshot = (u: Pick<UsersTable, 'email' | 'first_name' | 'last_name' | 'preferred_name' | 'gender' | 'birth_date' | 'role' | 'time_zone'> & { is_active: number }) => ({
  email: u.email,
  first_name: u.first_name,
  last_name: u.last_name,
  preferred_name: u.preferred_name,
  gender: u.gender,
  birth_date: u.birth_date,
  role: u.role,
  is_active: u.is_active === 1,
  time_zone: u.time_zone,
})

export class ImportWriter {
  private readonly onPostgres: boolean
  private readonly balances: BalancesRepository
  private readonly users: UsersRepository
  private readonly workingTime = new WorkingTimeService(createHolidaySource())
  private done = 0

  constructor(
    private readonly db: DB,
    private readonly options: WriteOptions,
  ) {
    this.onPostgres = isPostgres(db)
    this.balances = new BalancesRepository(db)
    this.users = new UsersRepository(db)
  }

  async write(plan: Plan): Promise<WriteResult> {
    const result: WriteResult = { renumberedUsers: new Map(), renumberedRequests: new Map() }
    await this.createTypes(plan.newTypes)
    // Source user id → account id: known for matched and earlier imports, filled as accounts are made.
    const accounts = new Map<number, number>()
    for (const u of plan.users) if (u.targetId !== null) accounts.set(u.sourceId, u.targetId)
    const creating = plan.users.filter((u) => u.action === 'create')
    for (const phase of [creating.filter((u) => u.keepsId), creating.filter((u) => !u.keepsId)]) {
      for (const batch of chunks(phase, this.options.batchSize)) {
        await this.db.transaction().execute(async (trx) => {
          const made = await this.insertUsers(batch, trx)
          for (const [u, id] of made) {
            accounts.set(u.sourceId, id)
            if (id !== u.sourceId) result.renumberedUsers.set(u.sourceId, id)
          }
          await moveSequencePast(trx, 'users', this.onPostgres)
        })
        await this.advance(batch.length)
      }
    }
    const linked = plan.users.filter((u) => u.action === 'match' || u.action === 'merge')
    if (linked.length > 0) {
      await this.db.transaction().execute(async (trx) => {
        const rows = linked.map((u) => ({ source_id: u.sourceId, user_id: accounts.get(u.mergeInto ?? u.sourceId)!, kind: u.action === 'match' ? ('matched' as const) : ('merged' as const), imported_at: this.options.now }))
        for (const chunk of chunks(rows, 500)) await trx.insertInto('import_users').values(chunk).execute()
      })
    }

    const config = await this.config()
    const requests = plan.requests.filter((r) => r.action === 'create')
    for (const phase of [requests.filter((r) => r.keepsId), requests.filter((r) => !r.keepsId)]) {
      for (const batch of chunks(phase, this.options.batchSize)) {
        await this.db.transaction().execute(async (trx) => {
          for (const [r, id] of await this.insertRequests(batch, accounts, config, trx)) if (id !== r.sourceId) result.renumberedRequests.set(r.sourceId, id)
          await moveSequencePast(trx, 'leave_requests', this.onPostgres)
        })
        await this.advance(batch.length)
      }
    }
    return result
  }

  private async advance(rows: number): Promise<void> {
    this.done += rows
    await this.options.onBatch?.(this.done)
  }

  private note(what: string, sourceId: number, id: number): string {
    const renumbered = id !== sourceId ? `; its id there was taken here, so it is ${id}` : ''
    return `Imported from ${this.options.label} (the original API's ${what} ${sourceId}${renumbered}).`
  }

  /** Unknown type codes of old requests: retired leave types (no allowance, no approval needed: nothing can be filed with them). */
  private async createTypes(codes: readonly string[]): Promise<void> {
    if (codes.length === 0) return
    const types = new LeaveTypesRepository(this.db)
    await this.db.transaction().execute(async (trx) => {
      for (const code of codes) {
        if (await types.findByCode(code, trx)) continue
        const row = await types.insert(
          { code, name: code, unit: 'day', requires_approval: 1, counts_against_balance: 0, color: '#6B7280', active: 0, annual_allowance: 0, accrual: 'yearly', carry_over_max: null, carry_over_expires: null, allow_negative: 0 },
          trx,
        )
        await trx
          .insertInto('audit_events')
          .values({ at: this.options.now, actor_id: null, entity: 'leave_type', entity_id: row.id, action: 'imported', changes: JSON.stringify({ code: [null, code], active: [null, false] }), note: `Imported from ${this.options.label}: requests of the original API have this type, which Leavedesk did not know; retired.` })
          .execute()
      }
    })
  }

  private async insertUsers(batch: UserPlan[], trx: Executor): Promise<Array<[UserPlan, number]>> {
    const values = (u: UserPlan): Insertable<UsersTable> => ({
      ...u.values,
      ...(u.keepsId ? { id: u.sourceId } : {}),
      manager_id: null,
      token_version: 0,
      holiday_region: null,
      work_week: null,
      employment_start: null,
    })
    const inserted = await trx.insertInto('users').values(batch.map(values)).returning(['id', 'email']).execute()
    const idOf = new Map(inserted.map((r) => [r.email, Number(r.id)]))
    const made = batch.map((u): [UserPlan, number] => [u, idOf.get(u.values.email)!])
    await trx.insertInto('import_users').values(made.map(([u, id]) => ({ source_id: u.sourceId, user_id: id, kind: 'created' as const, imported_at: this.options.now }))).execute()
    const audits: Insertable<AuditEventsTable>[] = made.map(([u, id]) => ({
      at: this.options.now,
      actor_id: null,
      entity: 'user',
      entity_id: id,
      action: 'imported',
      changes: JSON.stringify({ ...changesBetween(null, userSnapshot(u.values)), ...u.adjusted }),
      note: this.note('user', u.sourceId, id),
    }))
    await trx.insertInto('audit_events').values(audits).execute()
    return made
  }

  private async insertRequests(batch: RequestPlan[], accounts: ReadonlyMap<number, number>, config: WorkingConfig, trx: Executor): Promise<Array<[RequestPlan, number]>> {
    const ownerIds = [...new Set(batch.map((r) => accounts.get(r.ownerSourceId)!))].sort((a, b) => a - b)
    // Owners are locked before their requests, in id order, as every write of the app does.
    for (const id of ownerIds) await this.users.lock(id, trx)
    const owners = new Map((await trx.selectFrom('users').select(['id', 'time_zone', 'holiday_region', 'work_week']).where('id', 'in', ownerIds).execute()).map((o) => [Number(o.id), o]))
    const rules = bookingRules(config)
    const prepared = batch.map((r) => {
      const userId = accounts.get(r.ownerSourceId)!
      const time = effectiveWorkingTime(owners.get(userId)!, config.settings)
      const instants = { start: r.values.start, end: r.values.end }
      const period = localPeriodOf(instants, time.timeZone)
      const { duration } = this.workingTime.measure(config, time, config.leaveType(r.values.type)?.unit ?? 'day', { period, instants })
      const values: Insertable<LeaveRequestsTable> = {
        ...(r.keepsId ? { id: r.sourceId } : {}),
        user_id: userId,
        ...computedFields(instants, period, time.timeZone, duration),
        description: r.values.description,
        type: r.values.type,
        status: r.values.status,
        decided_by: null,
        decided_at: null,
        decision_comment: '',
        uid: randomUUID(),
        created_at: this.options.now,
        updated_at: this.options.now,
      }
      return { r, userId, timeZone: time.timeZone, values }
    })
    // One statement per batch (all keep their ids, or none does); rows come back matched by their uid.
    const inserted = await trx.insertInto('leave_requests').values(prepared.map((p) => p.values)).returningAll().execute()
    const byUid = new Map(inserted.map((row) => [row.uid, row]))
    const made: Array<[RequestPlan, number]> = []
    const audits: Insertable<AuditEventsTable>[] = []
    for (const { r, userId, timeZone, values } of prepared) {
      const row = byUid.get(values.uid!)!
      made.push([r, row.id])
      const approved = r.values.status === 'APPROVED' ? ' It was approved there, where anyone could set a status: no decider is recorded.' : ''
      audits.push({
        at: this.options.now,
        actor_id: null,
        entity: 'leave_request',
        entity_id: row.id,
        action: 'imported',
        changes: JSON.stringify({ ...changesBetween(null, auditSnapshot(row)), ...r.adjusted }),
        note: [this.note('request', r.sourceId, row.id) + approved, ...r.flags].join(' '),
      })
      if (r.values.status === 'APPROVED') {
        // Booked as used in its own leave years: on its first day, or today for one yet to start.
        const today = todayIn(timeZone, this.options.now)
        const day = row.start_date < today ? row.start_date : today
        const booking = bookChange(null, toBooked(row), day, rules, 'imported (approved in the original API)')
        for (const fact of booking.facts) await this.balances.addFact(userId, fact, null, trx)
        for (const delta of booking.deltas) await this.balances.applyDelta(userId, delta, trx)
      }
    }
    await trx.insertInto('import_requests').values(made.map(([r, id]) => ({ source_id: r.sourceId, request_id: id, imported_at: this.options.now }))).execute()
    await trx.insertInto('audit_events').values(audits).execute()
    return made
  }

  private config(): Promise<WorkingConfig> {
    return new ConfigCache(new SettingsRepository(this.db), new LeaveTypesRepository(this.db), new CompanyHolidaysRepository(this.db)).get(null)
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

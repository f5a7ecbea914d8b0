// When working time changes under existing requests (a company day off, a person's zone, region or
// work week, a company default they inherit), the requests that have not ended take the new rules in
// the same transaction, each with an audit entry that says why. Ended requests keep what they were
// approved with. A request keeps its local dates, times and half days; in a new zone its instants
// move so that they show the same wall-clock times.
import { changesBetween } from '../audit/audit-trail.js'
import type { AuditRepository } from '../audit/audit.repository.js'
import type { Executor } from '../db/executor.js'
import type { UsersRepository } from '../users/users.repository.js'
import { sameWallClock } from '../working-time/calendar.js'
import type { ConfigCache } from '../working-time/config-cache.js'
import { effectiveWorkingTime } from '../working-time/effective.js'
import type { WorkingTimeService } from '../working-time/working-time.service.js'
import type { BalanceBook } from '../balances/balance-book.js'
import { computedFields, type LeaveRequestsRepository, type OpenRequestScope } from './leave-requests.repository.js'
import { computedSnapshot } from './leave-requests.representation.js'

export interface RecomputeDeps {
  requests: LeaveRequestsRepository
  users: UsersRepository
  config: ConfigCache
  audit: AuditRepository
  workingTime: WorkingTimeService
  book: BalanceBook
  clock: () => number
}

export class DurationRecompute {
  constructor(private readonly d: RecomputeDeps) {}

  /** Recomputes the unfinished requests in `scope`; returns how many changed. Call inside the transaction of the change. */
  async run(scope: OpenRequestScope, actorId: number | null, note: string, trx: Executor): Promise<number> {
    // Read afresh inside the transaction: it has just changed what the cache holds.
    const [rows, config] = await Promise.all([this.d.requests.findOpen(scope, this.d.clock(), trx), this.d.config.get(null, trx)])
    const { settings } = config
    let changed = 0
    let locked: number | null = null
    for (const row of rows) {
      const time = effectiveWorkingTime({ time_zone: row.owner_time_zone, holiday_region: row.owner_holiday_region, work_week: row.owner_work_week }, settings)
      const period = { start_date: row.start_date, end_date: row.end_date, half_day_start: row.half_day_start === 1, half_day_end: row.half_day_end === 1 }
      let instants = { start: sameWallClock(row.start, row.time_zone, time.timeZone), end: sameWallClock(row.end, row.time_zone, time.timeZone) }
      // A wall-clock time the new zone skipped can fold a short period to nothing: keep its instants then.
      if (instants.end <= instants.start) instants = { start: row.start, end: row.end }
      const { duration } = this.d.workingTime.measure(config, time, row.unit, { period, instants })
      const next = computedFields(instants, period, time.timeZone, duration)
      const changes = changesBetween(computedSnapshot(row), computedSnapshot(next))
      if (Object.keys(changes).length === 0 && row.time_zone === next.time_zone) continue
      // Owners are locked before their requests, as every write does (rows come in owner order).
      if (locked !== row.user_id) await this.d.users.lock(row.user_id, trx)
      locked = row.user_id
      const updated = await this.d.requests.updateComputed(row.id, next, trx)
      // An approved request's days that change are given back and used again, dated today.
      if (updated) await this.d.book.requestChanged(config, { id: row.user_id, timeZone: time.timeZone }, row, updated, `recomputed (${note})`, actorId, trx)
      if (Object.keys(changes).length > 0) {
        await this.d.audit.record({ actorId, entity: 'leave_request', entityId: row.id, action: 'recomputed', changes, note }, trx)
      }
      changed++
    }
    return changed
  }
}

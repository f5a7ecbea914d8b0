// The company's defaults of working time. Changing one that people inherit recomputes their
// unfinished requests in the same transaction.
import type { AuditRepository } from '../audit/audit.repository.js'
import { changesBetween } from '../audit/audit-trail.js'
import type { DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import { ConflictError, type FieldErrorMap, ValidationError } from '../errors.js'
import type { DurationRecompute } from '../leave-requests/recompute.js'
import type { UserRow } from '../users/users.repository.js'
import type { WorkWeek } from '../working-time/duration.js'
import { sameWorkWeek } from '../working-time/effective.js'
import type { HolidaySource } from '../working-time/holidays.js'
import { checkMonthDay, checkRegion, checkTimeZone } from '../working-time/working-time.checks.js'
import type { CompanySettings, SettingsRepository } from './settings.repository.js'

export interface SettingsInput {
  default_time_zone?: string
  default_holiday_region?: string | null
  default_work_week?: WorkWeek
  leave_year_start?: string
  calendar_visible_to_everyone?: boolean
}

export class SettingsService {
  constructor(
    private readonly db: DB,
    private readonly settings: SettingsRepository,
    private readonly audit: AuditRepository,
    private readonly holidays: HolidaySource,
    private readonly recompute: DurationRecompute,
    /** Whether any balance has been booked: leave years then stay where they are. */
    private readonly balancesBooked: (trx: Executor) => Promise<boolean>,
  ) {}

  get(): Promise<CompanySettings> {
    return this.settings.get()
  }

  async update(admin: UserRow, input: SettingsInput): Promise<CompanySettings> {
    const errors: FieldErrorMap = {}
    if (input.default_time_zone !== undefined) checkTimeZone('default_time_zone', input.default_time_zone, errors)
    if (input.default_holiday_region != null) checkRegion('default_holiday_region', input.default_holiday_region, this.holidays, errors)
    if (input.leave_year_start !== undefined) checkMonthDay('leave_year_start', input.leave_year_start, errors)
    if (Object.keys(errors).length > 0) throw new ValidationError(errors)

    return this.db.transaction().execute(async (trx) => {
      const current = await this.settings.getForUpdate(trx)
      const next: CompanySettings = {
        default_time_zone: input.default_time_zone ?? current.default_time_zone,
        default_holiday_region: input.default_holiday_region !== undefined ? input.default_holiday_region : current.default_holiday_region,
        default_work_week: input.default_work_week ?? current.default_work_week,
        leave_year_start: input.leave_year_start ?? current.leave_year_start,
        calendar_visible_to_everyone: input.calendar_visible_to_everyone ?? current.calendar_visible_to_everyone,
      }
      const changes = changesBetween(current as unknown as Record<string, unknown>, next as unknown as Record<string, unknown>)
      if (sameWorkWeek(current.default_work_week, next.default_work_week)) delete changes.default_work_week
      if (Object.keys(changes).length === 0) return current
      if ('leave_year_start' in changes && (await this.balancesBooked(trx))) {
        throw new ConflictError(
          'The leave year cannot move once balances have been booked: every booked day, carry-over and adjustment belongs to a leave year.',
          'leave_year_in_use',
        )
      }
      await this.settings.update(next, trx)
      await this.audit.record({ actorId: admin.id, entity: 'settings', entityId: 1, action: 'updated', changes }, trx)
      const inherited = ['default_time_zone', 'default_holiday_region', 'default_work_week'].filter((key) => key in changes)
      if (inherited.length > 0) await this.recompute.run({}, admin.id, `Company settings changed: ${inherited.join(', ')}.`, trx)
      return next
    })
  }
}

import type { DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import type { WorkWeek } from '../working-time/duration.js'
import { parseWorkWeek, serializeWorkWeek } from '../working-time/effective.js'

/** The company-wide defaults, as the code uses them. */
export interface CompanySettings {
  default_time_zone: string
  default_holiday_region: string | null
  default_work_week: WorkWeek
  leave_year_start: string
  /** Everyone may read everyone's calendar (scope=all), not only admins. */
  calendar_visible_to_everyone: boolean
}

export class SettingsRepository {
  constructor(private readonly db: DB) {}

  /** The one row (migration 0006 creates it). */
  async get(ex: Executor = this.db): Promise<CompanySettings> {
    const row = await ex
      .selectFrom('settings')
      .select(['default_time_zone', 'default_holiday_region', 'default_work_week', 'leave_year_start', 'calendar_visible_to_everyone'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow()
    return { ...row, default_work_week: parseWorkWeek(row.default_work_week), calendar_visible_to_everyone: row.calendar_visible_to_everyone === 1 }
  }

  /** Locks the row for the rest of the transaction (PostgreSQL; SQLite serialises writers anyway). */
  async getForUpdate(ex: Executor): Promise<CompanySettings> {
    await ex.updateTable('settings').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', 1).execute()
    return this.get(ex)
  }

  async update(values: CompanySettings, ex: Executor): Promise<void> {
    await ex
      .updateTable('settings')
      .set({
        ...values,
        default_work_week: serializeWorkWeek(values.default_work_week),
        calendar_visible_to_everyone: values.calendar_visible_to_everyone ? 1 : 0,
        updated_at: Date.now(),
      })
      .where('id', '=', 1)
      .execute()
  }
}

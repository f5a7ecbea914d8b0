import type { Selectable } from 'kysely'
import type { DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import type { CompanyHolidaysTable } from '../db/schema.js'

export type CompanyHolidayRow = Selectable<CompanyHolidaysTable>

export interface NewCompanyHoliday {
  date: string
  name: string
  half_day: boolean
  region: string | null
}

export class CompanyHolidaysRepository {
  constructor(private readonly db: DB) {}

  /**
   * Company days off from `from` to `to` (inclusive) that apply in a region: those for everyone and
   * those for that region. With region null, only those for everyone.
   */
  inRange(from: string, to: string, region: string | null, ex: Executor = this.db): Promise<CompanyHolidayRow[]> {
    let q = ex.selectFrom('company_holidays').selectAll().where('date', '>=', from).where('date', '<=', to)
    q = region === null ? q.where('region', 'is', null) : q.where((eb) => eb.or([eb('region', 'is', null), eb('region', '=', region)]))
    return q.orderBy('date').orderBy('id').execute()
  }

  /** Every company day off, by date (each process keeps them in memory: config-cache.ts). */
  all(ex: Executor = this.db): Promise<CompanyHolidayRow[]> {
    return ex.selectFrom('company_holidays').selectAll().orderBy('date').orderBy('id').execute()
  }

  findById(id: number, ex: Executor = this.db): Promise<CompanyHolidayRow | undefined> {
    return ex.selectFrom('company_holidays').selectAll().where('id', '=', id).executeTakeFirst()
  }

  insert(values: NewCompanyHoliday, ex: Executor): Promise<CompanyHolidayRow> {
    return ex
      .insertInto('company_holidays')
      .values({ ...values, half_day: values.half_day ? 1 : 0, created_at: Date.now() })
      .returningAll()
      .executeTakeFirstOrThrow()
  }

  async delete(id: number, ex: Executor): Promise<CompanyHolidayRow | undefined> {
    return ex.deleteFrom('company_holidays').where('id', '=', id).returningAll().executeTakeFirst()
  }
}

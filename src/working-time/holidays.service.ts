// Public holidays and company days off, as people and admins see them. A company day off counts
// exactly like a public holiday: adding or removing one recomputes the unfinished requests around it.
import type { AuditRepository } from '../audit/audit.repository.js'
import { changesBetween } from '../audit/audit-trail.js'
import type { DB } from '../db/database.js'
import { NotFoundError, ValidationError, type FieldErrorMap } from '../errors.js'
import type { DurationRecompute } from '../leave-requests/recompute.js'
import type { SettingsRepository } from '../settings/settings.repository.js'
import type { UserRow } from '../users/users.repository.js'
import type { CompanyHolidayRow, CompanyHolidaysRepository } from './company-holidays.repository.js'
import { effectiveWorkingTime } from './effective.js'
import type { HolidaySource } from './holidays.js'
import { checkRegion } from './working-time.checks.js'

export interface CompanyHolidayInput {
  date: string
  name: string
  half_day?: boolean
  region?: string | null
}

function toCompanyHoliday(row: CompanyHolidayRow) {
  return { date: row.date, name: row.name, half_day: row.half_day === 1, kind: 'company' as const, id: row.id, region: row.region }
}

const describe = (row: CompanyHolidayRow) => `${row.date} "${row.name}"${row.half_day === 1 ? ' (half day)' : ''}${row.region ? ` for ${row.region}` : ''}`

export class HolidaysService {
  constructor(
    private readonly db: DB,
    private readonly source: HolidaySource,
    private readonly company: CompanyHolidaysRepository,
    private readonly settings: SettingsRepository,
    private readonly audit: AuditRepository,
    private readonly recompute: DurationRecompute,
  ) {}

  regions() {
    return this.source.regions()
  }

  /** A year's days off in a region (the caller's by default), public and company together, by date. */
  async list(caller: UserRow, year: number, region?: string) {
    let effective: string | null
    if (region !== undefined) {
      const errors: FieldErrorMap = {}
      checkRegion('region', region, this.source, errors)
      if (Object.keys(errors).length > 0) throw new ValidationError(errors)
      effective = region
    } else {
      effective = effectiveWorkingTime(caller, await this.settings.get()).region
    }
    const pad = String(year).padStart(4, '0')
    const publicDays = effective === null ? [] : this.source.publicHolidays(effective, year).map((h) => ({ ...h, kind: 'public' as const, id: null, region: effective }))
    const companyDays = (await this.company.inRange(`${pad}-01-01`, `${pad}-12-31`, effective)).map(toCompanyHoliday)
    return [...publicDays, ...companyDays].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.kind === b.kind ? 0 : a.kind === 'public' ? -1 : 1))
  }

  async create(admin: UserRow, input: CompanyHolidayInput) {
    const region = input.region ?? null
    if (region !== null) {
      const errors: FieldErrorMap = {}
      checkRegion('region', region, this.source, errors)
      if (Object.keys(errors).length > 0) throw new ValidationError(errors)
    }
    const row = await this.db.transaction().execute(async (trx) => {
      const created = await this.company.insert({ date: input.date, name: input.name.trim(), half_day: input.half_day === true, region }, trx)
      await this.audit.record({ actorId: admin.id, entity: 'holiday', entityId: created.id, action: 'created', changes: changesBetween(null, toCompanyHoliday(created)) }, trx)
      await this.recompute.run({ date: created.date }, admin.id, `Company day off ${describe(created)} added.`, trx)
      return created
    })
    return toCompanyHoliday(row)
  }

  async remove(admin: UserRow, id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const deleted = await this.company.delete(id, trx)
      if (!deleted) throw new NotFoundError()
      await this.audit.record({ actorId: admin.id, entity: 'holiday', entityId: id, action: 'deleted', changes: changesBetween(toCompanyHoliday(deleted), null) }, trx)
      await this.recompute.run({ date: deleted.date }, admin.id, `Company day off ${describe(deleted)} removed.`, trx)
    })
  }
}

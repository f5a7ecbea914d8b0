// What every duration depends on besides the person: the company's settings, the leave types and the
// company days off. They change rarely and are read by every request write and preview, so each
// process keeps them in memory while shared_versions.config_version, which triggers bump on any
// change to them (migration 0006) and authentication reads with the user, stays the same.
import type { Executor } from '../db/executor.js'
import type { LeaveTypeRow, LeaveTypesRepository } from '../leave-types/leave-types.repository.js'
import type { CompanySettings, SettingsRepository } from '../settings/settings.repository.js'
import type { UserRow } from '../users/users.repository.js'
import type { CompanyHolidayRow, CompanyHolidaysRepository } from './company-holidays.repository.js'

export interface WorkingConfig {
  settings: CompanySettings
  leaveType(code: string): LeaveTypeRow | undefined
  /** Company days off from `from` to `to` that apply in a region (those for everyone, and the region's). */
  companyHolidays(from: string, to: string, region: string | null): CompanyHolidayRow[]
}

/** The config version a signed-in user was authenticated with, or null for a user row read otherwise. */
export function configVersionOf(user: UserRow): number | null {
  const version = (user as { config_version?: unknown }).config_version
  return typeof version === 'number' ? version : null
}

export class ConfigCache {
  private cached: { version: number; config: Promise<WorkingConfig> } | undefined

  constructor(
    private readonly settings: SettingsRepository,
    private readonly types: LeaveTypesRepository,
    private readonly holidays: CompanyHolidaysRepository,
  ) {}

  /**
   * The config as of `version`; null reads it afresh (inside a transaction that has just changed it).
   * Reads go through `ex`: on SQLite a transaction holds the only connection.
   */
  get(version: number | null, ex?: Executor): Promise<WorkingConfig> {
    if (version === null) return this.load(ex)
    // Versions only grow: a cache newer than the caller's snapshot is as good.
    if (this.cached && this.cached.version >= version) return this.cached.config
    const config = this.load(ex)
    const entry = { version, config }
    this.cached = entry
    config.catch(() => {
      if (this.cached === entry) this.cached = undefined
    })
    return config
  }

  private async load(ex?: Executor): Promise<WorkingConfig> {
    const [settings, types, holidays] = await Promise.all([this.settings.get(ex), this.types.list(ex), this.holidays.all(ex)])
    const byCode = new Map(types.map((t) => [t.code, t]))
    return {
      settings,
      leaveType: (code) => byCode.get(code),
      companyHolidays: (from, to, region) =>
        holidays.filter((h) => h.date >= from && h.date <= to && (h.region === null || h.region === region)),
    }
  }
}

// What every duration depends on besides the person: the company's settings, the leave types and the
// company days off. They change rarely and are read by every request write and preview, so each
// process keeps them in memory while shared_versions.config_version, which triggers bump on any
// change to them (migration 0006) and authentication reads with the user, stays the same.
import { parallel } from '../db/parallel.js'
import type { Executor } from '../db/executor.js'
import { toMilli, type PolicyVersion } from '../balances/policy.js'
import type { LeaveTypeRow, LeaveTypesRepository, PolicyRow } from '../leave-types/leave-types.repository.js'
import type { CompanySettings, SettingsRepository } from '../settings/settings.repository.js'
import type { UserRow } from '../users/users.repository.js'
import type { CompanyHolidayRow, CompanyHolidaysRepository } from './company-holidays.repository.js'

export interface WorkingConfig {
  settings: CompanySettings
  leaveType(code: string): LeaveTypeRow | undefined
  /** Every type, retired ones too, in the order they were made. */
  leaveTypes(): readonly LeaveTypeRow[]
  /** A type's balance policy history, oldest first (empty: it never had one). */
  policyVersions(code: string): readonly PolicyVersion[]
  /** Whether any coverage rule exists (pages that would show coverage are then not cached). */
  hasCoverageRules: boolean
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
    /** Whether any coverage rule exists (coverage/coverage.repository.ts). */
    private readonly coverageRulesExist: (ex?: Executor) => Promise<boolean> = async () => false,
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
    const [settings, types, holidays, policies, rule] = await parallel([
      this.settings.get(ex),
      this.types.list(ex),
      this.holidays.all(ex),
      this.types.policies(ex),
      this.coverageRulesExist(ex),
    ])
    const byCode = new Map(types.map((t) => [t.code, t]))
    const versions = new Map<string, PolicyVersion[]>()
    for (const row of policies) {
      let list = versions.get(row.type)
      if (!list) versions.set(row.type, (list = []))
      list.push(policyVersionOf(row))
    }
    return {
      settings,
      leaveType: (code) => byCode.get(code),
      leaveTypes: () => types,
      policyVersions: (code) => versions.get(code) ?? [],
      hasCoverageRules: rule,
      companyHolidays: (from, to, region) =>
        holidays.filter((h) => h.date >= from && h.date <= to && (h.region === null || h.region === region)),
    }
  }
}

function policyVersionOf(row: PolicyRow): PolicyVersion {
  return {
    effectiveFrom: row.effective_from,
    policy: {
      allowance: toMilli(row.annual_allowance),
      accrual: row.accrual,
      carryOverMax: row.carry_over_max === null ? null : toMilli(row.carry_over_max),
      carryOverExpires: row.carry_over_expires,
      allowNegative: toMilli(row.allow_negative),
    },
  }
}

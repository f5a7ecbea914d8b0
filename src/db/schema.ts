// Table types for Kysely. Timestamps are epoch milliseconds (bigint in PostgreSQL, integer in SQLite)
// so that comparisons, indexes and the mapping to JSON behave the same on both databases.
import type { Generated } from 'kysely'

export type Role = 'employee' | 'manager' | 'admin'
export type Gender = '' | 'male' | 'female' | 'other'
/** A leave-type code: one of the leave_types table's (the original four are seeded). */
export type LeaveType = string
export type LeaveStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELLATION_REQUESTED' | 'CANCELLED'

export interface UsersTable {
  id: Generated<number>
  email: string
  password_hash: string
  first_name: string
  last_name: string
  preferred_name: string
  gender: Gender
  birth_date: string | null
  role: Role
  manager_id: number | null
  is_active: number
  /** Bumped on password change/reset and deactivation: tokens carrying an older version are refused. */
  token_version: number
  /** Bumped by a trigger whenever one of the user's leave requests changes (list page cache). */
  leave_version: Generated<number>
  /** Working time; null = the settings' default. work_week is JSON ({"mon": 8, ...}). */
  time_zone: string | null
  holiday_region: string | null
  work_week: string | null
  /** YYYY-MM-DD or null. */
  employment_start: string | null
  /** Bumped by a rotation of the calendar feeds: their tokens are derived from it (calendar/feed-tokens.ts). */
  feed_version: Generated<number>
  created_at: number
  updated_at: number
}

/** One row. users_version is bumped by a trigger when anything a list page shows of a user changes. */
export interface SharedVersionsTable {
  id: number
  users_version: number
  /** Bumped by triggers on any change to settings, leave types or company days off (migration 0006). */
  config_version: number
}

/** Per manager, bumped by a trigger whenever a leave request of one of their direct reports changes. */
export interface TeamVersionsTable {
  manager_id: number
  version: number
}

export interface PasswordResetTokensTable {
  id: Generated<number>
  user_id: number
  /** SHA-256 of the token, hex: the token itself is never stored. */
  token_hash: string
  expires_at: number
  created_at: number
}

export interface LeaveRequestsTable {
  id: Generated<number>
  user_id: number
  start: number
  end: number
  description: string
  type: LeaveType
  status: LeaveStatus
  decided_by: number | null
  decided_at: number | null
  decision_comment: string
  /** The local period in `time_zone`, the owner's zone when it was last computed. */
  start_date: string
  end_date: string
  half_day_start: number
  half_day_end: number
  time_zone: string
  /** Working time it takes, computed when written (working-time/duration.ts). */
  days: number
  hours: number
  /** JSON array: the working time of each date from start_date, in thousandths of a day (balances/). */
  day_counts: string
  /** A random UUID, the request's calendar identity for its lifetime (null only in rows bulk-loaded without one). */
  uid: string | null
  /** Grows when the request's dates or status change: its calendar SEQUENCE. */
  sequence: Generated<number>
  created_at: number
  updated_at: number
}

/** One row: the company-wide defaults of working time. */
export interface SettingsTable {
  id: number
  default_time_zone: string
  default_holiday_region: string | null
  /** JSON {"mon": 8, ...}. */
  default_work_week: string
  /** MM-DD. */
  leave_year_start: string
  /** 1: everyone may read the calendar of everyone (scope=all); 0: admins only. */
  calendar_visible_to_everyone: number
  updated_at: number
}

export interface CompanyHolidaysTable {
  id: Generated<number>
  date: string
  name: string
  half_day: number
  /** null = everyone. */
  region: string | null
  created_at: number
}

export type LeaveUnit = 'day' | 'hour'

export interface LeaveTypesTable {
  id: Generated<number>
  /** Never changes: requests refer to it. */
  code: string
  name: string
  unit: LeaveUnit
  requires_approval: number
  counts_against_balance: number
  /** #RRGGBB */
  color: string
  active: number
  /** The current balance policy, in days (its history: leave_type_policies). */
  annual_allowance: number
  accrual: 'yearly' | 'monthly'
  carry_over_max: number | null
  /** MM-DD or null. */
  carry_over_expires: string | null
  allow_negative: number
  created_at: number
  updated_at: number
}

/** Append-only: a version per policy change, in force from effective_from (the day it was made). */
export interface LeaveTypePoliciesTable {
  id: Generated<number>
  type: string
  effective_from: string
  annual_allowance: number
  accrual: 'yearly' | 'monthly'
  carry_over_max: number | null
  carry_over_expires: string | null
  allow_negative: number
  created_at: number
}

export type BalanceFactKind = 'usage' | 'release' | 'adjustment'

/**
 * Append-only: the stored facts of the balance ledger, booked in a leave year. Amounts are in
 * thousandths of a day, signed as they change the balance (a usage is negative).
 */
export interface BalanceEntriesTable {
  id: Generated<number>
  user_id: number
  type: string
  /** The leave year it is booked in (named after the calendar year it starts in). */
  year: number
  /** The day it happened (YYYY-MM-DD). */
  date: string
  kind: BalanceFactKind
  amount: number
  request_id: number | null
  /** Usages and releases: the leave days they cover in the year, thousandths of a day per date from leave_from (JSON). */
  leave_from: string | null
  day_counts: string | null
  comment: string
  actor_id: number | null
  created_at: number
}

/** Per user, type and leave year: the sums of its facts, kept current by every write. */
export interface BalanceYearsTable {
  user_id: number
  type: string
  year: number
  used: number
  /** The part of used on days up to the year's carry-over expiry. */
  used_early: number
  adjustments: number
  last_fact_date: string | null
}

export interface MailOutboxTable {
  id: Generated<number>
  recipient: string
  subject: string
  text_body: string
  html_body: string
  status: 'pending' | 'sent' | 'failed'
  attempts: number
  next_attempt_at: number
  /** A dispatcher owns the row until this time: lets several processes share the queue. */
  locked_until: number
  last_error: string | null
  created_at: number
  sent_at: number | null
}

export interface RefreshTokensTable {
  jti: string
  user_id: number
  family: string
  issued_at: number
  expires_at: number
  revoked_at: number | null
  replaced_by: string | null
}

export type AuditEntity = 'leave_request' | 'user' | 'settings' | 'leave_type' | 'holiday' | 'balance_adjustment' | 'group' | 'coverage_rule' | 'webhook'

/** Append-only: rows are inserted and read, never updated or deleted. */
export interface AuditEventsTable {
  id: Generated<number>
  at: number
  /** Who acted; null when the system did, or once that user is deleted. */
  actor_id: number | null
  entity: AuditEntity
  entity_id: number
  action: string
  /** JSON: {"<field>": [before, after]}, values as the API shows them. */
  changes: string
  /** Why, when the actor alone does not say (the system's automatic changes). */
  note: string | null
}

export interface GroupsTable {
  id: Generated<number>
  name: string
  created_at: number
  updated_at: number
}

export interface GroupMembersTable {
  group_id: number
  user_id: number
}

export type CoverageMode = 'warn' | 'block'

/** At least min_present members of a group present on each date where that many are scheduled. */
export interface CoverageRulesTable {
  id: Generated<number>
  group_id: number
  min_present: number
  mode: CoverageMode
  created_at: number
  updated_at: number
}

export interface WebhooksTable {
  id: Generated<number>
  url: string
  /** JSON array of event types. */
  events: string
  description: string
  /** Sealed (webhooks/signing.ts SecretBox), never the plain secret. */
  secret: string
  /** After a rotation, the old secret signs too until previous_until (24 h). */
  previous_secret: string | null
  previous_until: number | null
  active: number
  /** The first failure of the current run of failures: after 24 h of them the endpoint is disabled. */
  failing_since: number | null
  disabled_at: number | null
  created_at: number
  updated_at: number
}

export interface WebhookDeliveriesTable {
  id: Generated<number>
  webhook_id: number
  /** webhook-id: the same on every retry. */
  event_id: string
  event_type: string
  payload: string
  status: 'pending' | 'delivered' | 'failed'
  attempts: number
  next_attempt_at: number
  locked_until: number
  created_at: number
  delivered_at: number | null
}

export interface WebhookAttemptsTable {
  id: Generated<number>
  webhook_id: number
  delivery_id: number
  event_id: string
  event_type: string
  at: number
  status_code: number | null
  error: string | null
  duration_ms: number
}

/** import-django: a source user of the original API and the account it went to (migration 0009). */
export interface ImportUsersTable {
  source_id: number
  user_id: number
  kind: 'created' | 'matched' | 'merged'
  imported_at: number
}

/** import-django: a source leave request and the request it became. */
export interface ImportRequestsTable {
  source_id: number
  request_id: number
  imported_at: number
}

export interface Database {
  users: UsersTable
  password_reset_tokens: PasswordResetTokensTable
  leave_requests: LeaveRequestsTable
  mail_outbox: MailOutboxTable
  refresh_tokens: RefreshTokensTable
  audit_events: AuditEventsTable
  shared_versions: SharedVersionsTable
  team_versions: TeamVersionsTable
  settings: SettingsTable
  company_holidays: CompanyHolidaysTable
  leave_types: LeaveTypesTable
  leave_type_policies: LeaveTypePoliciesTable
  balance_entries: BalanceEntriesTable
  balance_years: BalanceYearsTable
  groups: GroupsTable
  group_members: GroupMembersTable
  coverage_rules: CoverageRulesTable
  webhooks: WebhooksTable
  webhook_deliveries: WebhookDeliveriesTable
  webhook_attempts: WebhookAttemptsTable
  import_users: ImportUsersTable
  import_requests: ImportRequestsTable
}

// What an import does, decided from the source's rows and what the target already holds: pure, so the
// dry run and the real run report the same plan, and every rule can be tested without a database.
// Durations, ids taken meanwhile and the ledger are the writer's (write.ts): they need the target.
import { djangoAlgorithm } from '../auth/legacy-passwords.js'
import type { Gender, LeaveStatus, Role } from '../db/schema.js'
import type { SourceData, SourceRequest, SourceUser } from './source.js'

export interface TargetState {
  /** Source user id → the account it went to, from earlier runs. */
  importedUsers: ReadonlyMap<number, number>
  /** Source request id → the request it became, from earlier runs. */
  importedRequests: ReadonlyMap<number, number>
  /** Every account's lower-cased email → its id. */
  usersByEmail: ReadonlyMap<string, number>
  userIds: ReadonlySet<number>
  requestIds: ReadonlySet<number>
  leaveTypes: ReadonlySet<string>
  /** Requests that hold their period (pending, approved, cancellation asked), for overlaps. */
  blocking: readonly { id: number; user_id: number; start: number; end: number }[]
}

export interface PlanOptions {
  /** --time-zone: every imported account's zone; null keeps the company default. */
  timeZone: string | null
  /** --admin-email, lower-cased. */
  adminEmail: string | null
  now: number
}

export interface Problem {
  entity: 'user' | 'request'
  id: number
  reason: string
}

export interface ImportedUserValues {
  email: string
  password_hash: string
  first_name: string
  last_name: string
  preferred_name: string
  gender: Gender
  birth_date: string | null
  role: Role
  is_active: number
  time_zone: string | null
  created_at: number
  updated_at: number
}

export type UserAction = 'create' | 'match' | 'merge' | 'skip'

export interface UserPlan {
  sourceId: number
  action: UserAction
  /** create: the account keeps the source id (free in the target). */
  keepsId: boolean
  /** match and skip: the account; merge: the source id of the user it merges into. */
  targetId: number | null
  mergeInto: number | null
  values: ImportedUserValues
  /** Source values that the account could not take as they were: {"field": [source, stored]}. */
  adjusted: Record<string, [unknown, unknown]>
}

export interface RequestValues {
  start: number
  end: number
  description: string
  type: string
  status: LeaveStatus
}

export interface RequestPlan {
  sourceId: number
  action: 'create' | 'skip'
  keepsId: boolean
  /** The source id of the user whose account it goes to (after merging case duplicates). */
  ownerSourceId: number
  values: RequestValues
  adjusted: Record<string, [unknown, unknown]>
  /** Why its history is flagged (reported too). */
  flags: string[]
}

export interface Plan {
  users: UserPlan[]
  requests: RequestPlan[]
  /** Unknown type codes: each becomes an inactive leave type. */
  newTypes: string[]
  problems: Problem[]
}

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const NAME_MAX = 150
const DESCRIPTION_MAX = 1000
const GENDERS: readonly string[] = ['', 'male', 'female', 'other']
const STATUSES: readonly string[] = ['PENDING', 'APPROVED', 'REJECTED']
const HOLDING: readonly string[] = ['PENDING', 'APPROVED']
const CODE = /^[A-Z0-9_]{1,32}$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

const iso = (ms: number) => new Date(ms).toISOString()

export function planImport(source: SourceData, target: TargetState, options: PlanOptions): Plan {
  const problems: Problem[] = []
  const users = planUsers(source.users, target, options, problems)
  const byId = new Map(users.map((u) => [u.sourceId, u]))
  const newTypes = new Set<string>()
  const requests: RequestPlan[] = []
  for (const row of source.requests) {
    const plan = planRequest(row, byId, target, newTypes, problems)
    if (plan) requests.push(plan)
  }
  flagOverlaps(requests, byId, target, problems)
  return { users, requests, newTypes: [...newTypes], problems }
}

function planUsers(rows: readonly SourceUser[], target: TargetState, options: PlanOptions, problems: Problem[]): UserPlan[] {
  const valid: { row: SourceUser; email: string }[] = []
  for (const row of rows) {
    const email = row.email.trim().toLowerCase()
    if (!EMAIL.test(email) || email.length > 254) problems.push({ entity: 'user', id: row.id, reason: `email "${row.email}" is not a valid address: not imported, nor are its requests` })
    else valid.push({ row, email })
  }
  if (options.adminEmail !== null && !valid.some((v) => v.email === options.adminEmail)) {
    throw new PlanError(`--admin-email: no user of the source has the email ${options.adminEmail}`)
  }
  // Case duplicates: the oldest account (created_at, then id) keeps the email.
  const groups = new Map<string, SourceUser[]>()
  for (const { row, email } of valid) groups.set(email, [...(groups.get(email) ?? []), row])
  const plans: UserPlan[] = []
  for (const [email, group] of groups) {
    group.sort((a, b) => createdOf(a, options.now) - createdOf(b, options.now) || a.id - b.id)
    const kept = group[0]!
    for (const row of group) {
      const isKept = row === kept
      const imported = target.importedUsers.get(row.id)
      const existing = target.usersByEmail.get(email)
      const plan: UserPlan = {
        sourceId: row.id,
        action: imported !== undefined ? 'skip' : !isKept ? 'merge' : existing !== undefined ? 'match' : 'create',
        keepsId: false,
        targetId: imported ?? (isKept ? (existing ?? null) : null),
        mergeInto: isKept ? null : kept.id,
        ...userValues(row, email, options, imported === undefined ? problems : []),
      }
      plan.keepsId = plan.action === 'create' && !target.userIds.has(row.id)
      if (!isKept && plan.action === 'merge') {
        problems.push({ entity: 'user', id: row.id, reason: `email "${row.email}" differs only in case from user ${kept.id}'s "${kept.email}" (the older account): not imported as an account; its requests go to user ${kept.id}'s` })
      }
      if (plan.action === 'match') problems.push({ entity: 'user', id: row.id, reason: `${email} already has an account here (id ${existing}): it is kept as it is, and the source's requests go to it` })
      if (plan.action === 'skip' && options.adminEmail === email && imported !== undefined && plan.values.role !== 'admin') {
        problems.push({ entity: 'user', id: row.id, reason: '--admin-email names a user imported by an earlier run: its role is not changed' })
      }
      plans.push(plan)
    }
  }
  return plans.sort((a, b) => a.sourceId - b.sourceId)
}

function createdOf(row: SourceUser, now: number): number {
  return typeof row.created_at === 'number' ? row.created_at : now
}

function userValues(row: SourceUser, email: string, options: PlanOptions, problems: Problem[]): Pick<UserPlan, 'values' | 'adjusted'> {
  const adjusted: Record<string, [unknown, unknown]> = {}
  const problem = (reason: string) => problems.push({ entity: 'user', id: row.id, reason })
  const name = (field: 'first_name' | 'last_name' | 'preferred_name') => {
    const value = row[field]
    if ([...value].length <= NAME_MAX) return value
    const cut = [...value].slice(0, NAME_MAX).join('')
    adjusted[field] = [value, cut]
    problem(`${field} is longer than ${NAME_MAX} characters: cut to ${NAME_MAX} (the full text is in its history)`)
    return cut
  }
  let gender = row.gender
  if (!GENDERS.includes(gender)) {
    adjusted.gender = [gender, '']
    problem(`gender "${gender}" is not male, female or other: left blank`)
    gender = ''
  }
  let birthDate = row.birth_date
  if (birthDate !== null && !(DATE.test(birthDate) && !Number.isNaN(Date.parse(`${birthDate}T00:00:00Z`)) && iso(Date.parse(`${birthDate}T00:00:00Z`)).startsWith(birthDate))) {
    adjusted.birth_date = [birthDate, null]
    problem(`birth_date "${birthDate}" is not a date: left empty`)
    birthDate = null
  }
  const created = typeof row.created_at === 'number' ? row.created_at : null
  if (created === null) problem(`created_at "${row.created_at}" is not a date-time: the time of the import is used`)
  const updated = typeof row.updated_at === 'number' ? row.updated_at : (created ?? options.now)
  let hash = row.password
  if (djangoAlgorithm(hash) === null) {
    const what = hash === '' ? 'empty' : hash.startsWith('!') ? 'unusable (set so in Django)' : `of a format Leavedesk does not verify (${hash.split('$')[0]!.slice(0, 20) || 'no algorithm'})`
    problem(`password is ${what}: imported as unusable; this person signs in after forgot-password`)
    hash = hash.startsWith('!') ? hash : `!${hash}`
  }
  const role: Role = row.is_superuser || row.is_staff || options.adminEmail === email ? 'admin' : 'employee'
  return {
    values: {
      email,
      password_hash: hash,
      first_name: name('first_name'),
      last_name: name('last_name'),
      preferred_name: name('preferred_name'),
      gender: gender as Gender,
      birth_date: birthDate,
      role,
      is_active: row.is_active ? 1 : 0,
      time_zone: options.timeZone,
      created_at: created ?? options.now,
      updated_at: updated,
    },
    adjusted,
  }
}

function planRequest(row: SourceRequest, users: ReadonlyMap<number, UserPlan>, target: TargetState, newTypes: Set<string>, problems: Problem[]): RequestPlan | null {
  const skip = (reason: string) => {
    problems.push({ entity: 'request', id: row.id, reason: `${reason}: not imported` })
    return null
  }
  const owner = users.get(row.user_id)
  if (!owner) return skip(`its owner, user ${row.user_id}, is not imported`)
  const ownerSourceId = owner.mergeInto ?? owner.sourceId
  const account = users.get(ownerSourceId)!
  if (account.targetId !== null && !target.userIds.has(account.targetId)) return skip(`its owner's account (id ${account.targetId}) was deleted since an earlier import`)
  if (!STATUSES.includes(row.status)) return skip(`status "${row.status}" is not PENDING, APPROVED or REJECTED`)
  if (typeof row.start !== 'number') return skip(`start "${row.start}" is not a date-time`)
  if (typeof row.end !== 'number') return skip(`end "${row.end}" is not a date-time`)
  const imported = target.importedRequests.get(row.id)
  const adjusted: Record<string, [unknown, unknown]> = {}
  const flags: string[] = []
  let { start, end } = row
  if (end < start) {
    ;[start, end] = [end, start]
    adjusted.start = [iso(row.start), iso(start)]
    adjusted.end = [iso(row.end), iso(end)]
    flags.push(`In the original API its end (${iso(row.end)}) was before its start (${iso(row.start)}): the two are swapped.`)
  } else if (end === start) {
    end = start + 1
    adjusted.end = [iso(row.end), iso(end)]
    flags.push(`In the original API its end was its start (${iso(row.start)}): it ends a millisecond later.`)
  }
  for (const [field, extra] of [['start', row.start_extra], ['end', row.end_extra]] as const) {
    if (extra !== '') flags.push(`Its ${field} had a fraction of a millisecond (${extra} more digits): kept to the millisecond.`)
  }
  let type = row.type
  if (!target.leaveTypes.has(type)) {
    if (!CODE.test(type)) {
      const code = type.toUpperCase().replace(/[^A-Z0-9_]/g, '_').slice(0, 32) || 'UNKNOWN'
      adjusted.type = [type, code]
      type = code
    }
    if (!target.leaveTypes.has(type)) newTypes.add(type)
    flags.push(`Its type "${row.type}" was unknown: it is the retired leave type ${type}.`)
  }
  let description = row.description
  if ([...description].length > DESCRIPTION_MAX) {
    description = [...description].slice(0, DESCRIPTION_MAX).join('')
    adjusted.description = [row.description, description]
    flags.push(`Its description was longer than ${DESCRIPTION_MAX} characters: cut (the full text is in this entry).`)
  }
  const plan: RequestPlan = {
    sourceId: row.id,
    action: imported !== undefined ? 'skip' : 'create',
    keepsId: imported === undefined && !target.requestIds.has(row.id),
    ownerSourceId,
    values: { start, end, description, type, status: row.status as LeaveStatus },
    adjusted,
    flags,
  }
  if (plan.action === 'create') for (const flag of flags) problems.push({ entity: 'request', id: row.id, reason: flag })
  return plan
}

/** Requests to create that overlap another holding request of the same account are flagged (and still imported). */
function flagOverlaps(requests: RequestPlan[], users: ReadonlyMap<number, UserPlan>, target: TargetState, problems: Problem[]): void {
  type Span = { label: string; start: number; end: number; plan: RequestPlan | null }
  const byAccount = new Map<string, Span[]>()
  const add = (key: string, span: Span) => byAccount.set(key, [...(byAccount.get(key) ?? []), span])
  for (const row of target.blocking) add(`t${row.user_id}`, { label: `request ${row.id} here`, start: row.start, end: row.end, plan: null })
  for (const plan of requests) {
    if (plan.action !== 'create' || !HOLDING.includes(plan.values.status)) continue
    const account = users.get(plan.ownerSourceId)!
    const key = account.targetId !== null ? `t${account.targetId}` : `s${account.sourceId}`
    add(key, { label: `request ${plan.sourceId}`, start: plan.values.start, end: plan.values.end, plan })
  }
  for (const spans of byAccount.values()) {
    spans.sort((a, b) => a.start - b.start)
    for (let i = 0; i < spans.length; i++) {
      const a = spans[i]!
      for (let j = i + 1; j < spans.length && spans[j]!.start < a.end; j++) {
        const b = spans[j]!
        for (const [mine, other] of [[a, b], [b, a]] as const) {
          if (!mine.plan) continue
          const flag = `It overlaps ${other.label} of the same person.`
          mine.plan.flags.push(flag)
          problems.push({ entity: 'request', id: mine.plan.sourceId, reason: flag })
        }
      }
    }
  }
}

/** Bad input found while planning (an --admin-email that names nobody). */
export class PlanError extends Error {}

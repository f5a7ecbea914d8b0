// Fast, realistic seed data: multi-row INSERTs inside big transactions, straight through Kysely.
// Every user shares one argon2 hash (hashing once per user would take minutes). Users come in teams
// of 21: one manager and 20 reports. Each user's leave requests are weekly, non-overlapping periods.
// Their local period and working time (migration 0006's columns) are computed by the app's own pure
// functions, in UTC with the company's default week, as the migration's backfill does for old rows.
import { sql, type Kysely } from 'kysely'
import { hashPassword } from '../../src/auth/passwords.js'
import { isPostgres, type DB } from '../../src/db/database.js'
import type { Executor } from '../../src/db/executor.js'
import type { LeaveStatus, LeaveType } from '../../src/db/schema.js'
import { addDays, weekdayOf } from '../../src/working-time/calendar.js'
import { computeDuration, DEFAULT_WORK_WEEK } from '../../src/working-time/duration.js'
import { localPeriodOf } from '../../src/working-time/period.js'
import { computedFields } from '../../src/leave-requests/leave-requests.repository.js'

export const PASSWORD = 'bench-password-correct-horse-42'
export const TEAM_SIZE = 20

const DAY = 86_400_000
/** Rows per INSERT: 2,000 × 13 columns stays under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const CHUNK = 2000
/** Leave requests per INSERT: they travel as one array parameter per column (PostgreSQL) or one JSON text (SQLite). */
const LEAVE_CHUNK = 20_000
/** Rows per transaction. */
const TX_ROWS = 200_000

export interface SeededUser {
  id: number
  email: string
  role: 'employee' | 'manager'
}

export interface SeedResult {
  users: SeededUser[]
  leaveRequests: number
  ms: number
}

let sharedHash: Promise<string> | undefined

export const emailOf = (n: number) => `bench.user.${n}@example.com`

/** All day-based types in migration 0006's leave_types, so the seed counts them by day. */
const TYPES: LeaveType[] = ['VACATION', 'VACATION', 'VACATION', 'SICK', 'SICK', 'UNPAID', 'MATERNITY']
const DESCRIPTIONS = ['Family trip', 'Flu', 'Moving house', 'Wedding', 'Conference', 'Dentist', '', 'Long weekend', 'Hiking in the Alps']
const PAST_STATUSES: LeaveStatus[] = ['APPROVED', 'APPROVED', 'APPROVED', 'APPROVED', 'REJECTED', 'CANCELLED']
/** The zone the seed's periods are read in: calendar.ts has plain arithmetic for it, no Temporal. */
const ZONE = 'UTC'
const noHoliday = () => undefined

interface Computed {
  start_date: string
  end_date: string
  half_day_start: number
  half_day_end: number
  days: number
  hours: number
}

/**
 * The local period and working time of [start, end): localPeriodOf and computeDuration, as the app
 * stores them. A seed has few distinct periods (a user's week k starts on one of 3 days and lasts 1 to
 * 5), so each is computed once: 1M rows are about 750 periods, and computing every row again took
 * 3.8 s of a 1M-row seed.
 */
const computed = new Map<string, Computed>()
function computedOf(start: number, end: number): Computed {
  const key = `${start}/${end}`
  let c = computed.get(key)
  if (!c) {
    const instants = { start, end }
    const period = localPeriodOf(instants, ZONE)
    const duration = computeDuration({ unit: 'day', period, instants, timeZone: ZONE, workWeek: DEFAULT_WORK_WEEK, holidayOn: noHoliday })
    const { start_date, end_date, half_day_start, half_day_end, days, hours } = computedFields(instants, period, ZONE, duration)
    c = { start_date, end_date, half_day_start, half_day_end, days, hours }
    if (computed.size > 100_000) computed.clear()
    computed.set(key, c)
  }
  return c
}

function leaveRow(userId: number, k: number, now: number, base: number) {
  // Week k of the user's history; a 1-5 day period inside it, so periods never overlap.
  const start = base + k * 7 * DAY + ((userId * 7 + k) % 3) * DAY
  const end = start + (1 + ((userId + k) % 5)) * DAY
  const status: LeaveStatus = start > now ? 'PENDING' : (PAST_STATUSES[(userId + k * 3) % PAST_STATUSES.length] ?? 'APPROVED')
  const created = start - 30 * DAY
  // A period that falls on a weekend only takes 0 days: historical data, kept as it is.
  const c = computedOf(start, end)
  return {
    user_id: userId,
    start,
    end,
    start_date: c.start_date,
    end_date: c.end_date,
    half_day_start: c.half_day_start,
    half_day_end: c.half_day_end,
    time_zone: ZONE,
    days: c.days,
    hours: c.hours,
    description: DESCRIPTIONS[(userId + k) % DESCRIPTIONS.length] ?? '',
    type: TYPES[(userId * 3 + k) % TYPES.length] ?? 'VACATION',
    status,
    decided_by: null,
    decided_at: status === 'PENDING' ? null : created + DAY,
    decision_comment: '',
    created_at: created,
    updated_at: status === 'PENDING' ? created : created + DAY,
  }
}

type LeaveRow = ReturnType<typeof leaveRow>

/**
 * One INSERT ... SELECT for thousands of rows: PostgreSQL unnests one array per column, SQLite walks
 * a JSON array with json_each. Both parse far less SQL than a VALUES list with a parameter per value.
 */
async function insertLeaveRows(ex: Executor, rows: LeaveRow[], onPostgres: boolean): Promise<void> {
  if (onPostgres) {
    const col = <K extends keyof LeaveRow>(key: K) => rows.map((r) => r[key])
    await sql`
      insert into leave_requests (user_id, start, "end", description, type, status, decided_by, decided_at, decision_comment, created_at, updated_at,
                                  start_date, end_date, half_day_start, half_day_end, time_zone, days, hours)
      select * from unnest(
        ${col('user_id')}::integer[], ${col('start')}::bigint[], ${col('end')}::bigint[], ${col('description')}::text[],
        ${col('type')}::text[], ${col('status')}::text[], ${col('decided_by')}::integer[], ${col('decided_at')}::bigint[],
        ${col('decision_comment')}::text[], ${col('created_at')}::bigint[], ${col('updated_at')}::bigint[],
        ${col('start_date')}::text[], ${col('end_date')}::text[], ${col('half_day_start')}::integer[], ${col('half_day_end')}::integer[],
        ${col('time_zone')}::text[], ${col('days')}::double precision[], ${col('hours')}::double precision[])`.execute(ex)
    return
  }
  const json = JSON.stringify(
    rows.map((r) => [
      r.user_id, r.start, r.end, r.description, r.type, r.status, r.decided_by, r.decided_at, r.decision_comment, r.created_at, r.updated_at,
      r.start_date, r.end_date, r.half_day_start, r.half_day_end, r.time_zone, r.days, r.hours,
    ]),
  )
  await sql`
    insert into leave_requests (user_id, start, "end", description, type, status, decided_by, decided_at, decision_comment, created_at, updated_at,
                                start_date, end_date, half_day_start, half_day_end, time_zone, days, hours)
    select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8, value ->> 9, value ->> 10,
           value ->> 11, value ->> 12, value ->> 13, value ->> 14, value ->> 15, value ->> 16, value ->> 17
    from json_each(${json})`.execute(ex)
}

/**
 * Adds users number `fromUser` .. `fromUser + count - 1` (numbers, not ids), each with
 * `requestsPerUser` leave requests. The first member of every team of 21 is its manager.
 */
export async function seed(db: DB, fromUser: number, count: number, requestsPerUser: number): Promise<SeedResult> {
  const t0 = performance.now()
  sharedHash ??= hashPassword(PASSWORD)
  const hash = await sharedHash
  const now = Date.now()
  const users: SeededUser[] = []

  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < count; i += CHUNK) {
      const rows = []
      for (let n = fromUser + i; n < fromUser + Math.min(count, i + CHUNK); n++) {
        rows.push({
          email: emailOf(n),
          password_hash: hash,
          first_name: 'Bench',
          last_name: `User ${n}`,
          preferred_name: '',
          gender: '' as const,
          birth_date: null,
          role: n % (TEAM_SIZE + 1) === 0 ? ('manager' as const) : ('employee' as const),
          manager_id: null,
          is_active: 1,
          token_version: 0,
          created_at: now,
          updated_at: now,
        })
      }
      const inserted = await trx.insertInto('users').values(rows).returning(['id', 'email', 'role']).execute()
      for (const u of inserted) users.push({ id: u.id, email: u.email, role: u.role === 'manager' ? 'manager' : 'employee' })
    }
    // Reports point at the manager of their team (the team's first member).
    let manager: SeededUser | undefined
    const teams = new Map<number, number[]>()
    for (const u of users) {
      if (u.role === 'manager') {
        manager = u
        teams.set(u.id, [])
      } else if (manager) {
        teams.get(manager.id)?.push(u.id)
      }
    }
    for (const [managerId, reports] of teams) {
      if (reports.length > 0) await trx.updateTable('users').set({ manager_id: managerId }).where('id', 'in', reports).execute()
    }
  })

  const onPostgres = isPostgres(db as unknown as Kysely<unknown>)
  let pending: LeaveRow[] = []
  let total = 0
  const flush = async (ex: Executor) => {
    if (pending.length === 0) return
    await insertLeaveRows(ex, pending, onPostgres)
    total += pending.length
    pending = []
  }
  const ids = users.map((u) => u.id)
  // The history ends a few weeks from now: the last requests are still pending.
  const base = Math.floor(now / DAY) * DAY - Math.max(0, requestsPerUser - 3) * 7 * DAY
  // The rows reference users just inserted: checking each foreign key (a trigger per row on
  // PostgreSQL) is most of a big load's cost. PostgreSQL skips them for a superuser only.
  const skipFkChecks = onPostgres
    ? (await sql<{ su: string }>`select current_setting('is_superuser') as su`.execute(db)).rows[0]?.su === 'on'
    : true
  if (!onPostgres) await sql`pragma foreign_keys = off`.execute(db)
  try {
    // One transaction per TX_ROWS rows.
    const perTx = Math.max(1, Math.floor(TX_ROWS / Math.max(1, requestsPerUser)))
    for (let start = 0; start < ids.length; start += perTx) {
      const slice = ids.slice(start, start + perTx)
      await db.transaction().execute(async (trx) => {
        if (onPostgres && skipFkChecks) await sql`set local session_replication_role = replica`.execute(trx)
        for (const id of slice) {
          for (let k = 0; k < requestsPerUser; k++) {
            pending.push(leaveRow(id, k, now, base))
            if (pending.length >= LEAVE_CHUNK) await flush(trx)
          }
        }
        await flush(trx)
      })
    }
  } finally {
    if (!onPostgres) await sql`pragma foreign_keys = on`.execute(db)
  }
  // PostgreSQL's autovacuum would gather statistics soon after such a load; do it now.
  if (onPostgres) await sql`analyze`.execute(db)
  return { users, leaveRequests: total, ms: performance.now() - t0 }
}

/** Two-hour slots per weekday: a one-hour period starts at 00:00, 02:00, ... 22:00 UTC. */
const SLOTS_PER_DAY = 12
/** A Monday (checked below): the slots fill Monday to Friday, week after week. */
const FIRST_MONDAY = '2200-01-06'
if (weekdayOf(FIRST_MONDAY) !== 'mon') throw new Error(`${FIRST_MONDAY} is not a Monday`)

/**
 * Unique, far-future, one-hour periods, all on weekdays (a period on a Saturday or a Sunday covers no
 * working day and is refused): creates in scenario 3 never overlap anything. Each takes half a day
 * (before midday its morning, after it its afternoon).
 */
export function farFuturePeriod(n: number): { start: string; end: string } {
  const day = Math.floor(n / SLOTS_PER_DAY)
  const date = addDays(FIRST_MONDAY, Math.floor(day / 5) * 7 + (day % 5))
  const start = Date.parse(`${date}T00:00:00Z`) + (n % SLOTS_PER_DAY) * 2 * 3_600_000
  return { start: new Date(start).toISOString(), end: new Date(start + 3_600_000).toISOString() }
}

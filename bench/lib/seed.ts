// Fast, realistic seed data: multi-row INSERTs inside big transactions, straight through Kysely.
// Every user shares one argon2 hash (hashing once per user would take minutes). Users come in teams
// of 21: one manager and 20 reports. Each user's leave requests are weekly, non-overlapping periods.
// Their local period and working time (migration 0006's columns) are computed by the app's own pure
// functions, in UTC with the company's default week, as the migration's backfill does for old rows.
// Each row also carries its day counts (migration 0007), and the ledger is booked for it as the app
// books a request created in that state: bookChange() of src/balances/bookings.ts gives the facts
// (balance_entries) and the per-user, per-type, per-year totals (balance_years).
import { sql, type Kysely } from 'kysely'
import { hashPassword } from '../../src/auth/passwords.js'
import { isPostgres, type DB } from '../../src/db/database.js'
import type { Executor } from '../../src/db/executor.js'
import type { LeaveStatus, LeaveType, Role } from '../../src/db/schema.js'
import { bookingRules } from '../../src/balances/balance-book.js'
import { bookChange, type BookedFact, type BookingRules, type TotalsDelta } from '../../src/balances/bookings.js'
import { leaveYear, leaveYearOf } from '../../src/balances/leave-year.js'
import { addDays, fromEpochDay, todayIn, toEpochDay, weekdayOf, WEEKDAYS } from '../../src/working-time/calendar.js'
import { computeDuration, DEFAULT_WORK_WEEK } from '../../src/working-time/duration.js'
import { localPeriodOf } from '../../src/working-time/period.js'
import { computedFields } from '../../src/leave-requests/leave-requests.repository.js'
import { LeaveTypesRepository } from '../../src/leave-types/leave-types.repository.js'
import { SettingsRepository } from '../../src/settings/settings.repository.js'
import { CompanyHolidaysRepository } from '../../src/working-time/company-holidays.repository.js'
import { ConfigCache } from '../../src/working-time/config-cache.js'

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
  role: 'employee' | 'manager' | 'admin'
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
  /** Milli-days per date from start_date: as stored (JSON) and as bookChange() takes them. */
  day_counts: string
  counts: number[]
}

/**
 * How the seed books its rows on a fresh database: no policy exists yet, so nothing expires (what
 * draws on carried days is recounted when an admin sets an expiry). The leave year starts on the
 * settings' leave_year_start (read by seed(); 01-01 on a fresh database).
 */
export const SEED_RULES: BookingRules = { leaveYearStart: '01-01', expiryOf: () => null }

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
    const { start_date, end_date, half_day_start, half_day_end, days, hours, day_counts } = computedFields(instants, period, ZONE, duration)
    c = { start_date, end_date, half_day_start, half_day_end, days, hours, day_counts, counts: JSON.parse(day_counts) as number[] }
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
  const type: LeaveType = TYPES[(userId * 3 + k) % TYPES.length] ?? 'VACATION'
  return rowOf(userId, start, end, type, status, status === 'PENDING' ? null : created + DAY, created, DESCRIPTIONS[(userId + k) % DESCRIPTIONS.length] ?? '')
}

/** A leave row of [start, end) with its computed columns; `id` is set when it is queued for insertion. */
function rowOf(userId: number, start: number, end: number, type: LeaveType, status: LeaveStatus, decidedAt: number | null, created: number, description: string) {
  // A period that falls on a weekend only takes 0 days: historical data, kept as it is.
  const c = computedOf(start, end)
  return {
    id: 0,
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
    day_counts: c.day_counts,
    counts: c.counts,
    description,
    type,
    status,
    decided_by: null,
    decided_at: decidedAt,
    decision_comment: '',
    created_at: created,
    updated_at: decidedAt ?? created,
  }
}

type LeaveRow = ReturnType<typeof rowOf>

/**
 * One INSERT ... SELECT for thousands of rows: PostgreSQL unnests one array per column, SQLite walks
 * a JSON array with json_each. Both parse far less SQL than a VALUES list with a parameter per value.
 * The database numbers the rows (an explicit id made SQLite's insert 40 % slower: it seeks each rowid
 * instead of appending): one statement on one connection numbers them in the order given, after the
 * largest id. The ledger needs each row's id, so the caller has set `id` to that number, and this
 * checks it on a sample of the rows (first, last and 14 between).
 */
async function insertLeaveRows(ex: Executor, rows: LeaveRow[], onPostgres: boolean): Promise<void> {
  await insertLeaveRowsUnnumbered(ex, rows, onPostgres)
  const sample = [...new Set(Array.from({ length: 16 }, (_, i) => rows[Math.round((i * (rows.length - 1)) / 15)]!))]
  const stored = await ex.selectFrom('leave_requests').select(['id', 'user_id', 'start']).where('id', 'in', sample.map((r) => r.id)).execute()
  const byId = new Map(stored.map((r) => [Number(r.id), r]))
  for (const r of sample) {
    const s = byId.get(r.id)
    if (!s || Number(s.user_id) !== r.user_id || Number(s.start) !== r.start) {
      throw new Error(`bench seed: leave request ${r.id} was expected to be user ${r.user_id}'s from ${r.start}, the database numbered it ${JSON.stringify(s)}`)
    }
  }
}

async function insertLeaveRowsUnnumbered(ex: Executor, rows: LeaveRow[], onPostgres: boolean): Promise<void> {
  if (onPostgres) {
    const col = <K extends keyof LeaveRow>(key: K) => rows.map((r) => r[key])
    await sql`
      insert into leave_requests (user_id, start, "end", description, type, status, decided_by, decided_at, decision_comment, created_at, updated_at,
                                  start_date, end_date, half_day_start, half_day_end, time_zone, days, hours, day_counts)
      select * from unnest(
        ${col('user_id')}::integer[], ${col('start')}::bigint[], ${col('end')}::bigint[], ${col('description')}::text[],
        ${col('type')}::text[], ${col('status')}::text[], ${col('decided_by')}::integer[], ${col('decided_at')}::bigint[],
        ${col('decision_comment')}::text[], ${col('created_at')}::bigint[], ${col('updated_at')}::bigint[],
        ${col('start_date')}::text[], ${col('end_date')}::text[], ${col('half_day_start')}::integer[], ${col('half_day_end')}::integer[],
        ${col('time_zone')}::text[], ${col('days')}::double precision[], ${col('hours')}::double precision[], ${col('day_counts')}::text[])`.execute(ex)
    return
  }
  const json = JSON.stringify(
    rows.map((r) => [
      r.user_id, r.start, r.end, r.description, r.type, r.status, r.decided_by, r.decided_at, r.decision_comment, r.created_at, r.updated_at,
      r.start_date, r.end_date, r.half_day_start, r.half_day_end, r.time_zone, r.days, r.hours, r.day_counts,
    ]),
  )
  await sql`
    insert into leave_requests (user_id, start, "end", description, type, status, decided_by, decided_at, decision_comment, created_at, updated_at,
                                start_date, end_date, half_day_start, half_day_end, time_zone, days, hours, day_counts)
    select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8, value ->> 9, value ->> 10,
           value ->> 11, value ->> 12, value ->> 13, value ->> 14, value ->> 15, value ->> 16, value ->> 17, value ->> 18
    from json_each(${json})`.execute(ex)
}

/** The UTC date of an instant; a seed has few distinct decision days, so each is formatted once. */
const utcDates = new Map<number, string>()
function utcDateOf(ms: number): string {
  const day = Math.floor(ms / DAY)
  let date = utcDates.get(day)
  if (date === undefined) utcDates.set(day, (date = fromEpochDay(day)))
  return date
}

/** A fact of a booking with what depends on the request's id left open: its comment around the id. */
interface FactTemplate {
  type: string
  year: number
  date: string
  kind: string
  amount: number
  leave_from: string | null
  day_counts: string | null
  /** The comment is prefix + id + suffix, or prefix alone when suffix is null. */
  prefix: string
  suffix: string | null
}

/** The booking of one distinct request (type, status, dates, day counts, decision day). */
interface Template {
  id: number
  facts: FactTemplate[]
  deltas: TotalsDelta[]
}

/** An id no seed reaches: it marks where a booking names its request. */
const PLACEHOLDER_ID = 987_654_321

function factTemplate(f: BookedFact): FactTemplate {
  if (f.request_id !== PLACEHOLDER_ID) throw new Error(`bench seed: a booking names request ${f.request_id}, not the one booked`)
  const parts = f.comment.split(String(PLACEHOLDER_ID))
  if (parts.length > 2) throw new Error(`bench seed: a comment names its request more than once: ${f.comment}`)
  return {
    type: f.type,
    year: f.year,
    date: f.date,
    kind: f.kind,
    amount: f.amount,
    leave_from: f.leave_from,
    day_counts: f.day_counts && JSON.stringify(f.day_counts),
    prefix: parts[0]!,
    suffix: parts.length === 2 ? parts[1]! : null,
  }
}

/**
 * bookChange() for each seeded row, computed once per distinct request: a seed repeats a few thousand
 * of them. A booking depends on the request's id only through request_id and the comments that name
 * it, so it is computed for a placeholder id; the first use of each is checked against a direct call
 * with the real id.
 */
class Bookings {
  private readonly cache = new Map<string, Template | null>()
  private nextId = 1

  constructor(private readonly rules: BookingRules) {}

  /** The row's booking, or null when it books nothing (a rejected or cancelled request). */
  of(row: LeaveRow): Template | null {
    const today = utcDateOf(row.decided_at ?? row.updated_at)
    const key = `${row.type}|${row.status}|${row.start_date}|${row.day_counts}|${today}`
    let template = this.cache.get(key)
    if (template === undefined) {
      const request = { id: PLACEHOLDER_ID, type: row.type, status: row.status, start_date: row.start_date, day_counts: row.counts }
      const booking = bookChange(null, request, today, this.rules, 'approved')
      template = booking.facts.length === 0 && booking.deltas.length === 0 ? null : { id: this.nextId++, facts: booking.facts.map(factTemplate), deltas: booking.deltas }
      const direct = bookChange(null, { ...request, id: row.id }, today, this.rules, 'approved')
      const filled = (template?.facts ?? []).map(({ prefix, suffix, ...f }) => ({ ...f, request_id: row.id, comment: suffix === null ? prefix : `${prefix}${row.id}${suffix}` }))
      const expected = direct.facts.map((f) => {
        const { prefix: _prefix, suffix: _suffix, ...rest } = factTemplate({ ...f, request_id: PLACEHOLDER_ID, comment: '' })
        return { ...rest, request_id: f.request_id, comment: f.comment }
      })
      if (JSON.stringify(filled) !== JSON.stringify(expected) || JSON.stringify(direct.deltas) !== JSON.stringify(booking.deltas)) {
        throw new Error(`bench seed: bookChange() of request ${row.id} depends on its id beyond request_id and the comment`)
      }
      this.cache.set(key, template)
    }
    return template
  }
}

/**
 * Queues leave rows for insertion and books each as the app would: bookChange() of a request created
 * in its state, on the UTC date it was decided. The facts and totals are expanded in the database:
 * each transaction gets temporary tables of the bookings it uses (seed_template_facts and
 * seed_template_deltas, a few thousand rows) and of which request has which booking (seed_bookings);
 * finish() then writes balance_entries with one INSERT ... SELECT (the comment completed with the
 * request's id) and balance_years with one INSERT ... SELECT ... GROUP BY user, type and year. Every
 * row of a user goes through one transaction, so its totals are complete when written. Shipping the
 * 600,000 facts of a 1M-row seed from JavaScript cost more than the leave rows themselves.
 */
class Loader {
  private rows: LeaveRow[] = []
  /** request id, user id, template id: flattened. */
  private bookings: number[] = []
  private used = new Map<number, Template>()
  private tables = false
  private readonly templates: Bookings
  leaveRequests = 0
  factCount = 0
  totalRows = 0

  constructor(
    private readonly onPostgres: boolean,
    rules: BookingRules,
    private lastId: number,
    private readonly now: number,
  ) {
    this.templates = new Bookings(rules)
  }

  async add(ex: Executor, row: LeaveRow): Promise<void> {
    row.id = ++this.lastId
    this.rows.push(row)
    const template = this.templates.of(row)
    if (template) {
      this.bookings.push(row.id, row.user_id, template.id)
      this.used.set(template.id, template)
    }
    if (this.rows.length >= LEAVE_CHUNK) await this.flush(ex)
  }

  private async flush(ex: Executor): Promise<void> {
    if (this.rows.length > 0) await insertLeaveRows(ex, this.rows, this.onPostgres)
    this.leaveRequests += this.rows.length
    this.rows = []
    if (this.bookings.length === 0) return
    if (!this.tables) {
      for (const ddl of [
        'create temp table seed_bookings (request_id integer not null, user_id integer not null, template integer not null)',
        `create temp table seed_template_facts (template integer not null, seq integer not null, type varchar(32) not null, year integer not null, date varchar(10) not null,
           kind varchar(16) not null, amount integer not null, leave_from varchar(10), day_counts text, prefix text not null, suffix text, primary key (template, seq))`,
        `create temp table seed_template_deltas (template integer not null, type varchar(32) not null, year integer not null, used integer not null, used_early integer not null,
           adjustments integer not null, fact_date varchar(10) not null)`,
      ]) {
        await sql.raw(ddl).execute(ex)
      }
      this.tables = true
    }
    const b = this.bookings
    if (this.onPostgres) {
      const col = (k: number) => b.filter((_, i) => i % 3 === k)
      await sql`insert into seed_bookings select * from unnest(${col(0)}::integer[], ${col(1)}::integer[], ${col(2)}::integer[])`.execute(ex)
    } else {
      await sql`insert into seed_bookings select value ->> 0, value ->> 1, value ->> 2 from json_each(${JSON.stringify(chunked(b, 3))})`.execute(ex)
    }
    this.bookings = []
  }

  /** Writes everything queued, then the ledger of the transaction's rows. */
  async finish(ex: Executor): Promise<void> {
    await this.flush(ex)
    if (!this.tables) return
    const facts = [...this.used.values()].flatMap((t) => t.facts.map((f, seq) => [t.id, seq, f.type, f.year, f.date, f.kind, f.amount, f.leave_from, f.day_counts, f.prefix, f.suffix]))
    const deltas = [...this.used.values()].flatMap((t) => t.deltas.map((d) => [t.id, d.type, d.year, d.used, d.used_early, d.adjustments, d.fact_date]))
    for (let i = 0; i < facts.length; i += LEAVE_CHUNK) await insertJsonRows(ex, 'seed_template_facts', FACT_TYPES, facts.slice(i, i + LEAVE_CHUNK), this.onPostgres)
    for (let i = 0; i < deltas.length; i += LEAVE_CHUNK) await insertJsonRows(ex, 'seed_template_deltas', DELTA_TYPES, deltas.slice(i, i + LEAVE_CHUNK), this.onPostgres)
    const entries = await sql`
      insert into balance_entries (user_id, type, year, date, kind, amount, request_id, leave_from, day_counts, comment, created_at)
      select b.user_id, f.type, f.year, f.date, f.kind, f.amount, b.request_id, f.leave_from, f.day_counts,
             case when f.suffix is null then f.prefix else f.prefix || cast(b.request_id as text) || f.suffix end, cast(${this.now} as bigint)
      from seed_bookings b join seed_template_facts f on f.template = b.template`.execute(ex)
    const totals = await sql`
      insert into balance_years (user_id, type, year, used, used_early, adjustments, last_fact_date)
      select b.user_id, d.type, d.year, sum(d.used), sum(d.used_early), sum(d.adjustments), max(d.fact_date)
      from seed_bookings b join seed_template_deltas d on d.template = b.template
      group by b.user_id, d.type, d.year`.execute(ex)
    this.factCount += Number(entries.numAffectedRows ?? 0)
    this.totalRows += Number(totals.numAffectedRows ?? 0)
    for (const table of ['seed_bookings', 'seed_template_facts', 'seed_template_deltas']) await sql.raw(`drop table ${table}`).execute(ex)
    this.tables = false
    this.used = new Map()
  }
}

/** [a, b, c, d, ...] as [[a, b], [c, d], ...] for a width of 2. */
function chunked(flat: number[], width: number): number[][] {
  const out: number[][] = []
  for (let i = 0; i < flat.length; i += width) out.push(flat.slice(i, i + width))
  return out
}

/** Rows of a temporary table of these column types from one JSON parameter (json_each on SQLite, json_array_elements on PostgreSQL). */
async function insertJsonRows(ex: Executor, table: string, types: string[], rows: unknown[][], onPostgres: boolean): Promise<void> {
  if (rows.length === 0) return
  const columns = types.map((type, i) => (onPostgres ? `cast(value ->> ${i} as ${type})` : `value ->> ${i}`)).join(', ')
  const json = JSON.stringify(rows)
  const source = onPostgres ? sql`json_array_elements(cast(${json} as json)) as value` : sql`json_each(${json})`
  await sql`insert into ${sql.raw(table)} select ${sql.raw(columns)} from ${source}`.execute(ex)
}

const FACT_TYPES = ['integer', 'integer', 'text', 'integer', 'text', 'text', 'integer', 'text', 'text', 'text', 'text']
const DELTA_TYPES = ['integer', 'text', 'integer', 'integer', 'integer', 'integer', 'text']

/** Inserts users number `fromUser` .. `fromUser + count - 1` (numbers, not ids), all sharing one hash. */
async function insertUsers(ex: Executor, fromUser: number, count: number, roleOf: (n: number) => Role, now: number): Promise<SeededUser[]> {
  sharedHash ??= hashPassword(PASSWORD)
  const hash = await sharedHash
  const users: SeededUser[] = []
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
        role: roleOf(n),
        manager_id: null,
        is_active: 1,
        token_version: 0,
        created_at: now,
        updated_at: now,
      })
    }
    const inserted = await ex.insertInto('users').values(rows).returning(['id', 'email', 'role']).execute()
    for (const u of inserted) users.push({ id: u.id, email: u.email, role: u.role })
  }
  return users
}

/** Users without leave requests (an admin, people with no history), numbered as in seed(). */
export async function seedUsers(db: DB, fromUser: number, count: number, role: Role = 'employee'): Promise<SeededUser[]> {
  return db.transaction().execute((trx) => insertUsers(trx, fromUser, count, () => role, Date.now()))
}

/**
 * Runs `load` with foreign-key checks off (the rows reference users just inserted: checking each
 * foreign key, a trigger per row on PostgreSQL, is most of a big load's cost; PostgreSQL skips them
 * for a superuser only), then gives leave_requests' id sequence the ids the seed chose.
 */
async function bulkLoad(db: DB, rules: BookingRules, now: number, load: (loader: Loader, inTransaction: (fn: (trx: Executor) => Promise<void>) => Promise<void>) => Promise<void>): Promise<Loader> {
  const onPostgres = isPostgres(db as unknown as Kysely<unknown>)
  const skipFkChecks = onPostgres
    ? (await sql<{ su: string }>`select current_setting('is_superuser') as su`.execute(db)).rows[0]?.su === 'on'
    : true
  // The id the database gives the next row, less one: the identity sequence's last value (PostgreSQL), the
  // larger of AUTOINCREMENT's counter and the largest id (SQLite). insertLeaveRows() checks it.
  const last = onPostgres
    ? await sql<{ id: number | null }>`select pg_sequence_last_value(pg_get_serial_sequence('leave_requests', 'id')) as id`.execute(db)
    : await sql<{ id: number | null }>`select max(coalesce((select seq from sqlite_sequence where name = 'leave_requests'), 0), coalesce((select max(id) from leave_requests), 0)) as id`.execute(db)
  const loader = new Loader(onPostgres, rules, Number(last.rows[0]?.id ?? 0), now)
  const inTransaction = (fn: (trx: Executor) => Promise<void>) =>
    db.transaction().execute(async (trx) => {
      if (onPostgres && skipFkChecks) await sql`set local session_replication_role = replica`.execute(trx)
      await fn(trx)
      await loader.finish(trx)
    })
  if (!onPostgres) await sql`pragma foreign_keys = off`.execute(db)
  try {
    await load(loader, inTransaction)
  } finally {
    if (!onPostgres) await sql`pragma foreign_keys = on`.execute(db)
  }
  if (onPostgres) {
    // PostgreSQL's autovacuum would gather statistics soon after such a load; do it now.
    await sql`analyze`.execute(db)
  }
  return loader
}

/** The booking rules of this database when nothing expires: its leave year start, SEED_RULES otherwise. */
async function seedRules(db: DB): Promise<BookingRules> {
  const row = await db.selectFrom('settings').select('leave_year_start').where('id', '=', 1).executeTakeFirst()
  return { ...SEED_RULES, leaveYearStart: row?.leave_year_start ?? SEED_RULES.leaveYearStart }
}

export interface SeedResult {
  users: SeededUser[]
  leaveRequests: number
  /** Rows written to balance_entries and balance_years. */
  facts: number
  totals: number
  ms: number
}

/**
 * Adds users number `fromUser` .. `fromUser + count - 1` (numbers, not ids), each with
 * `requestsPerUser` leave requests. Users come in teams of `teamSize` + 1 (21 by default): user
 * number n is a manager when n is a multiple of `teamSize` + 1, and the users after it report to it.
 */
export async function seed(db: DB, fromUser: number, count: number, requestsPerUser: number, teamSize = TEAM_SIZE): Promise<SeedResult> {
  const t0 = performance.now()
  const now = Date.now()
  const users = await db.transaction().execute(async (trx) => {
    const users = await insertUsers(trx, fromUser, count, (n) => (n % (teamSize + 1) === 0 ? 'manager' : 'employee'), now)
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
    return users
  })

  const ids = users.map((u) => u.id)
  // The history ends a few weeks from now: the last requests are still pending.
  const base = Math.floor(now / DAY) * DAY - Math.max(0, requestsPerUser - 3) * 7 * DAY
  const loader = await bulkLoad(db, await seedRules(db), now, async (loader, inTransaction) => {
    // One transaction per TX_ROWS rows.
    const perTx = Math.max(1, Math.floor(TX_ROWS / Math.max(1, requestsPerUser)))
    for (let start = 0; start < ids.length; start += perTx) {
      const slice = ids.slice(start, start + perTx)
      await inTransaction(async (trx) => {
        for (const id of slice) {
          for (let k = 0; k < requestsPerUser; k++) await loader.add(trx, leaveRow(id, k, now, base))
        }
      })
    }
  })
  return { users, leaveRequests: loader.leaveRequests, facts: loader.factCount, totals: loader.totalRows, ms: performance.now() - t0 }
}

export interface HistoryOptions {
  /** Leave years of history, the current one the last. */
  years: number
  /** Approved requests per leave year (at most 51: one a week). */
  perYear: number
  /**
   * How the app books them: bookingRules() of src/balances/balance-book.ts with the database's
   * config, so that what draws on carried days counts the policy's expiry (default: this database's
   * leave year start, nothing expires).
   */
  rules?: BookingRules
  type?: LeaveType
}

/**
 * Adds users number `fromUser` .. `fromUser + count - 1`, each with `years` leave years (the current
 * one the last) of `perYear` approved half days of `type`: one a week from the first Monday of each
 * leave year, on Monday to Friday in turn (mornings, 00:00-12:00 UTC). Each was approved 14 days before
 * it starts, or yesterday for those that start later than that: no fact is dated after today.
 */
export async function seedHistory(db: DB, fromUser: number, count: number, options: HistoryOptions): Promise<SeedResult> {
  const t0 = performance.now()
  const { years, perYear, type = 'VACATION' } = options
  if (perYear > 51) throw new Error('seedHistory: at most 51 requests a leave year (one a week)')
  const rules = options.rules ?? (await seedRules(db))
  const now = Date.now()
  const users = await seedUsers(db, fromUser, count)
  const current = leaveYearOf(todayIn('UTC', now), rules.leaveYearStart).year
  const starts: number[] = []
  for (let y = current - years + 1; y <= current; y++) {
    const ly = leaveYear(y, rules.leaveYearStart)
    const monday = addDays(ly.start, (7 - WEEKDAYS.indexOf(weekdayOf(ly.start))) % 7)
    for (let k = 0; k < perYear; k++) starts.push(toEpochDay(addDays(monday, 7 * k + (k % 5))) * DAY)
  }
  const loader = await bulkLoad(db, rules, now, async (loader, inTransaction) => {
    await inTransaction(async (trx) => {
      for (const u of users) {
        for (const start of starts) {
          const decided = Math.min(start - 14 * DAY, now - DAY)
          await loader.add(trx, rowOf(u.id, start, start + DAY / 2, type, 'APPROVED', decided, decided - DAY, 'History'))
        }
      }
    })
  })
  return { users, leaveRequests: loader.leaveRequests, facts: loader.factCount, totals: loader.totalRows, ms: performance.now() - t0 }
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

/** How the app books changes on this database now: bookingRules() of its current config (policies, expiry dates and leave year start). */
export async function appBookingRules(db: DB): Promise<BookingRules> {
  const config = await new ConfigCache(new SettingsRepository(db), new LeaveTypesRepository(db), new CompanyHolidaysRepository(db)).get(null)
  return bookingRules(config)
}

// Balances: each leave type's policy (and its history), each request's working time per date, and the
// ledger: stored facts (usages, releases, adjustments) with per-user, per-type, per-year totals kept
// current by every write. Existing requests get their day counts and their facts: an approved one a
// usage on the day it was decided. (What pending ones reserve is derived from them, never stored.)
import { type Kysely, sql } from 'kysely'
import { isPostgres } from '../database.js'
import { idColumn } from './0001_initial.js'
import { bookChange, type BookedFact, type TotalsDelta } from '../../balances/bookings.js'
import { eachDate } from '../../working-time/calendar.js'
import { computeDuration, DEFAULT_WORK_WEEK } from '../../working-time/duration.js'

const BATCH = 500

export async function up(db: Kysely<unknown>): Promise<void> {
  const [idName, idType, idBuilder] = idColumn(db)
  for (const [name, type, fallback] of [
    ['annual_allowance', 'double precision', 0],
    ['accrual', 'varchar(8)', 'yearly'],
    ['allow_negative', 'double precision', 0],
  ] as const) {
    await db.schema
      .alterTable('leave_types')
      .addColumn(name, type, (c) => c.notNull().defaultTo(fallback))
      .execute()
  }
  await db.schema.alterTable('leave_types').addColumn('carry_over_max', 'double precision').execute()
  await db.schema.alterTable('leave_types').addColumn('carry_over_expires', 'varchar(5)').execute()

  await db.schema
    .createTable('leave_type_policies')
    .addColumn(idName, idType, idBuilder)
    .addColumn('type', 'varchar(32)', (c) => c.notNull())
    .addColumn('effective_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('annual_allowance', 'double precision', (c) => c.notNull())
    .addColumn('accrual', 'varchar(8)', (c) => c.notNull())
    .addColumn('carry_over_max', 'double precision')
    .addColumn('carry_over_expires', 'varchar(5)')
    .addColumn('allow_negative', 'double precision', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  // Policies are part of the working config that each process caches (0006's config_version).
  const bump = 'UPDATE shared_versions SET config_version = config_version + 1'
  if (isPostgres(db)) {
    await sql.raw(`CREATE TRIGGER leave_type_policies_config_version AFTER INSERT OR UPDATE OR DELETE ON leave_type_policies FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version()`).execute(db)
  } else {
    for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
      await sql.raw(`CREATE TRIGGER leave_type_policies_config_version_${op.toLowerCase()} AFTER ${op} ON leave_type_policies BEGIN ${bump}; END`).execute(db)
    }
  }

  await db.schema.alterTable('leave_requests').addColumn('day_counts', 'text', (c) => c.notNull().defaultTo('[]')).execute()

  await db.schema
    .createTable('balance_entries')
    .addColumn(idName, idType, idBuilder)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('type', 'varchar(32)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('date', 'varchar(10)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('request_id', 'integer')
    .addColumn('leave_from', 'varchar(10)')
    .addColumn('day_counts', 'text')
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  // A new fact changes its person's balances: it bumps their leave_version (0005), which cached
  // answers of their own balances are checked against, as their list pages are.
  if (isPostgres(db)) {
    await sql.raw(`CREATE FUNCTION balance_entries_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN UPDATE users SET leave_version = leave_version + 1 WHERE id = NEW.user_id; RETURN NULL; END $$`).execute(db)
    await sql.raw('CREATE TRIGGER balance_entries_version AFTER INSERT ON balance_entries FOR EACH ROW EXECUTE FUNCTION balance_entries_bump_version()').execute(db)
  } else {
    await sql.raw('CREATE TRIGGER balance_entries_version AFTER INSERT ON balance_entries BEGIN UPDATE users SET leave_version = leave_version + 1 WHERE id = NEW.user_id; END').execute(db)
  }
  await db.schema.createIndex('balance_entries_user_type_year_idx').on('balance_entries').columns(['user_id', 'type', 'year', 'date']).execute()
  await db.schema.createIndex('balance_entries_actor_idx').on('balance_entries').column('actor_id').execute()

  await db.schema
    .createTable('balance_years')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('type', 'varchar(32)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull())
    .addColumn('used_early', 'integer', (c) => c.notNull())
    .addColumn('adjustments', 'integer', (c) => c.notNull())
    .addColumn('last_fact_date', 'varchar(10)')
    .addPrimaryKeyConstraint('balance_years_pk', ['user_id', 'type', 'year'])
    .execute()
  await db.schema.createIndex('balance_years_type_year_idx').on('balance_years').columns(['type', 'year']).execute()

  await backfill(db)
}

interface Row {
  id: number
  user_id: number
  type: string
  status: string
  start_date: string
  end_date: string
  half_day_start: number
  half_day_end: number
  days: number
  decided_at: number | string | null
  updated_at: number | string
}

/** Day counts for every request (as 0006 counted them, fitted to the stored days), then the ledger. */
async function backfill(db: Kysely<unknown>): Promise<void> {
  const { rows: settings } = await sql<{ leave_year_start: string }>`select leave_year_start from settings where id = 1`.execute(db)
  const rules = { leaveYearStart: settings[0]?.leave_year_start ?? '01-01', expiryOf: () => null }
  const totals = new Map<string, TotalsDelta & { user_id: number }>()
  const facts: (BookedFact & { user_id: number })[] = []
  let after = 0
  for (;;) {
    const { rows } = await sql<Row>`
      select id, user_id, type, status, start_date, end_date, half_day_start, half_day_end, days, decided_at, updated_at
      from leave_requests where id > ${after} order by id limit ${BATCH}`.execute(db)
    if (rows.length === 0) break
    const values = rows.map((row) => {
      const counts = fittedCounts(row)
      const decided = new Date(Number(row.decided_at ?? row.updated_at)).toISOString().slice(0, 10)
      const booking = bookChange(null, { ...row, day_counts: counts }, decided, rules, 'approved (before balances were kept)')
      for (const fact of booking.facts) facts.push({ ...fact, user_id: row.user_id })
      for (const d of booking.deltas) {
        const key = `${row.user_id}|${d.type}|${d.year}`
        const sum = totals.get(key) ?? { ...d, user_id: row.user_id, used: 0, used_early: 0, adjustments: 0 }
        for (const k of ['used', 'used_early', 'adjustments'] as const) sum[k] += d[k]
        if (d.fact_date > sum.fact_date) sum.fact_date = d.fact_date
        totals.set(key, sum)
      }
      return sql`(cast(${row.id} as integer), cast(${JSON.stringify(counts)} as text))`
    })
    await sql`update leave_requests set day_counts = v.column2 from (values ${sql.join(values)}) as v where leave_requests.id = v.column1`.execute(db)
    after = Number(rows[rows.length - 1]!.id)
  }
  const now = Date.now()
  for (let i = 0; i < facts.length; i += BATCH) {
    const chunk = facts.slice(i, i + BATCH).map(
      (f) => sql`(${f.user_id}, ${f.type}, ${f.year}, ${f.date}, ${f.kind}, ${f.amount}, ${f.request_id}, ${f.leave_from}, ${f.day_counts && JSON.stringify(f.day_counts)}, ${f.comment}, ${now})`,
    )
    await sql`insert into balance_entries (user_id, type, year, date, kind, amount, request_id, leave_from, day_counts, comment, created_at) values ${sql.join(chunk)}`.execute(db)
  }
  const sums = [...totals.values()]
  for (let i = 0; i < sums.length; i += BATCH) {
    const chunk = sums.slice(i, i + BATCH).map(
      (t) => sql`(${t.user_id}, ${t.type}, ${t.year}, ${t.used}, ${t.used_early}, ${t.adjustments}, ${t.fact_date})`,
    )
    await sql`insert into balance_years (user_id, type, year, used, used_early, adjustments, last_fact_date) values ${sql.join(chunk)}`.execute(db)
  }
}

/** The request's days per date as 0006 counted them, scaled to the stored total when they differ. */
function fittedCounts(row: Row): number[] {
  const period = { start_date: row.start_date, end_date: row.end_date, half_day_start: row.half_day_start === 1, half_day_end: row.half_day_end === 1 }
  const { breakdown } = computeDuration({ unit: 'day', period, instants: { start: 0, end: 0 }, timeZone: 'UTC', workWeek: DEFAULT_WORK_WEEK, holidayOn: () => undefined })
  const target = Math.round(Number(row.days) * 1000)
  const counts = breakdown.map((d) => Math.round(d.counts * 1000))
  const sum = counts.reduce((a, b) => a + b, 0)
  if (sum === target) return counts
  if (sum === 0) return [...eachDate(row.start_date, row.end_date)].map((_, i) => (i === 0 ? target : 0))
  const scaled = counts.map((c) => Math.round((c * target) / sum))
  let last = scaled.length - 1
  while (last > 0 && scaled[last] === 0) last--
  scaled[last] = scaled[last]! + target - scaled.reduce((a, b) => a + b, 0)
  return scaled
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('balance_years').execute()
  if (isPostgres(db)) {
    await sql.raw('DROP TRIGGER balance_entries_version ON balance_entries').execute(db)
    await sql.raw('DROP FUNCTION balance_entries_bump_version()').execute(db)
  }
  await db.schema.dropTable('balance_entries').execute()
  await db.schema.alterTable('leave_requests').dropColumn('day_counts').execute()
  if (isPostgres(db)) await sql.raw('DROP TRIGGER leave_type_policies_config_version ON leave_type_policies').execute(db)
  else for (const op of ['insert', 'update', 'delete']) await sql.raw(`DROP TRIGGER leave_type_policies_config_version_${op}`).execute(db)
  await db.schema.dropTable('leave_type_policies').execute()
  for (const name of ['carry_over_expires', 'carry_over_max', 'allow_negative', 'accrual', 'annual_allowance']) {
    await db.schema.alterTable('leave_types').dropColumn(name).execute()
  }
}

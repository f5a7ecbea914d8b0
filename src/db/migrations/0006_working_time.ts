// Working time: company settings, people's zones, regions and work weeks, company days off, leave
// types as data, and on every leave request its local period and the working time it takes.
// Existing requests get theirs computed with the defaults (UTC, Monday to Friday 8 hours, no region),
// which is how the original counted them: as UTC dates.
import { type Kysely, sql } from 'kysely'
import { isPostgres } from '../database.js'
import { idColumn } from './0001_initial.js'
import { computeDuration, DEFAULT_WORK_WEEK } from '../../working-time/duration.js'
import { localPeriodOf } from '../../working-time/period.js'

const SEEDED_TYPES = [
  { code: 'VACATION', name: 'Vacation', color: '#2563EB' },
  { code: 'SICK', name: 'Sick leave', color: '#DC2626' },
  { code: 'MATERNITY', name: 'Maternity leave', color: '#DB2777' },
  { code: 'UNPAID', name: 'Unpaid leave', color: '#6B7280' },
]

const BACKFILL_BATCH = 1000

export async function up(db: Kysely<unknown>): Promise<void> {
  const [idName, idType, idBuilder] = idColumn(db)
  const now = Date.now()

  await db.schema
    .createTable('settings')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('default_time_zone', 'varchar(64)', (c) => c.notNull())
    .addColumn('default_holiday_region', 'varchar(16)')
    .addColumn('default_work_week', 'varchar(200)', (c) => c.notNull())
    .addColumn('leave_year_start', 'varchar(5)', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await sql`insert into settings (id, default_time_zone, default_holiday_region, default_work_week, leave_year_start, updated_at)
            values (1, 'UTC', null, ${JSON.stringify(DEFAULT_WORK_WEEK)}, '01-01', ${now})`.execute(db)

  for (const [name, type] of [
    ['time_zone', 'varchar(64)'],
    ['holiday_region', 'varchar(16)'],
    ['work_week', 'varchar(200)'],
    ['employment_start', 'varchar(10)'],
  ] as const) {
    await db.schema.alterTable('users').addColumn(name, type).execute()
  }

  await db.schema
    .createTable('company_holidays')
    .addColumn(idName, idType, idBuilder)
    .addColumn('date', 'varchar(10)', (c) => c.notNull())
    .addColumn('name', 'varchar(150)', (c) => c.notNull())
    .addColumn('half_day', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('region', 'varchar(16)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('company_holidays_date_idx').on('company_holidays').column('date').execute()

  await db.schema
    .createTable('leave_types')
    .addColumn(idName, idType, idBuilder)
    .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('unit', 'varchar(8)', (c) => c.notNull())
    .addColumn('requires_approval', 'integer', (c) => c.notNull())
    .addColumn('counts_against_balance', 'integer', (c) => c.notNull())
    .addColumn('color', 'varchar(7)', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  for (const t of SEEDED_TYPES) {
    await sql`insert into leave_types (code, name, unit, requires_approval, counts_against_balance, color, active, created_at, updated_at)
              values (${t.code}, ${t.name}, 'day', 1, 0, ${t.color}, 1, ${now}, ${now})`.execute(db)
  }

  await db.schema.alterTable('audit_events').addColumn('note', 'text').execute()

  // Codes are up to 32 characters now (SQLite does not enforce a varchar length).
  if (isPostgres(db)) await sql`alter table leave_requests alter column type type varchar(32)`.execute(db)
  for (const [name, type, fallback] of [
    ['start_date', 'varchar(10)', ''],
    ['end_date', 'varchar(10)', ''],
    ['half_day_start', 'integer', 0],
    ['half_day_end', 'integer', 0],
    ['time_zone', 'varchar(64)', 'UTC'],
    ['days', 'double precision', 0],
    ['hours', 'double precision', 0],
  ] as const) {
    await db.schema
      .alterTable('leave_requests')
      .addColumn(name, type, (c) => c.notNull().defaultTo(fallback))
      .execute()
  }
  await backfill(db)
  await configVersionTriggers(db)
  // A company day off recomputes the requests around its date: those ending on or after it. With the
  // status first, SQLite (which keeps no statistics) takes it over the status index alone.
  await db.schema.createIndex('leave_requests_end_date_idx').on('leave_requests').column('end_date').execute()
  await db.schema.createIndex('leave_requests_status_end_date_idx').on('leave_requests').columns(['status', 'end_date']).execute()
}

/** The tables whose rows every duration depends on: a change to any of them bumps config_version. */
const CONFIG_TABLES = ['settings', 'leave_types', 'company_holidays']

/**
 * shared_versions.config_version: +1 on any change to settings, leave types or company days off, by
 * triggers (so no write path can forget it). Authentication reads it with the user, and each process
 * keeps those tables in memory while it is unchanged (working-time/config-cache.ts).
 */
async function configVersionTriggers(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('shared_versions').addColumn('config_version', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  const bump = 'UPDATE shared_versions SET config_version = config_version + 1'
  if (isPostgres(db)) {
    await sql.raw(`CREATE FUNCTION bump_config_version() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${bump}; RETURN NULL; END $$`).execute(db)
    for (const table of CONFIG_TABLES) {
      await sql.raw(`CREATE TRIGGER ${table}_config_version AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version()`).execute(db)
    }
    return
  }
  for (const table of CONFIG_TABLES) {
    for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
      await sql.raw(`CREATE TRIGGER ${table}_config_version_${op.toLowerCase()} AFTER ${op} ON ${table} BEGIN ${bump}; END`).execute(db)
    }
  }
}

/** Computes the new columns of existing requests in batches, each written by one UPDATE ... FROM (VALUES ...). */
async function backfill(db: Kysely<unknown>): Promise<void> {
  let after = 0
  for (;;) {
    const { rows } = await sql<{ id: number; start: number | string; end: number | string }>`
      select id, start, "end" from leave_requests where id > ${after} order by id limit ${BACKFILL_BATCH}`.execute(db)
    if (rows.length === 0) return
    const values = rows.map((row) => {
      const instants = { start: Number(row.start), end: Number(row.end) }
      const period = localPeriodOf(instants, 'UTC')
      const d = computeDuration({ unit: 'day', period, instants, timeZone: 'UTC', workWeek: DEFAULT_WORK_WEEK, holidayOn: () => undefined })
      return sql`(cast(${row.id} as integer), cast(${period.start_date} as varchar(10)), cast(${period.end_date} as varchar(10)),
                  cast(${period.half_day_start ? 1 : 0} as integer), cast(${period.half_day_end ? 1 : 0} as integer),
                  cast(${d.days} as double precision), cast(${d.hours} as double precision))`
    })
    // VALUES columns are column1..column7 on both engines.
    await sql`update leave_requests set start_date = v.column2, end_date = v.column3, half_day_start = v.column4,
                half_day_end = v.column5, days = v.column6, hours = v.column7
              from (values ${sql.join(values)}) as v where leave_requests.id = v.column1`.execute(db)
    after = Number(rows[rows.length - 1]!.id)
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of CONFIG_TABLES) {
    if (isPostgres(db)) await sql.raw(`DROP TRIGGER ${table}_config_version ON ${table}`).execute(db)
    else for (const op of ['insert', 'update', 'delete']) await sql.raw(`DROP TRIGGER ${table}_config_version_${op}`).execute(db)
  }
  if (isPostgres(db)) await sql.raw('DROP FUNCTION bump_config_version()').execute(db)
  await db.schema.alterTable('shared_versions').dropColumn('config_version').execute()
  await db.schema.dropIndex('leave_requests_status_end_date_idx').execute()
  await db.schema.dropIndex('leave_requests_end_date_idx').execute()
  for (const name of ['hours', 'days', 'time_zone', 'half_day_end', 'half_day_start', 'end_date', 'start_date']) {
    await db.schema.alterTable('leave_requests').dropColumn(name).execute()
  }
  await db.schema.alterTable('audit_events').dropColumn('note').execute()
  await db.schema.dropTable('leave_types').execute()
  await db.schema.dropTable('company_holidays').execute()
  for (const name of ['employment_start', 'work_week', 'holiday_region', 'time_zone']) {
    await db.schema.alterTable('users').dropColumn(name).execute()
  }
  await db.schema.dropTable('settings').execute()
}

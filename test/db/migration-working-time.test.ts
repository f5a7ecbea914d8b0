// Migration 0006 on a database filled before it: existing requests get their local period and
// working time computed with the defaults (UTC, Monday to Friday 8 hours, no region), on both engines.
import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { Migrator, sql } from 'kysely'
import { createDatabase, type DB } from '../../src/db/database.js'
import { migrateToLatest, migrationProvider } from '../../src/db/migrate.js'
import { createPostgresDatabase, onPostgres } from '../helpers/harness.js'

let db: DB
let drop = async () => {}

before(async () => {
  let url = 'sqlite::memory:'
  if (onPostgres) ({ url, drop } = await createPostgresDatabase())
  db = createDatabase(url, { poolSize: 2 })
})
after(async () => {
  await db.destroy()
  await drop()
})

it('computes the dates, half days, days and hours of requests filed before it', async () => {
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo('0005_list_versions')
  assert.ifError(error)
  const now = Date.now()
  await sql`insert into users (email, password_hash, role, created_at, updated_at) values ('old@example.com', 'x', 'employee', ${now}, ${now})`.execute(db)
  const rows: Array<[string, string, string]> = [
    // [start, end, type]: Monday to Friday, whole days.
    ['2019-12-02T00:00:00Z', '2019-12-07T00:00:00Z', 'VACATION'],
    // The README's first request: Monday 10:00 to Tuesday 19:00.
    ['2019-12-09T10:00:00Z', '2019-12-10T19:00:00Z', 'SICK'],
    // Afternoon of a Wednesday to the morning of the Friday.
    ['2019-12-11T13:00:00Z', '2019-12-13T12:00:00Z', 'UNPAID'],
    // A weekend only: no working day (the original accepted it; the row keeps 0 days).
    ['2019-12-14T00:00:00Z', '2019-12-16T00:00:00Z', 'VACATION'],
  ]
  for (const [start, end, type] of rows) {
    await sql`insert into leave_requests (user_id, start, "end", description, type, status, decision_comment, created_at, updated_at)
              select id, ${Date.parse(start)}, ${Date.parse(end)}, '', ${type}, 'APPROVED', '', ${now}, ${now} from users`.execute(db)
  }
  await migrateToLatest(db)
  const migrated = await db
    .selectFrom('leave_requests')
    .select(['start_date', 'end_date', 'half_day_start', 'half_day_end', 'time_zone', 'days', 'hours', 'type'])
    .orderBy('id')
    .execute()
  assert.deepEqual(
    migrated.map((r) => [r.start_date, r.end_date, Number(r.half_day_start), Number(r.half_day_end), r.time_zone, Number(r.days), Number(r.hours), r.type]),
    [
      ['2019-12-02', '2019-12-06', 0, 0, 'UTC', 5, 40, 'VACATION'],
      ['2019-12-09', '2019-12-10', 0, 0, 'UTC', 2, 16, 'SICK'],
      ['2019-12-11', '2019-12-13', 1, 1, 'UTC', 2, 16, 'UNPAID'],
      ['2019-12-14', '2019-12-15', 0, 0, 'UTC', 0, 0, 'VACATION'],
    ],
  )
  const types = await db.selectFrom('leave_types').select(['code', 'unit', 'requires_approval', 'counts_against_balance', 'active']).orderBy('id').execute()
  assert.deepEqual(types.map((t) => t.code), ['VACATION', 'SICK', 'MATERNITY', 'UNPAID'])
  assert.ok(types.every((t) => t.unit === 'day' && Number(t.requires_approval) === 1 && Number(t.counts_against_balance) === 0 && Number(t.active) === 1))
  const settings = await db.selectFrom('settings').selectAll().executeTakeFirstOrThrow()
  assert.equal(settings.default_time_zone, 'UTC')
  assert.deepEqual(JSON.parse(settings.default_work_week), { mon: 8, tue: 8, wed: 8, thu: 8, fri: 8, sat: 0, sun: 0 })
})

it('backfills in batches: more rows than one batch all get their values', async () => {
  // Rolled back to before 0006 and forward again, with 2,500 requests (batches of 1,000).
  const migrator = new Migrator({ db, provider: migrationProvider })
  assert.ifError((await migrator.migrateTo('0005_list_versions')).error)
  await sql`delete from leave_requests`.execute(db)
  const monday = Date.parse('2030-01-07T00:00:00Z')
  const values = Array.from({ length: 2500 }, (_, i) => sql`(cast(${monday + i * 7 * 86_400_000} as bigint), cast(${monday + i * 7 * 86_400_000 + 3 * 86_400_000} as bigint))`)
  for (let i = 0; i < values.length; i += 500) {
    await sql`insert into leave_requests (user_id, start, "end", description, type, status, decision_comment, created_at, updated_at)
              select (select id from users), v.column1, v.column2, '', 'VACATION', 'PENDING', '', 0, 0 from (values ${sql.join(values.slice(i, i + 500))}) as v`.execute(db)
  }
  await migrateToLatest(db)
  const stats = await db
    .selectFrom('leave_requests')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('days').as('min'), eb.fn.max('days').as('max'), eb.fn.min('start_date').as('first')])
    .executeTakeFirstOrThrow()
  assert.deepEqual([Number(stats.n), Number(stats.min), Number(stats.max), stats.first], [2500, 3, 3, '2030-01-07'])
})

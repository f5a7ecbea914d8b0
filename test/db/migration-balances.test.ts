// Migration 0007 on a database filled before it: every request gets its day counts (as 0006 counted
// them, fitted to the stored days), and the ledger starts from the existing requests. An approved
// request is a usage dated on the UTC day it was decided, booked in the leave year of its days (split
// at a year boundary), or, when it was decided after that year had ended, an adjustment in the year of
// the decision; balance_years holds the sums of those facts. Pending, cancellation-requested and
// rejected requests book nothing (what pending ones reserve is derived from the requests when read).
// Then down to 0006 and up again, on both engines, with the same result; and up again
// under another leave_year_start, which books the same requests into other years.
import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { Migrator, sql } from 'kysely'
import { createDatabase, type DB } from '../../src/db/database.js'
import { migrateToLatest, migrationProvider } from '../../src/db/migrate.js'
import { daysBetween } from '../../src/working-time/calendar.js'
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

const migrator = () => new Migrator({ db, provider: migrationProvider })

async function migrateTo(name: string): Promise<void> {
  const { error, results } = await migrator().migrateTo(name)
  assert.ifError(error)
  assert.ok(results?.every((r) => r.status === 'Success'), JSON.stringify(results))
}

interface Req {
  key: string
  user: 'ada' | 'bob'
  type: 'VACATION' | 'SICK'
  status: 'APPROVED' | 'PENDING' | 'CANCELLATION_REQUESTED' | 'REJECTED'
  /** Instants (UTC) and 0006's columns, as 0006 or the app stored them. */
  start: string
  end: string
  start_date: string
  end_date: string
  half_day_end?: 1
  days: number
  decided: string | null
}

/** Monday to Friday, eight hours a day, in UTC: 0006's defaults. */
const REQUESTS: Req[] = [
  // Monday to Friday, approved three weeks before.
  { key: 'march', user: 'ada', type: 'VACATION', status: 'APPROVED', start: '2025-03-03T00:00:00Z', end: '2025-03-08T00:00:00Z', start_date: '2025-03-03', end_date: '2025-03-07', days: 5, decided: '2025-02-20T10:00:00Z' },
  // Across the year boundary: 3 days in 2025, 2 in 2026. Decided at 23:30 UTC: the fact is dated 2025-12-01 (UTC), not the next day.
  { key: 'new-year', user: 'ada', type: 'VACATION', status: 'APPROVED', start: '2025-12-29T00:00:00Z', end: '2026-01-03T00:00:00Z', start_date: '2025-12-29', end_date: '2026-01-02', days: 5, decided: '2025-12-01T23:30:00Z' },
  // Approved after leave year 2024 had ended: an adjustment in 2025, never a rewrite of 2024.
  { key: 'late', user: 'ada', type: 'SICK', status: 'APPROVED', start: '2024-06-10T00:00:00Z', end: '2024-06-12T00:00:00Z', start_date: '2024-06-10', end_date: '2024-06-11', days: 2, decided: '2025-01-15T08:00:00Z' },
  // A weekend only: kept with 0 days (the original accepted it); it books nothing.
  { key: 'weekend', user: 'ada', type: 'VACATION', status: 'APPROVED', start: '2025-05-10T00:00:00Z', end: '2025-05-12T00:00:00Z', start_date: '2025-05-10', end_date: '2025-05-11', days: 0, decided: '2025-05-01T09:00:00Z' },
  { key: 'pending', user: 'ada', type: 'VACATION', status: 'PENDING', start: '2026-02-02T00:00:00Z', end: '2026-02-05T00:00:00Z', start_date: '2026-02-02', end_date: '2026-02-04', days: 3, decided: null },
  // A morning; approved once, its cancellation asked for: reserved, not used.
  { key: 'cancelling', user: 'ada', type: 'VACATION', status: 'CANCELLATION_REQUESTED', start: '2026-03-02T00:00:00Z', end: '2026-03-02T12:00:00Z', start_date: '2026-03-02', end_date: '2026-03-02', half_day_end: 1, days: 0.5, decided: '2026-01-20T12:00:00Z' },
  { key: 'rejected', user: 'ada', type: 'VACATION', status: 'REJECTED', start: '2025-05-05T00:00:00Z', end: '2025-05-07T00:00:00Z', start_date: '2025-05-05', end_date: '2025-05-06', days: 2, decided: '2025-04-28T09:00:00Z' },
  // Stored with 1.5 days (a part-time week when it was filed) where the default week counts 2: fitted to 1.5.
  { key: 'part-time', user: 'bob', type: 'VACATION', status: 'APPROVED', start: '2025-09-01T00:00:00Z', end: '2025-09-03T00:00:00Z', start_date: '2025-09-01', end_date: '2025-09-02', days: 1.5, decided: '2025-08-01T16:00:00Z' },
]

const ids = new Map<string, number>()
const users = new Map<string, number>()

interface Entry {
  user_id: number
  type: string
  year: number
  date: string
  kind: string
  amount: number
  request_id: number | null
  leave_from: string | null
  day_counts: string | null
}

interface Totals {
  user_id: number
  type: string
  year: number
  used: number
  used_early: number
  adjustments: number
  last_fact_date: string | null
}

async function ledger(): Promise<{ entries: Entry[]; totals: Totals[]; counts: Map<number, number[]> }> {
  const entries = await sql<Entry>`
    select user_id, type, year, date, kind, amount, request_id, leave_from, day_counts from balance_entries order by request_id, year, kind`.execute(db)
  const totals = await sql<Totals>`
    select user_id, type, year, used, used_early, adjustments, last_fact_date from balance_years order by user_id, type, year`.execute(db)
  const counts = await sql<{ id: number; day_counts: string }>`select id, day_counts from leave_requests order by id`.execute(db)
  return {
    entries: entries.rows,
    totals: totals.rows,
    counts: new Map(counts.rows.map((r) => [Number(r.id), JSON.parse(r.day_counts) as number[]])),
  }
}

const id = (key: string) => ids.get(key)!
const user = (name: string) => users.get(name)!
const milli = (days: number) => Math.round(days * 1000)

it('gives every request its day counts and books approved ones into the ledger and the totals', async () => {
  await migrateTo('0006_working_time')
  const now = Date.now()
  for (const name of ['ada', 'bob']) {
    const { rows } = await sql<{ id: number }>`
      insert into users (email, password_hash, role, created_at, updated_at) values (${`${name}@example.com`}, 'x', 'employee', ${now}, ${now}) returning id`.execute(db)
    users.set(name, Number(rows[0]!.id))
  }
  for (const r of REQUESTS) {
    const decided = r.decided === null ? null : Date.parse(r.decided)
    const { rows } = await sql<{ id: number }>`
      insert into leave_requests (user_id, start, "end", description, type, status, decided_by, decided_at, decision_comment, created_at, updated_at,
                                  start_date, end_date, half_day_start, half_day_end, time_zone, days, hours)
      values (${user(r.user)}, ${Date.parse(r.start)}, ${Date.parse(r.end)}, ${r.key}, ${r.type}, ${r.status}, null, ${decided}, '', ${now}, ${decided ?? now},
              ${r.start_date}, ${r.end_date}, 0, ${r.half_day_end ?? 0}, 'UTC', ${r.days}, ${r.days * 8})
      returning id`.execute(db)
    ids.set(r.key, Number(rows[0]!.id))
  }

  await migrateToLatest(db)
  const { entries, totals, counts } = await ledger()

  // Every request: one count per date of its period, adding up to its days.
  for (const r of REQUESTS) {
    const c = counts.get(id(r.key))
    assert.ok(c, r.key)
    assert.equal(c.length, daysBetween(r.start_date, r.end_date) + 1, `${r.key}: ${JSON.stringify(c)}`)
    assert.equal(c.reduce((a, b) => a + b, 0), milli(r.days), `${r.key}: ${JSON.stringify(c)}`)
  }
  assert.deepEqual(counts.get(id('new-year')), [1000, 1000, 1000, 1000, 1000])
  assert.deepEqual(counts.get(id('weekend')), [0, 0])
  assert.deepEqual(counts.get(id('cancelling')), [500])
  assert.deepEqual(counts.get(id('part-time')), [750, 750])

  const ada = user('ada')
  const bob = user('bob')
  // Only approved requests with days have facts; the one across the year boundary has one per year.
  assert.deepEqual(entries, [
    { user_id: ada, type: 'VACATION', year: 2025, date: '2025-02-20', kind: 'usage', amount: -5000, request_id: id('march'), leave_from: '2025-03-03', day_counts: '[1000,1000,1000,1000,1000]' },
    { user_id: ada, type: 'VACATION', year: 2025, date: '2025-12-01', kind: 'usage', amount: -3000, request_id: id('new-year'), leave_from: '2025-12-29', day_counts: '[1000,1000,1000]' },
    { user_id: ada, type: 'VACATION', year: 2026, date: '2025-12-01', kind: 'usage', amount: -2000, request_id: id('new-year'), leave_from: '2026-01-01', day_counts: '[1000,1000]' },
    { user_id: ada, type: 'SICK', year: 2025, date: '2025-01-15', kind: 'adjustment', amount: -2000, request_id: id('late'), leave_from: null, day_counts: null },
    { user_id: bob, type: 'VACATION', year: 2025, date: '2025-08-01', kind: 'usage', amount: -1500, request_id: id('part-time'), leave_from: '2025-09-01', day_counts: '[750,750]' },
  ].sort((a, b) => a.request_id - b.request_id || a.year - b.year || a.kind.localeCompare(b.kind)))
  const late = (await sql<{ comment: string }>`select comment from balance_entries where request_id = ${id('late')}`.execute(db)).rows[0]!
  assert.match(late.comment, /after leave year 2024 had ended/)

  const row = (user_id: number, type: string, year: number, t: Partial<Totals>): Totals => ({
    user_id, type, year, used: 0, used_early: 0, adjustments: 0, last_fact_date: null, ...t,
  })
  assert.deepEqual(
    totals,
    [
      row(ada, 'SICK', 2025, { adjustments: -2000, last_fact_date: '2025-01-15' }),
      row(ada, 'VACATION', 2025, { used: 8000, last_fact_date: '2025-12-01' }),
      // The pending request and the one whose cancellation is asked for (both in 2026) add nothing here.
      row(ada, 'VACATION', 2026, { used: 2000, last_fact_date: '2025-12-01' }),
      row(bob, 'VACATION', 2025, { used: 1500, last_fact_date: '2025-08-01' }),
    ],
  )
  // The totals are the sums of the facts: used, adjustments, the latest date.
  for (const t of totals) {
    const mine: Entry[] = entries.filter((e) => e.user_id === t.user_id && e.type === t.type && e.year === t.year)
    assert.equal(t.used, 0 - mine.filter((e) => e.kind !== 'adjustment').reduce((a, e) => a + e.amount, 0))
    assert.equal(t.adjustments, mine.filter((e) => e.kind === 'adjustment').reduce((a, e) => a + e.amount, 0))
    assert.equal(t.last_fact_date, mine.map((e) => e.date).sort().at(-1) ?? null)
  }
})

it('goes down to 0006 and up again with the same day counts, facts and totals', async () => {
  const first = await ledger()
  await migrateTo('0006_working_time')
  const tables = onPostgres
    ? (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(db)).rows
    : (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows
  for (const gone of ['balance_entries', 'balance_years', 'leave_type_policies']) assert.ok(!tables.some((t) => t.name === gone), `${gone} is still there`)
  const columns = onPostgres
    ? (await sql<{ name: string }>`select column_name as name from information_schema.columns where table_name = 'leave_requests'`.execute(db)).rows
    : (await sql<{ name: string }>`select name from pragma_table_info('leave_requests')`.execute(db)).rows
  assert.ok(!columns.some((c) => c.name === 'day_counts'), 'leave_requests.day_counts is still there')
  const typeColumns = onPostgres
    ? (await sql<{ name: string }>`select column_name as name from information_schema.columns where table_name = 'leave_types'`.execute(db)).rows
    : (await sql<{ name: string }>`select name from pragma_table_info('leave_types')`.execute(db)).rows
  for (const gone of ['annual_allowance', 'accrual', 'carry_over_max', 'carry_over_expires', 'allow_negative']) assert.ok(!typeColumns.some((c) => c.name === gone), `leave_types.${gone}`)

  await migrateToLatest(db)
  const again = await ledger()
  assert.deepEqual(again.entries, first.entries)
  assert.deepEqual(again.totals, first.totals)
  assert.deepEqual([...again.counts], [...first.counts])
})

it('books the same requests by the leave year the settings name (04-01) when migrated under it', async () => {
  await migrateTo('0006_working_time')
  await sql`update settings set leave_year_start = '04-01'`.execute(db)
  await migrateToLatest(db)
  const { entries, totals } = await ledger()
  const ada = user('ada')
  const of = (key: string) => entries.filter((e) => e.request_id === id(key)).map((e) => [e.year, e.kind, e.amount])
  // 2025-03-03: leave year 2024 (2024-04-01 to 2025-03-31), open when it was decided.
  assert.deepEqual(of('march'), [[2024, 'usage', -5000]])
  // 2025-12-29 to 2026-01-02: all in leave year 2025 now, one fact.
  assert.deepEqual(of('new-year'), [[2025, 'usage', -5000]])
  // June 2024 is leave year 2024, not yet ended on 2025-01-15: a usage there, no adjustment.
  assert.deepEqual(of('late'), [[2024, 'usage', -2000]])
  assert.deepEqual(
    totals.filter((t) => t.user_id === ada).map((t) => [t.type, t.year, t.used, t.adjustments]),
    [
      ['SICK', 2024, 2000, 0],
      ['VACATION', 2024, 5000, 0],
      ['VACATION', 2025, 5000, 0],
    ],
  )
})

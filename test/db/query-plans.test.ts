// The hot list query and its count must be answered from leave_requests_user_start_idx, never by a
// full scan of leave_requests, on whichever database the suite runs on. The SQL is captured from
// LeaveRequestsRepository itself (a Kysely plugin records what it sends), so the plans checked are
// those of the queries the API really runs. The read paths of working time (company days off by date,
// the open requests a change of working time recomputes, leave types by code, the settings row) are
// checked the same way, and so are those of balances (a person's totals, a leave year's facts, their
// pending requests), with the number of statements GET /api/balances costs for a person with no
// history and for one with years of it.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { CompiledQuery, sql } from 'kysely'
import { appBookingRules, PASSWORD as SEED_PASSWORD, seed, seedHistory, seedUsers } from '../../bench/lib/seed.js'
import { buildApp } from '../../src/app.js'
import { BalancesRepository } from '../../src/balances/balances.repository.js'
import type { DB } from '../../src/db/database.js'
import { LeaveRequestsRepository } from '../../src/leave-requests/leave-requests.repository.js'
import { LeaveTypesRepository } from '../../src/leave-types/leave-types.repository.js'
import { SettingsRepository } from '../../src/settings/settings.repository.js'
import { addDays, todayIn } from '../../src/working-time/calendar.js'
import { CompanyHolidaysRepository } from '../../src/working-time/company-holidays.repository.js'
import { bearer, createTestContext, createUser, login, onPostgres, recordingQueries, sqlOf, type TestContext } from '../helpers/harness.js'

const INDEX = 'leave_requests_user_start_idx'
const USERS = 120
const PER_USER = 30
/** Company days off: one a day over about eleven years, for everyone or for one of two regions. */
const HOLIDAYS = 4000
const HOLIDAYS_FROM = '2020-01-01'

let ctx: TestContext
let userId: number
let managerId: number
let listQuery: CompiledQuery
let countQuery: CompiledQuery

/** The SQL the repository sends for `run` (the queries run for real too). */
async function capture(run: (repo: LeaveRequestsRepository, db: DB) => Promise<void>): Promise<CompiledQuery[]> {
  return captureDb((db) => run(new LeaveRequestsRepository(db), db))
}

/** The SQL sent through `db` by `run`, whichever repository it builds on it. */
async function captureDb(run: (db: DB) => Promise<void>): Promise<CompiledQuery[]> {
  const { db, executed } = recordingQueries(ctx.db)
  await run(db)
  return executed
}

/** The one query `run` sends. */
async function captureOne(run: (db: DB) => Promise<void>): Promise<CompiledQuery> {
  const captured = await captureDb(run)
  assert.equal(captured.length, 1, `expected one query, captured:\n${captured.map((q) => q.sql).join('\n')}`)
  return captured[0]!
}

/** Runs the repository's list of one user's requests (newest start first, 20 per page) through `db`. */
async function runOwnList(repo: unknown, id: number): Promise<void> {
  // The repository's signature has changed as features landed; both shapes are the same query.
  const r = repo as {
    list?: (audience: unknown, f: object, order: string, limit: number, offset: number) => Promise<unknown>
    listForUser?: (userId: number, f: object, limit: number, offset: number) => Promise<unknown>
  }
  if (typeof r.list === 'function') await r.list({ kind: 'own', userId: id }, {}, 'newest_start', 20, 0)
  else if (typeof r.listForUser === 'function') await r.listForUser(id, {}, 20, 0)
  else throw new Error('LeaveRequestsRepository has neither list() nor listForUser()')
}

before(async () => {
  ctx = await createTestContext()
  const seeded = await seed(ctx.db, 0, USERS, PER_USER)
  assert.equal(seeded.leaveRequests, USERS * PER_USER)
  // SQLite runs without statistics, as a production database does (nothing runs ANALYZE there);
  // seed() has run ANALYZE on PostgreSQL, as autovacuum would.
  userId = seeded.users[Math.floor(USERS / 2)]!.id
  managerId = seeded.users.find((u) => u.role === 'manager')!.id

  const holidays = Array.from({ length: HOLIDAYS }, (_, i) => ({
    date: addDays(HOLIDAYS_FROM, i),
    name: `Day off ${i}`,
    half_day: i % 7 === 0 ? 1 : 0,
    region: [null, 'DE', 'FR'][i % 3] ?? null,
    created_at: Date.now(),
  }))
  for (let i = 0; i < holidays.length; i += 1000) await ctx.db.insertInto('company_holidays').values(holidays.slice(i, i + 1000)).execute()
  // As autovacuum would after such a load (seed() has analysed the rest).
  if (onPostgres) await sql`analyze company_holidays`.execute(ctx.db)

  const captured = await capture((repo) => runOwnList(repo, userId))
  const list = captured.find((q) => /\blimit\b/i.test(q.sql) && !/count\(/i.test(q.sql))
  const count = captured.find((q) => /count\(/i.test(q.sql))
  assert.ok(list && count, `expected a page query and a count query, captured:\n${captured.map((q) => q.sql).join('\n')}`)
  listQuery = list
  countQuery = count
})
after(() => ctx.close())

interface PgPlanNode {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  Plans?: PgPlanNode[]
}

function flatten(node: PgPlanNode): PgPlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)]
}

interface Plan {
  text: string
  /** leave_requests_user_start_idx appears in the plan. */
  indexUsed: boolean
  /** Some index of leave_requests appears in the plan. */
  anyIndex: boolean
  fullScan: boolean
  sorts: boolean
}

async function explain(query: CompiledQuery): Promise<Plan> {
  if (onPostgres) {
    const { rows } = await ctx.db.executeQuery<{ 'QUERY PLAN': Array<{ Plan: PgPlanNode }> }>(
      CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${query.sql}`, [...query.parameters]),
    )
    const root = rows[0]?.['QUERY PLAN'][0]?.Plan
    assert.ok(root, 'no plan')
    const nodes = flatten(root)
    return {
      text: JSON.stringify(root, null, 1),
      indexUsed: nodes.some((n) => n['Index Name'] === INDEX),
      // Bitmap Index Scan nodes name the index but not the table.
      anyIndex: nodes.some((n) => n['Index Name']?.startsWith('leave_requests_') === true),
      fullScan: nodes.some((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'leave_requests'),
      sorts: nodes.some((n) => n['Node Type'] === 'Sort' || n['Node Type'] === 'Incremental Sort'),
    }
  }
  const { rows } = await ctx.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${query.sql}`, [...query.parameters]))
  const details = rows.map((r) => r.detail)
  return {
    text: details.join('\n'),
    indexUsed: details.some((d) => d.includes(`INDEX ${INDEX}`)),
    anyIndex: details.some((d) => /^SEARCH\b.*\bINDEX leave_requests_/.test(d)),
    // Any SCAN is a full pass over a table (SEARCH is an index lookup); none belongs in these queries.
    fullScan: details.some((d) => /^SCAN\b/.test(d)),
    sorts: details.some((d) => d.includes('USE TEMP B-TREE')),
  }
}

/** Any plan, read without assumptions: PostgreSQL's nodes, or SQLite's detail lines. */
interface RawPlan {
  text: string
  nodes: PgPlanNode[]
  details: string[]
}

/**
 * The plan of `query`. With `noSeqScan`, PostgreSQL is told to avoid sequential scans
 * (`enable_seqscan = off`, on one connection, reset afterwards): for tables of a handful of rows it
 * rightly reads the one page instead of an index, and the check is then that an index can serve the
 * lookup. SQLite has no statistics here and plans the same whatever the size.
 */
async function rawPlan(query: CompiledQuery, options: { noSeqScan?: boolean } = {}): Promise<RawPlan> {
  if (onPostgres) {
    const root = await ctx.db.connection().execute(async (conn) => {
      if (options.noSeqScan) await sql`set enable_seqscan = off`.execute(conn)
      try {
        const { rows } = await conn.executeQuery<{ 'QUERY PLAN': Array<{ Plan: PgPlanNode }> }>(
          CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${query.sql}`, [...query.parameters]),
        )
        return rows[0]?.['QUERY PLAN'][0]?.Plan
      } finally {
        if (options.noSeqScan) await sql`reset enable_seqscan`.execute(conn)
      }
    })
    assert.ok(root, 'no plan')
    return { text: JSON.stringify(root, null, 1), nodes: flatten(root), details: [] }
  }
  const { rows } = await ctx.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${query.sql}`, [...query.parameters]))
  const details = rows.map((r) => r.detail)
  return { text: details.join('\n'), nodes: [], details }
}

/** The indexes of `table` that contain `column` (only unique ones with `unique`), from the catalog. */
async function indexesOn(table: string, column: string, unique = false): Promise<string[]> {
  if (onPostgres) {
    const { rows } = await sql<{ name: string }>`
      select i.relname as name
      from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_class t on t.oid = x.indrelid
      join pg_attribute a on a.attrelid = t.oid and a.attnum = any(x.indkey)
      where t.relname = ${table} and a.attname = ${column} and (x.indisunique or not ${unique})`.execute(ctx.db)
    return rows.map((r) => r.name)
  }
  const { rows } = await sql<{ name: string }>`
    select il.name as name from pragma_index_list(${table}) as il join pragma_index_info(il.name) as ii
    where ii.name = ${column} and (il."unique" = 1 or not ${unique ? 1 : 0})`.execute(ctx.db)
  return rows.map((r) => r.name)
}

/** One of these indexes appears in the plan (PostgreSQL: any index node; SQLite: SEARCH ... USING [COVERING] INDEX). */
function usesOneOf(plan: RawPlan, indexes: string[]): boolean {
  if (onPostgres) return plan.nodes.some((n) => n['Index Name'] !== undefined && indexes.includes(n['Index Name']))
  return plan.details.some((d) => indexes.some((index) => new RegExp(`^SEARCH\\b.*\\bUSING (COVERING )?INDEX ${index}\\b`).test(d)))
}

/** A sequential scan of `table` (SQLite: SCAN of the table or of one of its aliases in the query). */
function scansTable(plan: RawPlan, table: string, aliases: string[] = []): boolean {
  if (onPostgres) return plan.nodes.some((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === table)
  const names = [table, ...aliases].join('|')
  return plan.details.some((d) => new RegExp(`^SCAN (${names})\\b`).test(d))
}

/** PostgreSQL: the name of a table's primary-key index. */
async function primaryKeyOf(table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select i.relname as name from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
    where t.relname = ${table} and x.indisprimary`.execute(ctx.db)
  return rows.map((r) => r.name)
}

const show = (query: CompiledQuery, plan: RawPlan) => `${query.sql}\n${JSON.stringify(query.parameters)}\n${plan.text}`

describe(`query plans on ${onPostgres ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('the page of a user’s requests (newest start first) walks the index, without a scan or a sort', async () => {
    const plan = await explain(listQuery)
    assert.ok(plan.indexUsed, `${INDEX} not used by\n${listQuery.sql}\n${plan.text}`)
    assert.ok(!plan.fullScan, `full scan in\n${listQuery.sql}\n${plan.text}`)
    assert.ok(!plan.sorts, `the order should come from the index, not a sort:\n${listQuery.sql}\n${plan.text}`)
  })

  it('the total of the page counts from the index, without a scan', async () => {
    const plan = await explain(countQuery)
    // Any index on user_id answers a count: SQLite may take the narrower (user_id, end_date) one.
    assert.ok(plan.anyIndex, `no index of leave_requests used by\n${countQuery.sql}\n${plan.text}`)
    assert.ok(!plan.fullScan, `full scan in\n${countQuery.sql}\n${plan.text}`)
  })

  it('the approvals queue of a manager reads by index, without a scan of leave_requests', async (t) => {
    const repo = LeaveRequestsRepository.prototype as unknown as { list?: unknown }
    if (typeof repo.list !== 'function') return t.skip('no approvals queue in this version of the repository')
    const captured = await capture(async (r) => {
      const list = (r as unknown as { list: (a: unknown, f: object, o: string, l: number, off: number) => Promise<unknown> }).list
      await list.call(r, { kind: 'awaiting', approverId: managerId, withOrphans: false }, {}, 'oldest_submission', 20, 0)
    })
    assert.ok(captured.length >= 2, captured.map((q) => q.sql).join('\n'))
    for (const query of captured) {
      const plan = await explain(query)
      assert.ok(plan.anyIndex, `no index of leave_requests used by\n${query.sql}\n${plan.text}`)
      const scansLeaveRequests = onPostgres ? plan.fullScan : /^SCAN (leave_requests|lr)\b/m.test(plan.text)
      assert.ok(!scansLeaveRequests, `full scan of leave_requests in\n${query.sql}\n${plan.text}`)
    }
  })

  it('the overlap check of the write path uses the index too', async () => {
    const compiled = ctx.db
      .selectFrom('leave_requests')
      .select('id')
      .where('user_id', '=', userId)
      .where('status', 'in', ['PENDING', 'APPROVED', 'CANCELLATION_REQUESTED'])
      .where('start', '<', Date.now() + 86_400_000)
      .where('end', '>', Date.now())
      .orderBy('start')
      .limit(1)
      .compile()
    const plan = await explain(compiled)
    assert.ok(plan.anyIndex, `no index of leave_requests used by\n${compiled.sql}\n${plan.text}`)
    assert.ok(!plan.fullScan, `full scan in\n${compiled.sql}\n${plan.text}`)
  })

  it('the overlap check as LeaveRequestsRepository.findOverlap sends it uses an index on user_id', async () => {
    const now = Date.now()
    const [query] = await capture(async (repo) => {
      await repo.findOverlap(userId, now, now + 14 * 86_400_000, null)
    })
    assert.ok(query)
    const plan = await rawPlan(query)
    assert.ok(usesOneOf(plan, await indexesOn('leave_requests', 'user_id')), `no index on user_id used by\n${show(query, plan)}`)
    assert.ok(!scansTable(plan, 'leave_requests'), `full scan of leave_requests in\n${show(query, plan)}`)
  })

  for (const region of [null, 'DE']) {
    it(`company days off by date range (region ${region ?? 'none'}) search company_holidays_date_idx, without a scan`, async () => {
      const from = addDays(HOLIDAYS_FROM, 1500)
      const query = await captureOne(async (db) => {
        const rows = await new CompanyHolidaysRepository(db).inRange(from, addDays(from, 13), region)
        assert.ok(rows.length > 0, 'the range should hold days off')
      })
      const plan = await rawPlan(query)
      assert.ok(usesOneOf(plan, ['company_holidays_date_idx']), `company_holidays_date_idx not used by\n${show(query, plan)}`)
      assert.ok(!scansTable(plan, 'company_holidays'), `full scan of company_holidays in\n${show(query, plan)}`)
    })
  }

  it('the open requests of one user (recomputing after a change of their working time) use an index on user_id', async () => {
    const query = await captureOne(async (db) => {
      const rows = await new LeaveRequestsRepository(db).findOpen({ userId }, Date.now(), db)
      assert.ok(rows.length > 0, 'the seed leaves pending requests in the future')
    })
    const plan = await rawPlan(query)
    assert.ok(usesOneOf(plan, await indexesOn('leave_requests', 'user_id')), `no index on user_id used by\n${show(query, plan)}`)
    assert.ok(!scansTable(plan, 'leave_requests', ['lr']), `full scan of leave_requests in\n${show(query, plan)}`)
  })

  it('the open requests around a date (recomputing after a company day off) read leave_requests by index, without a scan', async () => {
    // A day off added for next week: the requests whose local period contains it.
    const date = addDays(todayIn('UTC'), 7)
    const query = await captureOne(async (db) => {
      await new LeaveRequestsRepository(db).findOpen({ date }, Date.now(), db)
    })
    const plan = await rawPlan(query)
    // An index on end_date: the status index alone would walk every open request of the company.
    const indexes = onPostgres
      ? plan.nodes.flatMap((n) => (n['Index Name']?.startsWith('leave_requests_') && n['Index Name'].includes('end_date') ? [n['Index Name']] : []))
      : plan.details.filter((d) => /^SEARCH (leave_requests|lr)\b.*\bINDEX leave_requests_\w*end_date/.test(d))
    assert.ok(indexes.length > 0, `no end_date index of leave_requests used by\n${show(query, plan)}`)
    assert.ok(!scansTable(plan, 'leave_requests', ['lr']), `full scan of leave_requests in\n${show(query, plan)}`)
  })

  it('a leave type by code searches its unique index', async () => {
    const query = await captureOne(async (db) => {
      assert.ok(await new LeaveTypesRepository(db).findByCode('SICK'))
    })
    const unique = await indexesOn('leave_types', 'code', true)
    assert.ok(unique.length > 0, 'leave_types.code has no unique index')
    // Four rows: PostgreSQL would rightly read the one page; the check is that the unique index serves the lookup.
    const plan = await rawPlan(query, { noSeqScan: true })
    assert.ok(usesOneOf(plan, unique), `the unique index on leave_types.code (${unique.join(', ')}) not used by\n${show(query, plan)}`)
    assert.ok(!scansTable(plan, 'leave_types'), `full scan of leave_types in\n${show(query, plan)}`)
  })

  it('the settings row is read by its primary key', async () => {
    const query = await captureOne(async (db) => {
      await new SettingsRepository(db).get()
    })
    // One row: as for leave types, PostgreSQL is asked to avoid the sequential scan it would rightly choose.
    const plan = await rawPlan(query, { noSeqScan: true })
    const byKey = onPostgres
      ? usesOneOf(plan, await primaryKeyOf('settings'))
      : plan.details.some((d) => /^SEARCH settings USING (INTEGER PRIMARY KEY|(COVERING )?INDEX sqlite_autoindex_settings_)/.test(d))
    assert.ok(byKey, `the primary key of settings not used by\n${show(query, plan)}`)
    assert.ok(!scansTable(plan, 'settings'), `full scan of settings in\n${show(query, plan)}`)
  })
  it('a person’s balance totals (BalancesRepository.totals) search the primary key of balance_years, without a scan', async () => {
    const query = await captureOne(async (db) => {
      const totals = await new BalancesRepository(db).totals(userId)
      assert.ok(totals.size > 0, 'the seed books the ledger of its requests')
    })
    const plan = await rawPlan(query)
    // The primary key is (user_id, type, year): SQLite names its index sqlite_autoindex_balance_years_1.
    const keys = onPostgres ? await primaryKeyOf('balance_years') : await indexesOn('balance_years', 'user_id', true)
    assert.ok(keys.length > 0, 'balance_years has no primary key on user_id')
    assert.ok(usesOneOf(plan, keys), `the primary key of balance_years (${keys.join(', ')}) not used by\n${show(query, plan)}`)
    assert.ok(!scansTable(plan, 'balance_years'), `full scan of balance_years in\n${show(query, plan)}`)
  })

  it('the facts of a person’s leave year of a type (BalancesRepository.facts) search balance_entries_user_type_year_idx, without a scan', async () => {
    const some = await ctx.db.selectFrom('balance_entries').select(['type', 'year']).where('user_id', '=', userId).orderBy('id').executeTakeFirstOrThrow()
    const query = await captureOne(async (db) => {
      const facts = await new BalancesRepository(db).facts(userId, some.type, some.year)
      assert.ok(facts.length > 0)
    })
    const plan = await rawPlan(query)
    assert.ok(usesOneOf(plan, ['balance_entries_user_type_year_idx']), `balance_entries_user_type_year_idx not used by\n${show(query, plan)}`)
    assert.ok(!scansTable(plan, 'balance_entries'), `full scan of balance_entries in\n${show(query, plan)}`)
    // SQLite: the index ends with (date, rowid), which is the order asked for (date, then id).
    if (!onPostgres) assert.ok(!plan.details.some((d) => d.includes('USE TEMP B-TREE')), `a sort in\n${show(query, plan)}`)
  })

  it('a person’s pending requests (BalancesRepository.pendingRequests, what they reserve) read leave_requests by index, without a scan', async () => {
    const query = await captureOne(async (db) => {
      const rows = await new BalancesRepository(db).pendingRequests([userId])
      assert.ok(rows.length > 0, 'the seed leaves pending requests in the future')
    })
    const plan = await rawPlan(query)
    assert.ok(usesOneOf(plan, await indexesOn('leave_requests', 'user_id')), `no index on user_id used by\n${show(query, plan)}`)
    assert.ok(!scansTable(plan, 'leave_requests'), `full scan of leave_requests in\n${show(query, plan)}`)
  })
})

describe(`GET /api/balances on ${onPostgres ? 'PostgreSQL' : 'SQLite'}: a fixed number of statements, whatever the history`, () => {
  /** Years of history of the heavy user (the current leave year the last) and approved half days in each. */
  const YEARS = 6
  const PER_YEAR = 20

  it('reads as much for a person with no history as for one with six years of requests (authentication, totals, pending requests)', async () => {
    await createUser(ctx.db, { email: 'plans.admin@example.com', role: 'admin' })
    const admin = (await login(ctx.app, 'plans.admin@example.com')).access
    // VACATION counts against a balance: the read then does a balance's work.
    const policy = { counts_against_balance: true, annual_allowance: 25, carry_over_max: 5, carry_over_expires: '03-31' }
    const patched = await ctx.app.inject({ method: 'PATCH', url: '/api/leave-types/VACATION', headers: bearer(admin), payload: policy })
    assert.equal(patched.statusCode, 200, patched.body)

    const [empty] = await seedUsers(ctx.db, 900_000, 1)
    const history = await seedHistory(ctx.db, 900_001, 1, { years: YEARS, perYear: PER_YEAR, rules: await appBookingRules(ctx.db) })
    const heavy = history.users[0]!
    assert.equal(history.leaveRequests, YEARS * PER_YEAR)
    const totalsRows = await ctx.db.selectFrom('balance_years').select('year').where('user_id', '=', heavy.id).where('type', '=', 'VACATION').execute()
    assert.equal(totalsRows.length, YEARS, 'one totals row per leave year of history')
    const tokens = {
      empty: (await login(ctx.app, empty!.email, SEED_PASSWORD)).access,
      heavy: (await login(ctx.app, heavy.email, SEED_PASSWORD)).access,
    }

    const { db: recorded, executed } = recordingQueries(ctx.db)
    // The answers of one's own balances are cached: counted here is what a miss reads.
    const app = await buildApp({ ...ctx.config, listCacheBytes: 0 }, { db: recorded, startMailDispatcher: false })
    try {
      const read = async (who: keyof typeof tokens, query = '') => {
        executed.length = 0
        const res = await app.inject({ method: 'GET', url: `/api/balances${query}`, headers: bearer(tokens[who]) })
        assert.equal(res.statusCode, 200, res.body)
        return { body: res.json() as Array<{ type: string; used: number; carried_over: number }>, queries: [...executed] }
      }
      // The first request of a process loads the working config; the ones after it do not.
      await read('empty')
      const today = todayIn('UTC')
      for (const query of ['', `?as_of=${today}`]) {
        const none = await read('empty', query)
        const lots = await read('heavy', query)
        assert.deepEqual(none.body.map((b) => b.type), ['VACATION'])
        assert.deepEqual(lots.body.map((b) => [b.type, b.used]), [['VACATION', PER_YEAR / 2]], 'the heavy user has used this year’s half days')
        assert.equal(lots.queries.length, none.queries.length, `no history:\n${sqlOf(none.queries)}\nsix years:\n${sqlOf(lots.queries)}`)
        // Authentication, then the person's totals and pending requests (what they reserve): nothing that reads the history.
        assert.equal(lots.queries.length, 3, sqlOf(lots.queries))
        const tables = lots.queries.slice(1).map((q) => /from "(\w+)"/.exec(q.sql)?.[1]).sort()
        assert.deepEqual(tables, ['balance_years', 'leave_requests'], sqlOf(lots.queries))
        assert.ok(lots.queries.every((q) => !/balance_entries/.test(q.sql)), sqlOf(lots.queries))
      }
      // A day before the latest fact needs that leave year's facts: one more statement per counting type.
      const latest = await ctx.db.selectFrom('balance_years').select((eb) => eb.fn.max('last_fact_date').as('d')).where('user_id', '=', heavy.id).executeTakeFirstOrThrow()
      assert.ok(latest.d && latest.d > addDays(today, -400))
      const past = await read('heavy', `?as_of=${addDays(latest.d, -1)}`)
      assert.equal(past.queries.length, 4, sqlOf(past.queries))
      assert.match(past.queries[3]!.sql, /from "balance_entries"/, sqlOf(past.queries))
    } finally {
      await app.close()
    }
    // With the cache, a repeated read of one's own balances is authentication alone.
    const cached = await buildApp(ctx.config, { db: recorded, startMailDispatcher: false })
    try {
      const get = () => cached.inject({ method: 'GET', url: '/api/balances', headers: bearer(tokens.heavy) })
      const first = await get()
      executed.length = 0
      const again = await get()
      assert.equal(again.body, first.body)
      assert.equal(executed.length, 1, sqlOf(executed))
    } finally {
      await cached.close()
    }
  })
})

// The hot list query and its count must be answered from leave_requests_user_start_idx, never by a
// full scan of leave_requests, on whichever database the suite runs on. The SQL is captured from
// LeaveRequestsRepository itself (a Kysely plugin records what it sends), so the plans checked are
// those of the queries the API really runs.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { CompiledQuery } from 'kysely'
import { seed } from '../../bench/lib/seed.js'
import { LeaveRequestsRepository } from '../../src/leave-requests/leave-requests.repository.js'
import { createTestContext, onPostgres, recordingQueries, type TestContext } from '../helpers/harness.js'

const INDEX = 'leave_requests_user_start_idx'
const USERS = 120
const PER_USER = 30

let ctx: TestContext
let userId: number
let managerId: number
let listQuery: CompiledQuery
let countQuery: CompiledQuery

/** The SQL the repository sends for `run` (the queries run for real too). */
async function capture(run: (repo: LeaveRequestsRepository) => Promise<void>): Promise<CompiledQuery[]> {
  const { db, executed } = recordingQueries(ctx.db)
  await run(new LeaveRequestsRepository(db))
  return executed
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

describe(`query plans on ${onPostgres ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('the page of a user’s requests (newest start first) walks the index, without a scan or a sort', async () => {
    const plan = await explain(listQuery)
    assert.ok(plan.indexUsed, `${INDEX} not used by\n${listQuery.sql}\n${plan.text}`)
    assert.ok(!plan.fullScan, `full scan in\n${listQuery.sql}\n${plan.text}`)
    assert.ok(!plan.sorts, `the order should come from the index, not a sort:\n${listQuery.sql}\n${plan.text}`)
  })

  it('the total of the page counts from the index, without a scan', async () => {
    const plan = await explain(countQuery)
    assert.ok(plan.indexUsed, `${INDEX} not used by\n${countQuery.sql}\n${plan.text}`)
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
})

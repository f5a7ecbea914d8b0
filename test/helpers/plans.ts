// Query plans, read the same way on both databases: PostgreSQL's EXPLAIN (FORMAT JSON) nodes, or
// SQLite's EXPLAIN QUERY PLAN detail lines.
import assert from 'node:assert/strict'
import { CompiledQuery, sql } from 'kysely'
import type { DB } from '../../src/db/database.js'
import { onPostgres } from './harness.js'

export interface PgPlanNode {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  Plans?: PgPlanNode[]
}

export interface Plan {
  text: string
  nodes: PgPlanNode[]
  details: string[]
}

const flatten = (node: PgPlanNode): PgPlanNode[] => [node, ...(node.Plans ?? []).flatMap(flatten)]

/** The plan of a compiled query. `noSeqScan`: PostgreSQL avoids sequential scans for it (tiny tables). */
export async function planOf(db: DB, query: CompiledQuery, options: { noSeqScan?: boolean } = {}): Promise<Plan> {
  if (onPostgres) {
    const root = await db.connection().execute(async (conn) => {
      if (options.noSeqScan) await sql`set enable_seqscan = off`.execute(conn)
      try {
        const { rows } = await conn.executeQuery<{ 'QUERY PLAN': Array<{ Plan: PgPlanNode }> }>(CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${query.sql}`, [...query.parameters]))
        return rows[0]?.['QUERY PLAN'][0]?.Plan
      } finally {
        if (options.noSeqScan) await sql`reset enable_seqscan`.execute(conn)
      }
    })
    assert.ok(root, 'no plan')
    return { text: JSON.stringify(root, null, 1), nodes: flatten(root), details: [] }
  }
  const { rows } = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${query.sql}`, [...query.parameters]))
  const details = rows.map((r) => r.detail)
  return { text: details.join('\n'), nodes: [], details }
}

/** One of these indexes appears in the plan. */
export function usesOneOf(plan: Plan, indexes: readonly string[]): boolean {
  if (onPostgres) return plan.nodes.some((n) => n['Index Name'] !== undefined && indexes.includes(n['Index Name']))
  return plan.details.some((d) => indexes.some((index) => new RegExp(`\\bUSING (COVERING )?INDEX ${index}\\b`).test(d)))
}

/** A sequential scan of `table` (SQLite: SCAN of the table or one of its aliases). */
export function scansTable(plan: Plan, table: string, aliases: readonly string[] = []): boolean {
  if (onPostgres) return plan.nodes.some((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === table)
  const names = [table, ...aliases].join('|')
  return plan.details.some((d) => new RegExp(`^SCAN (${names})\\b`).test(d) && !/USING (COVERING )?INDEX/.test(d))
}

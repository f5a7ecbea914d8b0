// Hot queries built and compiled once. Building a Kysely query costs about as much as SQLite takes to
// run a primary-key lookup, and the hottest queries (authentication on every request) differ only in
// their parameter values. On PostgreSQL they also run as named prepared statements (database.ts).
import type { Compilable, CompiledQuery } from 'kysely'
import { registerNamedStatement } from './database.js'
import type { Executor } from './executor.js'

/**
 * Compiles `build` once with placeholder arguments and returns a function that runs the same SQL with
 * real ones. `build` must turn each argument into exactly one bound parameter (no literals, no
 * branching on the values): this is checked at start-up, so a query that does otherwise fails loudly
 * instead of binding values to the wrong placeholders.
 */
export function prepare<Args extends number[], Row>(
  arity: Args['length'],
  build: (...args: Args) => Compilable<Row>,
): (ex: Executor, ...args: Args) => Promise<Row[]> {
  // Distinct, improbable values, so that each one's position among the parameters can be found.
  const placeholders = Array.from({ length: arity }, (_, i) => -7_340_033 - i) as Args
  const compiled = build(...placeholders).compile()
  // Which argument each parameter is: every argument exactly once, and nothing else.
  const order = compiled.parameters.map((p) => placeholders.indexOf(p as number))
  if (order.length !== arity || order.includes(-1) || new Set(order).size !== arity) {
    throw new Error(`prepare(): each argument must become exactly one parameter of ${compiled.sql}`)
  }
  registerNamedStatement(compiled.sql)
  return async (ex, ...args) => {
    // Same query node and query id as the compiled one, so plugins see each run as that query.
    const query: CompiledQuery<Row> = { ...compiled, parameters: order.map((i) => args[i]) }
    return (await ex.executeQuery(query)).rows
  }
}

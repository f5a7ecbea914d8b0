// Opens the database named by DATABASE_URL. The rest of the code sees one Kysely<Database> and
// never asks which engine is behind it (migrations excepted: DDL differs).
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from 'kysely'
import { createRequire } from 'node:module'
import type pg from 'pg'
import type { Database } from './schema.js'

export type DB = Kysely<Database>

const INT8_OID = 20

// pg is loaded only for a PostgreSQL URL: a SQLite install need not carry its memory.
let pgModule: typeof pg | undefined
const loadPg = (): typeof pg => (pgModule ??= createRequire(import.meta.url)('pg') as typeof pg)

// Row ids and epoch-millisecond timestamps fit in a double; parsing int8 to number keeps both engines alike.
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (value: string) => Number(value)
    return loadPg().types.getTypeParser(oid, format)
  },
}

const STATEMENT_CACHE_SIZE = 500

/**
 * Kysely's SQLite driver prepares every query anew; compiling the same SQL again was an eighth of
 * the hot list's server time. Statements run synchronously, so one prepared statement per SQL text
 * can be reused safely. Bounded: the oldest is dropped past STATEMENT_CACHE_SIZE.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>()
  return {
    prepare(sql: string) {
      let statement = cache.get(sql)
      if (!statement) {
        statement = sqlite.prepare(sql)
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string)
        cache.set(sql, statement)
      }
      return statement
    },
    close: () => sqlite.close(),
  }
}

/**
 * SQL texts that PostgreSQL connections run as named prepared statements, with their names. Only the
 * hot queries of `prepare()` are registered: PostgreSQL then parses and plans them once per connection
 * instead of on every run (the authentication query was most of the backend's time per cached page).
 * Their columns are listed, not `*`, so that a migration adding a column cannot change a prepared
 * statement's result type under a running server. (PgBouncer in transaction mode before 1.21 does not
 * support named statements.)
 */
const namedStatements = new Map<string, string>()

export function registerNamedStatement(sqlText: string): void {
  if (!namedStatements.has(sqlText)) namedStatements.set(sqlText, `leavedesk_${namedStatements.size + 1}`)
}

/** Makes a pool connection run registered SQL texts as named statements; everything else as before. */
function useNamedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown
  client.query = ((text: unknown, values?: unknown, ...rest: unknown[]) => {
    const name = typeof text === 'string' ? namedStatements.get(text) : undefined
    if (name !== undefined && Array.isArray(values) && rest.length === 0) return query({ name, text, values })
    return query(text, values, ...rest)
  }) as typeof client.query
}

export function isSqliteUrl(url: string): boolean {
  return url.startsWith('sqlite:')
}

function sqlitePath(url: string): string {
  return url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '')
}

export function createDatabase(url: string, options: { poolSize?: number } = {}): DB {
  if (isSqliteUrl(url)) {
    const file = sqlitePath(url)
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
    const sqlite = new SQLite(file)
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = NORMAL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('busy_timeout = 5000')
    return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) })
  }
  const pool = new (loadPg().Pool)({ connectionString: url, max: options.poolSize ?? 10, types: pgTypes })
  // An idle client that loses its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {})
  pool.on('connect', useNamedStatements)
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}

export function isPostgres<T>(db: Kysely<T>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

export async function pingDatabase(db: DB): Promise<boolean> {
  try {
    await sql`select 1`.execute(db)
    return true
  } catch {
    return false
  }
}

/** True for a UNIQUE constraint violation on either engine. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE'
}

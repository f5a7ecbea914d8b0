// What the Leavedesk database already holds, as the planner needs it, and whether it is migrated.
import { Migrator, sql } from 'kysely'
import type { DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import { migrationProvider } from '../db/migrate.js'
import { BLOCKING_STATUSES } from '../leave-requests/leave-requests.repository.js'
import type { TargetState } from './plan.js'

/** The target is not ready for an import: reported in one line. */
export class TargetError extends Error {}

export async function requireMigrated(db: DB): Promise<void> {
  let pending: string[]
  try {
    const migrations = await new Migrator({ db, provider: migrationProvider }).getMigrations()
    pending = migrations.filter((m) => m.executedAt === undefined).map((m) => m.name)
  } catch (err) {
    throw new TargetError(`cannot read the Leavedesk database (DATABASE_URL): ${(err as Error).message}`)
  }
  if (pending.length > 0) throw new TargetError(`the Leavedesk database (DATABASE_URL) is not migrated (${pending.length} pending, e.g. ${pending[0]}): run \`npx leavedesk migrate\` first`)
}

export async function readTarget(db: DB): Promise<TargetState> {
  const [importedUsers, importedRequests, users, requests, types, blocking] = await Promise.all([
    db.selectFrom('import_users').select(['source_id', 'user_id']).execute(),
    db.selectFrom('import_requests').select(['source_id', 'request_id']).execute(),
    db.selectFrom('users').select(['id', 'email']).execute(),
    db.selectFrom('leave_requests').select('id').execute(),
    db.selectFrom('leave_types').select('code').execute(),
    db.selectFrom('leave_requests').select(['id', 'user_id', 'start', 'end']).where('status', 'in', BLOCKING_STATUSES).execute(),
  ])
  return {
    importedUsers: new Map(importedUsers.map((r) => [Number(r.source_id), Number(r.user_id)])),
    importedRequests: new Map(importedRequests.map((r) => [Number(r.source_id), Number(r.request_id)])),
    usersByEmail: new Map(users.map((u) => [u.email.toLowerCase(), Number(u.id)])),
    userIds: new Set(users.map((u) => Number(u.id))),
    requestIds: new Set(requests.map((r) => Number(r.id))),
    leaveTypes: new Set(types.map((t) => t.code)),
    blocking: blocking.map((r) => ({ id: Number(r.id), user_id: Number(r.user_id), start: Number(r.start), end: Number(r.end) })),
  }
}

/**
 * PostgreSQL: moves a table's id sequence past its largest id, so that rows inserted with their
 * original ids are never handed out again. (SQLite's AUTOINCREMENT follows explicit ids by itself.)
 */
export async function moveSequencePast(ex: Executor, table: 'users' | 'leave_requests', onPostgres: boolean): Promise<void> {
  if (!onPostgres) return
  const seq = sql.lit(table)
  await sql`select setval(pg_get_serial_sequence(${seq}, 'id'),
    greatest((select coalesce(max(id), 1) from ${sql.table(table)}), coalesce(pg_sequence_last_value(pg_get_serial_sequence(${seq}, 'id')), 1)))`.execute(ex)
}

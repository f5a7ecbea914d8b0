// Imports from the original Django API (`leavedesk import-django`): which source row became which
// Leavedesk row, so that a second run creates nothing and a run killed part-way completes without
// duplicates. Plain integers, no foreign keys: a row deleted in Leavedesk after its import stays
// imported (a re-run must not bring back what someone deleted on purpose).
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('import_users')
    .addColumn('source_id', 'integer', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    // created: a new account; matched: an account that had the email already; merged: a case
    // duplicate of another source user, whose requests went to that user's account.
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('imported_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('import_requests')
    .addColumn('source_id', 'integer', (c) => c.primaryKey())
    .addColumn('request_id', 'integer', (c) => c.notNull())
    .addColumn('imported_at', 'bigint', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('import_requests').execute()
  await db.schema.dropTable('import_users').execute()
}

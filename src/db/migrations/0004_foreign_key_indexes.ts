import type { Kysely } from 'kysely'

// Foreign keys that reference users are checked (and nulled on a user's deletion) through these
// columns: without an index each such check scans the whole table.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('leave_requests_decided_by_idx').on('leave_requests').column('decided_by').execute()
  await db.schema.createIndex('audit_events_actor_id_idx').on('audit_events').column('actor_id').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_events_actor_id_idx').execute()
  await db.schema.dropIndex('leave_requests_decided_by_idx').execute()
}

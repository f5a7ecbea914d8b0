// Approvals: the append-only audit trail, and the indexes the approval queries need.
import type { Kysely } from 'kysely'
import { idColumn } from './0001_initial.js'

export async function up(db: Kysely<unknown>): Promise<void> {
  const [idName, idType, idBuilder] = idColumn(db)

  // No foreign key on entity_id: the trail outlives the row it describes (a deleted leave request
  // keeps its history). actor_id is kept when possible, but never blocks deleting a user.
  await db.schema
    .createTable('audit_events')
    .addColumn(idName, idType, idBuilder)
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('entity', 'varchar(32)', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('action', 'varchar(32)', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .execute()
  // One entity's history, oldest first.
  await db.schema.createIndex('audit_events_entity_idx').on('audit_events').columns(['entity', 'entity_id', 'id']).execute()

  // The approvals queue: requests in a waiting status, by owner, oldest submission first.
  await db.schema
    .createIndex('leave_requests_status_user_idx')
    .on('leave_requests')
    .columns(['status', 'user_id', 'created_at'])
    .execute()
  // Counting the active admins (last-admin protection, approver mails). users(manager_id) exists since 0001.
  await db.schema.createIndex('users_role_active_idx').on('users').columns(['role', 'is_active']).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('users_role_active_idx').execute()
  await db.schema.dropIndex('leave_requests_status_user_idx').execute()
  await db.schema.dropTable('audit_events').execute()
}

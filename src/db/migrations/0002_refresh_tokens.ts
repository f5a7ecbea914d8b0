import type { Kysely } from 'kysely'

// Refresh tokens are recorded by jti so that they can be revoked (logout, password change, theft).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('refresh_tokens')
    .addColumn('jti', 'char(32)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // Every token descending from one sign-in shares the family of the first.
    .addColumn('family', 'char(32)', (c) => c.notNull())
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('replaced_by', 'char(32)')
    .execute()
  await db.schema.createIndex('refresh_tokens_user_idx').on('refresh_tokens').column('user_id').execute()
  await db.schema.createIndex('refresh_tokens_family_idx').on('refresh_tokens').column('family').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('refresh_tokens').execute()
}

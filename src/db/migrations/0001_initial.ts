import { type ColumnDefinitionBuilder, type Kysely, sql } from 'kysely'
import { isPostgres } from '../database.js'

/** An auto-incrementing integer primary key, spelled the way each engine wants it. */
export function idColumn(db: Kysely<unknown>) {
  return isPostgres(db)
    ? (['id', 'integer', (col: ColumnDefinitionBuilder) => col.primaryKey().generatedByDefaultAsIdentity()] as const)
    : (['id', 'integer', (col: ColumnDefinitionBuilder) => col.primaryKey().autoIncrement()] as const)
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const [idName, idType, idBuilder] = idColumn(db)

  await db.schema
    .createTable('users')
    .addColumn(idName, idType, idBuilder)
    .addColumn('email', 'varchar(254)', (c) => c.notNull().unique())
    .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
    .addColumn('first_name', 'varchar(150)', (c) => c.notNull().defaultTo(''))
    .addColumn('last_name', 'varchar(150)', (c) => c.notNull().defaultTo(''))
    .addColumn('preferred_name', 'varchar(150)', (c) => c.notNull().defaultTo(''))
    .addColumn('gender', 'varchar(10)', (c) => c.notNull().defaultTo(''))
    .addColumn('birth_date', 'varchar(10)')
    .addColumn('role', 'varchar(16)', (c) => c.notNull().defaultTo('employee'))
    .addColumn('manager_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('token_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('users_manager_id_idx').on('users').column('manager_id').execute()

  await db.schema
    .createTable('password_reset_tokens')
    .addColumn(idName, idType, idBuilder)
    .addColumn('user_id', 'integer', (c) => c.notNull().unique().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'char(64)', (c) => c.notNull().unique())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('leave_requests')
    .addColumn(idName, idType, idBuilder)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('start', 'bigint', (c) => c.notNull())
    .addColumn('end', 'bigint', (c) => c.notNull())
    .addColumn('description', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
    .addColumn('type', 'varchar(16)', (c) => c.notNull().defaultTo('VACATION'))
    .addColumn('status', 'varchar(32)', (c) => c.notNull().defaultTo('PENDING'))
    .addColumn('decided_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decided_at', 'bigint')
    .addColumn('decision_comment', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('leave_requests_end_after_start', sql`"end" > "start"`)
    .execute()
  // Matches the hot list query: a user's requests, newest start first.
  await db.schema
    .createIndex('leave_requests_user_start_idx')
    .on('leave_requests')
    .columns(['user_id', 'start desc', 'id desc'])
    .execute()

  await db.schema
    .createTable('mail_outbox')
    .addColumn(idName, idType, idBuilder)
    .addColumn('recipient', 'varchar(254)', (c) => c.notNull())
    .addColumn('subject', 'varchar(255)', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('locked_until', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .execute()
  await db.schema.createIndex('mail_outbox_due_idx').on('mail_outbox').columns(['status', 'next_attempt_at']).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['mail_outbox', 'leave_requests', 'password_reset_tokens', 'users']) {
    await db.schema.dropTable(table).execute()
  }
}

// Who's out: the calendar's visibility setting, each request's stable calendar identity (a random
// UID and a SEQUENCE that grows when its dates or status change), each person's feed version (a
// rotation bumps it and so ends every feed URL derived from it), and the index that keeps a calendar
// window's read flat whatever the length of the history. And coverage rules: groups of people, and
// how many of a group must be present on a working day. And webhooks: endpoints, the outbox of
// their deliveries (written in the transaction of the change), and the record of each attempt.
import { randomUUID } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import { isPostgres } from '../database.js'
import { idColumn } from './0001_initial.js'

const BATCH = 1000

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('settings').addColumn('calendar_visible_to_everyone', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  await db.schema.alterTable('users').addColumn('feed_version', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  // Nullable in the schema (SQLite cannot add a column with a random default); every write sets it.
  await db.schema.alterTable('leave_requests').addColumn('uid', 'varchar(36)').execute()
  await db.schema.alterTable('leave_requests').addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  let after = 0
  for (;;) {
    const { rows } = await sql<{ id: number }>`select id from leave_requests where id > ${after} order by id limit ${BATCH}`.execute(db)
    if (rows.length === 0) break
    const values = rows.map((row) => sql`(cast(${row.id} as integer), cast(${randomUUID()} as varchar(36)))`)
    await sql`update leave_requests set uid = v.column2 from (values ${sql.join(values)}) as v where leave_requests.id = v.column1`.execute(db)
    after = Number(rows[rows.length - 1]!.id)
  }
  await db.schema.createIndex('leave_requests_uid_idx').on('leave_requests').column('uid').unique().execute()
  await db.schema.createIndex('leave_requests_user_end_date_idx').on('leave_requests').columns(['user_id', 'end_date']).execute()

  const [idName, idType, idBuilder] = idColumn(db)
  await db.schema
    .createTable('groups')
    .addColumn(idName, idType, idBuilder)
    .addColumn('name', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('group_members')
    .addColumn('group_id', 'integer', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'user_id'])
    .execute()
  await db.schema.createIndex('group_members_user_idx').on('group_members').column('user_id').execute()
  await db.schema
    .createTable('coverage_rules')
    .addColumn(idName, idType, idBuilder)
    .addColumn('group_id', 'integer', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('min_present', 'integer', (c) => c.notNull())
    .addColumn('mode', 'varchar(5)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('coverage_rules_group_idx').on('coverage_rules').column('group_id').execute()
  await db.schema
    .createTable('webhooks')
    .addColumn(idName, idType, idBuilder)
    .addColumn('url', 'varchar(2048)', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('description', 'varchar(500)', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('previous_secret', 'text')
    .addColumn('previous_until', 'bigint')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('failing_since', 'bigint')
    .addColumn('disabled_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn(idName, idType, idBuilder)
    .addColumn('webhook_id', 'integer', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('event_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('event_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('locked_until', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .execute()
  await db.schema.createIndex('webhook_deliveries_due_idx').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute()
  await db.schema.createIndex('webhook_deliveries_webhook_idx').on('webhook_deliveries').column('webhook_id').execute()
  await db.schema
    .createTable('webhook_attempts')
    .addColumn(idName, idType, idBuilder)
    .addColumn('webhook_id', 'integer', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('delivery_id', 'integer', (c) => c.notNull().references('webhook_deliveries.id').onDelete('cascade'))
    .addColumn('event_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('event_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('webhook_attempts_webhook_idx').on('webhook_attempts').columns(['webhook_id', 'id']).execute()
  await db.schema.createIndex('webhook_attempts_delivery_idx').on('webhook_attempts').column('delivery_id').execute()

  // Whether any rule exists is part of the cached working config: cached approval pages cannot hold
  // coverage, which depends on other people's leave, so they are cached only while there is no rule.
  if (isPostgres(db)) {
    await sql.raw('CREATE TRIGGER coverage_rules_config_version AFTER INSERT OR UPDATE OR DELETE ON coverage_rules FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version()').execute(db)
  } else {
    for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
      await sql.raw(`CREATE TRIGGER coverage_rules_config_version_${op.toLowerCase()} AFTER ${op} ON coverage_rules BEGIN UPDATE shared_versions SET config_version = config_version + 1; END`).execute(db)
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('webhook_attempts').execute()
  await db.schema.dropTable('webhook_deliveries').execute()
  await db.schema.dropTable('webhooks').execute()
  if (isPostgres(db)) await sql.raw('DROP TRIGGER coverage_rules_config_version ON coverage_rules').execute(db)
  else for (const op of ['insert', 'update', 'delete']) await sql.raw(`DROP TRIGGER coverage_rules_config_version_${op}`).execute(db)
  await db.schema.dropTable('coverage_rules').execute()
  await db.schema.dropTable('group_members').execute()
  await db.schema.dropTable('groups').execute()
  await db.schema.dropIndex('leave_requests_user_end_date_idx').execute()
  await db.schema.dropIndex('leave_requests_uid_idx').execute()
  await db.schema.alterTable('leave_requests').dropColumn('sequence').execute()
  await db.schema.alterTable('leave_requests').dropColumn('uid').execute()
  await db.schema.alterTable('users').dropColumn('feed_version').execute()
  await db.schema.alterTable('settings').dropColumn('calendar_visible_to_everyone').execute()
}

// Versions that tell a cached list page whether it is still true, kept by triggers so that no write
// path (service, CLI, a future one, a manual fix in psql) can forget to bump them:
// - users.leave_version: +1 whenever one of the user's leave requests is inserted, updated or deleted;
// - team_versions.version, per manager: +1 whenever that happens to a request of one of their direct
//   reports. A table of its own, not a users column: bumping it must not lock the manager's user row,
//   which admin changes lock in other orders (last-admin checks lock every admin);
// - shared_versions.users_version: +1 whenever any user's email, name, role, manager or active flag
//   changes, or a user is deleted (what other users' pages show of them, or what their permissions
//   depend on). Such changes are rare; every cached page is dropped when one happens.
// The authentication query reads all three with the user, so checking a cached page costs no query.
import { type Kysely, sql } from 'kysely'
import { isPostgres } from '../database.js'

/** The user columns a list page shows or computes `allowed_actions` from. */
const SHOWN_USER_COLUMNS = ['email', 'first_name', 'last_name', 'role', 'manager_id', 'is_active']

/** The owner's manager's team version +1 (the same upsert on both engines). */
const bumpTeam = (ownerId: string) =>
  `INSERT INTO team_versions (manager_id, version) SELECT manager_id, 1 FROM users WHERE id = ${ownerId} AND manager_id IS NOT NULL ` +
  `ON CONFLICT (manager_id) DO UPDATE SET version = team_versions.version + 1;`

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('leave_version', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  await db.schema
    .createTable('team_versions')
    .addColumn('manager_id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('shared_versions')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('users_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await sql`insert into shared_versions (id, users_version) values (1, 0)`.execute(db)
  if (isPostgres(db)) await postgresTriggers(db)
  else await sqliteTriggers(db)
}

async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  // The owner's pages and their manager's team pages (the manager as it is at the time of the write).
  const bumpOwner = (row: 'NEW' | 'OLD') =>
    `UPDATE users SET leave_version = leave_version + 1 WHERE id = ${row}.user_id; ` +
    bumpTeam(`${row}.user_id`)
  const changed = SHOWN_USER_COLUMNS.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')
  const statements = [
    `CREATE TRIGGER leave_requests_version_insert AFTER INSERT ON leave_requests BEGIN ${bumpOwner('NEW')} END`,
    // user_id never changes, but if it did both owners' pages would change.
    `CREATE TRIGGER leave_requests_version_update AFTER UPDATE ON leave_requests BEGIN ${bumpOwner('OLD')} END`,
    `CREATE TRIGGER leave_requests_version_move AFTER UPDATE OF user_id ON leave_requests WHEN NEW.user_id IS NOT OLD.user_id ` +
      `BEGIN ${bumpOwner('NEW')} END`,
    `CREATE TRIGGER leave_requests_version_delete AFTER DELETE ON leave_requests BEGIN ${bumpOwner('OLD')} END`,
    `CREATE TRIGGER users_shared_version_update AFTER UPDATE ON users WHEN ${changed} ` +
      `BEGIN UPDATE shared_versions SET users_version = users_version + 1; END`,
    `CREATE TRIGGER users_shared_version_delete AFTER DELETE ON users BEGIN UPDATE shared_versions SET users_version = users_version + 1; END`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

async function postgresTriggers(db: Kysely<unknown>): Promise<void> {
  const changed = SHOWN_USER_COLUMNS.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ')
  const statements = [
    `CREATE FUNCTION leave_requests_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP <> 'INSERT' THEN
         UPDATE users SET leave_version = leave_version + 1 WHERE id = OLD.user_id;
         ${bumpTeam('OLD.user_id')}
       END IF;
       IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.user_id IS DISTINCT FROM OLD.user_id) THEN
         UPDATE users SET leave_version = leave_version + 1 WHERE id = NEW.user_id;
         ${bumpTeam('NEW.user_id')}
       END IF;
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER leave_requests_version AFTER INSERT OR UPDATE OR DELETE ON leave_requests
     FOR EACH ROW EXECUTE FUNCTION leave_requests_bump_version()`,
    `CREATE FUNCTION users_bump_shared_version() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       UPDATE shared_versions SET users_version = users_version + 1;
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER users_shared_version_update AFTER UPDATE ON users FOR EACH ROW WHEN (${changed})
     EXECUTE FUNCTION users_bump_shared_version()`,
    `CREATE TRIGGER users_shared_version_delete AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION users_bump_shared_version()`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql.raw('DROP TRIGGER users_shared_version_delete ON users').execute(db)
    await sql.raw('DROP TRIGGER users_shared_version_update ON users').execute(db)
    await sql.raw('DROP TRIGGER leave_requests_version ON leave_requests').execute(db)
    await sql.raw('DROP FUNCTION users_bump_shared_version()').execute(db)
    await sql.raw('DROP FUNCTION leave_requests_bump_version()').execute(db)
  } else {
    for (const name of [
      'users_shared_version_delete',
      'users_shared_version_update',
      'leave_requests_version_delete',
      'leave_requests_version_move',
      'leave_requests_version_update',
      'leave_requests_version_insert',
    ]) {
      await sql.raw(`DROP TRIGGER ${name}`).execute(db)
    }
  }
  await db.schema.dropTable('shared_versions').execute()
  await db.schema.dropTable('team_versions').execute()
  await db.schema.alterTable('users').dropColumn('leave_version').execute()
}

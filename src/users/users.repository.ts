import { sql, type Selectable, type SqlBool, type Updateable } from 'kysely'
import type { DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import { prepare } from '../db/prepared.js'
import type { Role, UsersTable } from '../db/schema.js'

export type UserRow = Selectable<UsersTable>

/**
 * Every column of users, named: the prepared queries list them rather than `*`, so that a column added
 * by a later migration cannot change a PostgreSQL prepared statement's result type (database.ts).
 */
const USER_COLUMNS = [
  'id',
  'email',
  'password_hash',
  'first_name',
  'last_name',
  'preferred_name',
  'gender',
  'birth_date',
  'role',
  'manager_id',
  'is_active',
  'token_version',
  'leave_version',
  'time_zone',
  'holiday_region',
  'work_week',
  'employment_start',
  'feed_version',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof UsersTable>
// A column left out fails to compile: findById and findForAuth promise whole UserRows.

/** The signed-in user, with the versions that cached list pages are checked against (migration 0005). */
export interface AuthenticatedUser extends UserRow {
  users_version: number
  /** Settings, leave types and company days off as of this request (working-time/config-cache.ts). */
  config_version: number
  /** 0 until a report's request first changes. */
  team_version: number
}

export interface NewUser {
  email: string
  password_hash: string
  first_name?: string
  last_name?: string
  role?: Role
  manager_id?: number | null
}

export interface UserFilters {
  role?: Role
  isActive?: boolean
  /** Part of the email, of "first last", or of the preferred name; case-insensitive. */
  q?: string
}

export type UserChanges = Omit<Updateable<UsersTable>, 'id' | 'created_at' | 'updated_at' | 'token_version' | 'leave_version'>

export class UsersRepository {
  private readonly selectForAuth
  private readonly selectById

  constructor(private readonly db: DB) {
    this.selectById = prepare(1, (id: number) => db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id))
    // Runs on every authenticated request: compiled once.
    this.selectForAuth = prepare(1, (id: number) =>
      db
        .selectFrom('users')
        .select(USER_COLUMNS.map((c) => `users.${c}` as const))
        .select((eb) => [
          eb.selectFrom('shared_versions').select('users_version').$asScalar().as('users_version'),
          eb.selectFrom('shared_versions').select('config_version').$asScalar().as('config_version'),
          eb.fn
            .coalesce(eb.selectFrom('team_versions').select('version').whereRef('manager_id', '=', 'users.id').$asScalar(), sql.lit(0))
            .as('team_version'),
        ])
        .where('users.id', '=', id),
    )
  }

  /** The user and the shared version, in one query: what authenticating a request needs. */
  async findForAuth(id: number): Promise<AuthenticatedUser | undefined> {
    const [row] = await this.selectForAuth(this.db, id)
    return row
  }

  async findById(id: number, ex: Executor = this.db): Promise<UserRow | undefined> {
    return (await this.selectById(ex, id))[0]
  }

  findByEmail(email: string, ex: Executor = this.db): Promise<UserRow | undefined> {
    return ex.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst()
  }

  async emailTaken(email: string, exceptId: number | null, ex: Executor = this.db): Promise<boolean> {
    let q = ex.selectFrom('users').select('id').where('email', '=', email.toLowerCase())
    if (exceptId !== null) q = q.where('id', '!=', exceptId)
    return (await q.executeTakeFirst()) !== undefined
  }

  async insert(user: NewUser, ex: Executor = this.db): Promise<UserRow> {
    const now = Date.now()
    return ex
      .insertInto('users')
      .values({
        email: user.email.toLowerCase(),
        password_hash: user.password_hash,
        first_name: user.first_name ?? '',
        last_name: user.last_name ?? '',
        preferred_name: '',
        gender: '',
        birth_date: null,
        role: user.role ?? 'employee',
        manager_id: user.manager_id ?? null,
        is_active: 1,
        token_version: 0,
        time_zone: null,
        holiday_region: null,
        work_week: null,
        employment_start: null,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
  }

  async update(id: number, changes: UserChanges, ex: Executor = this.db): Promise<UserRow | undefined> {
    const values = { ...changes, updated_at: Date.now() }
    if (values.email) values.email = values.email.toLowerCase()
    return ex.updateTable('users').set(values).where('id', '=', id).returningAll().executeTakeFirst()
  }

  /** Sets a new password hash and voids every token issued before it. */
  async setPassword(id: number, passwordHash: string, ex: Executor = this.db): Promise<void> {
    await ex
      .updateTable('users')
      .set((eb) => ({ password_hash: passwordHash, token_version: eb('token_version', '+', 1), updated_at: Date.now() }))
      .where('id', '=', id)
      .execute()
  }

  /** Voids every access and refresh token issued so far: they carry the old version. */
  async bumpTokenVersion(id: number, ex: Executor = this.db): Promise<void> {
    await ex
      .updateTable('users')
      .set((eb) => ({ token_version: eb('token_version', '+', 1), updated_at: Date.now() }))
      .where('id', '=', id)
      .execute()
  }

  /**
   * Serialises concurrent writes that concern one user (e.g. two overlapping leave requests filed
   * at once). A no-op UPDATE takes the row lock on PostgreSQL; SQLite serialises writers anyway.
   * It rewrites a non-key column: rewriting `id` made SQLite check every foreign key pointing at
   * users (a full scan of each unindexed referencing table per write).
   */
  async lock(id: number, ex: Executor): Promise<void> {
    await ex.updateTable('users').set((eb) => ({ token_version: eb.ref('token_version') })).where('id', '=', id).execute()
  }

  /** The admin list: filtered, oldest account first. */
  async list(f: UserFilters, limit: number, offset: number): Promise<{ rows: UserRow[]; total: number }> {
    let q = this.db.selectFrom('users')
    if (f.role) q = q.where('role', '=', f.role)
    if (f.isActive !== undefined) q = q.where('is_active', '=', f.isActive ? 1 : 0)
    if (f.q) {
      // LIKE with its wildcards escaped; lower() on both sides because PostgreSQL's LIKE is case-sensitive.
      const pattern = `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      q = q.where((eb) =>
        eb.or([
          sql<SqlBool>`lower(email) like ${pattern} escape '\\'`,
          sql<SqlBool>`lower(first_name || ' ' || last_name) like ${pattern} escape '\\'`,
          sql<SqlBool>`lower(preferred_name) like ${pattern} escape '\\'`,
        ]),
      )
    }
    const [rows, total] = await Promise.all([
      q.selectAll().orderBy('id').limit(limit).offset(offset).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n)),
    ])
    return { rows, total }
  }

  /** Deactivates the user and ends their sessions at once: every token they hold carries an old version. */
  deactivate(id: number, ex: Executor): Promise<UserRow | undefined> {
    return ex
      .updateTable('users')
      .set((eb) => ({ is_active: 0, token_version: eb('token_version', '+', 1), updated_at: Date.now() }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst()
  }

  findActiveAdmins(ex: Executor = this.db): Promise<UserRow[]> {
    return ex.selectFrom('users').selectAll().where('role', '=', 'admin').where('is_active', '=', 1).orderBy('id').execute()
  }

  /**
   * Locks the rows of every active admin and returns their ids, so that two admins demoting or
   * deactivating each other at once cannot both succeed: the second waits, then sees the first's change.
   */
  async lockActiveAdmins(ex: Executor): Promise<number[]> {
    const rows = await ex
      .updateTable('users')
      .set((eb) => ({ token_version: eb.ref('token_version') }))
      .where('role', '=', 'admin')
      .where('is_active', '=', 1)
      .returning('id')
      .execute()
    return rows.map((r) => r.id)
  }

  /** The ids above a user: their manager, that one's manager, and so on (UNION stops at a cycle). */
  async managerChain(userId: number, ex: Executor = this.db): Promise<number[]> {
    const rows = await ex
      .withRecursive('chain(id)', (db) =>
        db
          .selectFrom('users')
          .select('manager_id as id')
          .where('id', '=', userId)
          .where('manager_id', 'is not', null)
          .union((db) =>
            db
              .selectFrom('users')
              .innerJoin('chain', 'chain.id', 'users.id')
              .select('users.manager_id as id')
              .where('users.manager_id', 'is not', null),
          ),
      )
      .selectFrom('chain')
      .select('id')
      .execute()
    return rows.map((r) => Number(r.id))
  }

  async count(ex: Executor = this.db): Promise<number> {
    const row = await ex.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    return Number(row.n)
  }
}

import type { Selectable, Updateable } from 'kysely'
import type { DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import type { Role, UsersTable } from '../db/schema.js'

export type UserRow = Selectable<UsersTable>

export interface NewUser {
  email: string
  password_hash: string
  first_name?: string
  last_name?: string
  role?: Role
  manager_id?: number | null
}

export type UserChanges = Omit<Updateable<UsersTable>, 'id' | 'created_at' | 'updated_at' | 'token_version'>

export class UsersRepository {
  constructor(private readonly db: DB) {}

  findById(id: number, ex: Executor = this.db): Promise<UserRow | undefined> {
    return ex.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
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
   */
  async lock(id: number, ex: Executor): Promise<void> {
    await ex.updateTable('users').set((eb) => ({ id: eb.ref('id') })).where('id', '=', id).execute()
  }

  async count(ex: Executor = this.db): Promise<number> {
    const row = await ex.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    return Number(row.n)
  }
}

// First-admin setup of a fresh install: while no user exists at all, anyone who can reach the server
// may create the first account, an admin, and is signed in at once. The first account made wins,
// concurrent attempts included; from then on setup answers 409, whoever made that account (this
// endpoint or `leavedesk createuser`).
import { sql } from 'kysely'
import { changesBetween } from '../audit/audit-trail.js'
import type { AuditRepository } from '../audit/audit.repository.js'
import type { AuthService } from '../auth/auth.service.js'
import { hashPassword, passwordProblems } from '../auth/passwords.js'
import type { Config } from '../config.js'
import { isPostgres, isUniqueViolation, type DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import { ConflictError, ValidationError, type FieldErrorMap } from '../errors.js'
import type { UserRow, UsersRepository } from '../users/users.repository.js'
import { auditSnapshot } from '../users/users.service.js'

export interface SetupInput {
  email: string
  password: string
  confirm_password: string
  first_name: string
  last_name: string
}

export interface SetupDeps {
  db: DB
  users: UsersRepository
  audit: AuditRepository
  auth: AuthService
  config: Pick<Config, 'passwordMinLength'>
}

/** The key of the transaction-level advisory lock that serialises setups on PostgreSQL ("LDSETUP1" as 8 bytes, positive). */
const SETUP_LOCK_KEY = '5495609002531573809'

export const alreadySetUp = () => new ConflictError('This installation is already set up: sign in instead.', 'already_set_up')

/**
 * Makes concurrent setups wait for each other, so that the count each one reads after it is the
 * truth. PostgreSQL: a transaction-level advisory lock (a plain count-then-insert lets two READ
 * COMMITTED transactions both see no user). SQLite: one process runs one transaction at a time on
 * its connection already; a first no-op write takes the database's write lock at once, so another
 * process waits (busy_timeout) instead of failing to upgrade its read lock later.
 */
async function serialiseSetups(trx: Executor, postgres: boolean): Promise<void> {
  if (postgres) await sql`select pg_advisory_xact_lock(${SETUP_LOCK_KEY}::bigint)`.execute(trx)
  else await sql`update shared_versions set users_version = users_version where id = 1`.execute(trx)
}

export class SetupService {
  /** Once a user exists, setup is over for good: no need to count again. */
  private done = false

  constructor(private readonly d: SetupDeps) {}

  async needed(): Promise<boolean> {
    if (this.done) return false
    if ((await this.d.users.count()) > 0) this.done = true
    return !this.done
  }

  /** Creates the first user as an admin and signs them in; 409 once any user exists. */
  async createFirstAdmin(input: SetupInput): Promise<{ access: string; refresh: string }> {
    if (!(await this.needed())) throw alreadySetUp()
    const email = input.email.trim().toLowerCase()
    const errors: FieldErrorMap = {}
    const problems = passwordProblems(input.password, {
      minLength: this.d.config.passwordMinLength,
      email,
      names: [input.first_name, input.last_name],
    })
    if (problems.length > 0) errors.password = problems
    if (input.password !== input.confirm_password) errors.confirm_password = ["The two passwords don't match."]
    if (Object.keys(errors).length > 0) throw new ValidationError(errors)

    // Hashed before the lock is taken: concurrent attempts wait for each other only for a few statements.
    const passwordHash = await hashPassword(input.password)
    let user: UserRow
    try {
      user = await this.d.db.transaction().execute(async (trx) => {
        await serialiseSetups(trx, isPostgres(this.d.db))
        if ((await this.d.users.count(trx)) > 0) throw alreadySetUp()
        const created = await this.d.users.insert(
          { email, password_hash: passwordHash, first_name: input.first_name, last_name: input.last_name, role: 'admin' },
          trx,
        )
        await this.d.audit.record(
          {
            actorId: created.id,
            entity: 'user',
            entityId: created.id,
            action: 'created',
            changes: changesBetween(null, auditSnapshot(created)),
            note: 'The first admin, created by the setup of a fresh install.',
          },
          trx,
        )
        return created
      })
    } catch (err) {
      // `leavedesk createuser` takes no lock: the same email made by it meanwhile is a finished setup too.
      if (err instanceof ConflictError || isUniqueViolation(err)) {
        this.done = true
        throw alreadySetUp()
      }
      throw err
    }
    this.done = true
    return this.d.auth.startSession(user)
  }
}

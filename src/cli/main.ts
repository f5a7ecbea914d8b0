// `leavedesk` command: migrate, createuser.
import { parseArgs } from 'node:util'
import { hashPassword, passwordProblems } from '../auth/passwords.js'
import { ConfigError, loadConfig } from '../config.js'
import { createDatabase, isUniqueViolation } from '../db/database.js'
import { migrateToLatest } from '../db/migrate.js'
import type { Role } from '../db/schema.js'
import { UsersRepository } from '../users/users.repository.js'

const USAGE = `usage:
  leavedesk migrate
  leavedesk createuser --email E [--password-stdin | --password P] [--first-name F] [--last-name L] [--role employee|manager|admin]`

class UsageError extends Error {}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const ROLES: Role[] = ['employee', 'manager', 'admin']

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}

export async function run(argv: string[]): Promise<string> {
  const [command, ...rest] = argv
  const config = loadConfig()
  const db = createDatabase(config.databaseUrl, { poolSize: 1 })
  try {
    if (command === 'migrate') {
      const applied = await migrateToLatest(db)
      return applied.length ? `applied ${applied.join(', ')}` : 'database is up to date'
    }
    if (command === 'createuser') {
      const { values } = parseArgs({
        args: rest,
        options: {
          email: { type: 'string' },
          password: { type: 'string' },
          'password-stdin': { type: 'boolean' },
          'first-name': { type: 'string' },
          'last-name': { type: 'string' },
          role: { type: 'string' },
        },
        strict: true,
      })
      const email = values.email?.trim().toLowerCase()
      if (!email || !EMAIL.test(email) || email.length > 254) throw new UsageError('--email must be a valid email address')
      const role = (values.role ?? 'employee') as Role
      if (!ROLES.includes(role)) throw new UsageError(`unknown role "${values.role}" (use employee, manager or admin)`)
      if (values.password !== undefined && values['password-stdin']) throw new UsageError('give --password or --password-stdin, not both')
      const password = values['password-stdin'] ? await readStdin() : values.password
      if (!password) throw new UsageError('a password is required: --password-stdin or --password P')
      const firstName = values['first-name'] ?? ''
      const lastName = values['last-name'] ?? ''
      if (firstName.length > 150 || lastName.length > 150) throw new UsageError('names are at most 150 characters')
      const problems = passwordProblems(password, { minLength: config.passwordMinLength, email, names: [firstName, lastName] })
      if (problems.length > 0) throw new UsageError(`password refused: ${problems.join(' ')}`)
      await migrateToLatest(db)
      const users = new UsersRepository(db)
      try {
        const user = await users.insert({ email, password_hash: await hashPassword(password), first_name: firstName, last_name: lastName, role })
        return String(user.id)
      } catch (err) {
        if (isUniqueViolation(err)) throw new UsageError(`a user with email ${email} already exists`)
        throw err
      }
    }
    throw new UsageError(USAGE)
  } finally {
    await db.destroy()
  }
}

run(process.argv.slice(2)).then(
  (out) => {
    process.stdout.write(out + '\n')
  },
  (err: unknown) => {
    const known = err instanceof UsageError || err instanceof ConfigError || (err instanceof Error && 'code' in err && String((err as { code: unknown }).code).startsWith('ERR_PARSE_ARGS'))
    process.stderr.write(`leavedesk: ${known ? (err as Error).message : `failed: ${(err as Error).message}`}\n`)
    process.exitCode = known ? 2 : 1
  },
)

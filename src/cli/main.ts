// `leavedesk` command: migrate, createuser, import-django.
import { parseArgs } from 'node:util'
import { hashPassword, passwordProblems } from '../auth/passwords.js'
import { ConfigError, loadConfig } from '../config.js'
import { createDatabase, isUniqueViolation } from '../db/database.js'
import { migrateToLatest } from '../db/migrate.js'
import type { Role } from '../db/schema.js'
import { PlanError } from '../import/plan.js'
import { DEFAULT_BATCH_SIZE, importDjango } from '../import/run.js'
import { SourceError } from '../import/source.js'
import { TargetError } from '../import/target.js'
import { UsersRepository } from '../users/users.repository.js'
import { isTimeZone } from '../working-time/calendar.js'

const USAGE = `usage:
  leavedesk migrate
  leavedesk createuser --email E [--password-stdin | --password P] [--first-name F] [--last-name L] [--role employee|manager|admin]
  leavedesk import-django --from <sqlite file | postgres://...> [--dry-run] [--time-zone Europe/Berlin] [--admin-email E] [--batch-size N]`

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
    if (command === 'import-django') return await importCommand(db, rest)
    throw new UsageError(USAGE)
  } finally {
    await db.destroy()
  }
}

async function importCommand(db: ReturnType<typeof createDatabase>, args: string[]): Promise<string> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'time-zone': { type: 'string' },
      'admin-email': { type: 'string' },
      'batch-size': { type: 'string' },
    },
    strict: true,
  })
  if (!values.from) throw new UsageError('--from is required: the original\'s SQLite file or its postgres:// URL')
  const timeZone = values['time-zone'] ?? null
  if (timeZone !== null && !isTimeZone(timeZone)) throw new UsageError(`--time-zone: "${timeZone}" is not a time zone (use an IANA name such as Europe/Berlin or UTC)`)
  const adminEmail = values['admin-email']?.trim().toLowerCase() ?? null
  if (adminEmail !== null && !EMAIL.test(adminEmail)) throw new UsageError('--admin-email must be a valid email address')
  const batchSize = values['batch-size'] === undefined ? DEFAULT_BATCH_SIZE : Number(values['batch-size'])
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) throw new UsageError('--batch-size must be a whole number from 1 to 1000')
  // A line that updates on a terminal; nothing but the report otherwise.
  const tty = process.stderr.isTTY
  const progress = tty ? (line: string) => process.stderr.write(`\r\x1b[K${line}`) : undefined
  try {
    return await importDjango(db, { from: values.from, dryRun: values['dry-run'] ?? false, timeZone, adminEmail, batchSize, progress })
  } catch (err) {
    if (err instanceof SourceError || err instanceof TargetError || err instanceof PlanError) throw new UsageError(err.message)
    throw err
  } finally {
    if (tty) process.stderr.write('\r\x1b[K')
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

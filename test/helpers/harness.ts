// Builds an app for one test file: SQLite in memory, or (with TEST_DATABASE_URL) a fresh PostgreSQL
// database that is dropped afterwards. The same tests run on both: see scripts/run-tests.mjs.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { CompiledQuery } from 'kysely'
import { buildApp, type BuildOptions } from '../../src/app.js'
import { hashPassword } from '../../src/auth/passwords.js'
import { loadConfig, type Config } from '../../src/config.js'
import { createDatabase, type DB } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import type { Role } from '../../src/db/schema.js'
import type { App } from '../../src/http/types.js'
import { UsersRepository } from '../../src/users/users.repository.js'

export const PASSWORD = 'correct-horse-battery-staple'

export interface TestContext {
  app: App
  db: DB
  config: Config
  mailDir: string
  close(): Promise<void>
}

export const onPostgres = !!process.env.TEST_DATABASE_URL

/** Creates a throwaway PostgreSQL database; returns its URL and a function that drops it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL!
  const name = `leavedesk_test_${process.pid}_${randomBytes(4).toString('hex')}`
  const client = new pg.Client({ connectionString: admin })
  await client.connect()
  await client.query(`CREATE DATABASE ${name}`)
  await client.end()
  const url = new URL(admin)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await c.end()
    },
  }
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  const mailDir = mkdtempSync(path.join(tmpdir(), 'leavedesk-mail-'))
  return loadConfig({
    NODE_ENV: 'test',
    SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789',
    LOG_LEVEL: 'silent',
    MAIL_DIR: mailDir,
    DATABASE_URL: 'sqlite::memory:',
    RATE_LIMIT_PER_MINUTE: '0',
    ...overrides,
  })
}

/**
 * A database that another process (the CLI) can open too: a temporary SQLite file, or (with
 * TEST_DATABASE_URL) a fresh PostgreSQL database. Pass its url as DATABASE_URL to createTestContext,
 * which then uses it without dropping it: call drop() when done.
 */
export async function createSharedDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (onPostgres) return createPostgresDatabase()
  const dir = mkdtempSync(path.join(tmpdir(), 'leavedesk-db-'))
  return { url: `sqlite:${path.join(dir, 'test.sqlite3')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) }
}

export interface TestOptions extends BuildOptions {
  /**
   * Keep the company's default Monday-to-Friday week. Otherwise every weekday is a working day (see
   * workEveryDay): the tests of the original API's behaviour file periods on any day of the week.
   */
  mondayToFriday?: boolean
}

export async function createTestContext(env: Record<string, string> = {}, options: TestOptions = {}): Promise<TestContext> {
  let dbUrl = 'sqlite::memory:'
  let drop = async () => {}
  if (env.DATABASE_URL) dbUrl = env.DATABASE_URL
  else if (onPostgres) ({ url: dbUrl, drop } = await createPostgresDatabase())
  const config = testConfig({ DATABASE_URL: dbUrl, ...env })
  const db = createDatabase(dbUrl, { poolSize: 5 })
  await migrateToLatest(db)
  const { mondayToFriday, ...buildOptions } = options
  if (!mondayToFriday) await workEveryDay(db)
  const app = await buildApp(config, { db, startMailDispatcher: false, ...buildOptions })
  await app.ready()
  return {
    app,
    db,
    config,
    mailDir: config.mailDir,
    async close() {
      await app.close()
      await db.destroy()
      await drop()
      rmSync(config.mailDir, { recursive: true, force: true })
    },
  }
}

let hashed: Promise<string> | undefined

export async function createUser(
  db: DB,
  fields: { email: string; role?: Role; first_name?: string; last_name?: string; manager_id?: number | null; password?: string },
) {
  // Hashing once and reusing it keeps the suite fast; tests of hashing itself use the API.
  const hash = fields.password ? hashPassword(fields.password) : (hashed ??= hashPassword(PASSWORD))
  return new UsersRepository(db).insert({ ...fields, password_hash: await hash })
}

export async function login(app: App, email: string, password = PASSWORD): Promise<{ access: string; refresh: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/token', payload: { email, password } })
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`)
  return res.json()
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/** Sends queued mail and returns every .eml written so far, oldest first. */
export async function sentMails(ctx: TestContext): Promise<string[]> {
  await ctx.app.mail.drain()
  return readdirSync(ctx.mailDir)
    .sort()
    .map((f) => readFileSync(path.join(ctx.mailDir, f), 'utf8'))
}

/** Decodes a quoted-printable mail body enough to find links in it. */
export function decodeMail(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
}

/**
 * The same database, recording every statement it runs (SQL and parameters as compiled). Counted when
 * a result comes back (transformResult), so queries compiled once and run many times count once per run.
 */
export function recordingQueries(db: DB): { db: DB; executed: CompiledQuery[] } {
  const compiledById = new WeakMap<object, CompiledQuery>()
  const executed: CompiledQuery[] = []
  const recorded = db.withPlugin({
    transformQuery(args) {
      compiledById.set(args.queryId, db.getExecutor().compileQuery(args.node, args.queryId))
      return args.node
    },
    async transformResult(args) {
      executed.push(compiledById.get(args.queryId) ?? CompiledQuery.raw('(unknown)'))
      return args.result
    },
  })
  return { db: recorded, executed }
}

/** The SQL of recorded statements, one per line: for assertion messages. */
export const sqlOf = (queries: CompiledQuery[]) => queries.map((q) => q.sql).join('\n')

/**
 * Makes every weekday a working day company-wide. For tests of the original API's behaviour (paging,
 * permissions, the lifecycle), whose periods fall on any day: a period on a weekend would otherwise
 * take no working day and be refused. Tests of working time itself set their own work weeks.
 */
export async function workEveryDay(db: DB): Promise<void> {
  const week = { mon: 8, tue: 8, wed: 8, thu: 8, fri: 8, sat: 8, sun: 8 }
  await db.updateTable('settings').set({ default_work_week: JSON.stringify(week) }).where('id', '=', 1).execute()
}

// The `leavedesk` command as a user runs it: a real process on a temporary SQLite file, or on a fresh
// PostgreSQL database when the suite runs there.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { buildApp } from '../../src/app.js'
import { createDatabase, type DB } from '../../src/db/database.js'
import { createSharedDatabase, login, testConfig } from '../helpers/harness.js'

const BIN = fileURLToPath(new URL('../../bin/leavedesk.js', import.meta.url))
const STRONG = 'violet-otter-harbor-canyon'

let dir: string
let databaseUrl: string
let dropDatabase: () => Promise<void>

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'leavedesk-cli-'))
  ;({ url: databaseUrl, drop: dropDatabase } = await createSharedDatabase())
})
after(async () => {
  await dropDatabase()
  rmSync(dir, { recursive: true, force: true })
})

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function leavedesk(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        DATABASE_URL: databaseUrl,
        SECRET_KEY: 'cli-test-secret-key-that-is-long-enough-0123',
        DATA_DIR: dir,
        LOG_LEVEL: 'silent',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(stdin ?? '')
  })
}

/** A failure: non-zero exit, nothing on stdout, one line on stderr that mentions `reason`. */
function assertRefused(run: Run, reason: RegExp) {
  assert.notEqual(run.code, 0, `${run.stdout}${run.stderr}`)
  assert.equal(run.stdout, '')
  const lines = run.stderr.trimEnd().split('\n')
  assert.equal(lines.length, 1, run.stderr)
  assert.match(lines[0]!, reason)
  assert.doesNotMatch(run.stderr, /\bat .*\.(ts|js):\d+/, 'no stack trace')
}

async function withDb<T>(fn: (db: DB) => Promise<T>): Promise<T> {
  const db = createDatabase(databaseUrl)
  try {
    return await fn(db)
  } finally {
    await db.destroy()
  }
}

describe('leavedesk CLI', () => {
  it('migrate creates the schema, and says so again when it is up to date', async () => {
    const first = await leavedesk(['migrate'])
    assert.equal(first.code, 0, first.stderr)
    assert.match(first.stdout, /0001_initial/)
    await withDb(async (db) => {
      const tables = (await db.introspection.getTables()).map((t) => t.name)
      for (const t of ['users', 'leave_requests', 'password_reset_tokens']) assert.ok(tables.includes(t), t)
    })
    const second = await leavedesk(['migrate'])
    assert.equal(second.code, 0, second.stderr)
    assert.doesNotMatch(second.stdout, /0001_initial/)
    assert.notEqual(second.stdout.trim(), '')
  })

  it('createuser prints the new id; the user signs in with that password as an employee', async () => {
    const run = await leavedesk(['createuser', '--email', 'First.User@Example.com', '--password', STRONG, '--first-name', 'Ada', '--last-name', 'Lovelace'])
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /^\d+\n$/)
    const id = Number(run.stdout)
    const user = await withDb((db) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow())
    assert.equal(user.email, 'first.user@example.com')
    assert.equal(user.role, 'employee')
    assert.equal(user.first_name, 'Ada')
    assert.equal(user.last_name, 'Lovelace')
    assert.notEqual(user.password_hash, STRONG)

    // The API, on the same database file, accepts the password.
    const config = testConfig({ DATABASE_URL: databaseUrl })
    const db = createDatabase(databaseUrl)
    const app = await buildApp(config, { db, startMailDispatcher: false })
    try {
      const tokens = await login(app, 'first.user@example.com', STRONG)
      const me = await app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${tokens.access}` } })
      assert.equal(me.json().id, id)
    } finally {
      await app.close()
      await db.destroy()
    }
  })

  it('createuser --password-stdin reads the password from standard input, --role admin makes an admin', async () => {
    const run = await leavedesk(['createuser', '--email', 'admin@example.com', '--password-stdin', '--role', 'admin'], `${STRONG}\n`)
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /^\d+\n$/)
    const user = await withDb((db) => db.selectFrom('users').selectAll().where('id', '=', Number(run.stdout)).executeTakeFirstOrThrow())
    assert.equal(user.role, 'admin')
    assert.ok(!run.stdout.includes(STRONG) && !run.stderr.includes(STRONG))

    const manager = await leavedesk(['createuser', '--email', 'manager@example.com', '--password-stdin', '--role', 'manager'], STRONG)
    assert.equal(manager.code, 0, manager.stderr)
  })

  it('refuses bad input with a non-zero exit and a one-line reason, creating nobody', async () => {
    const count = () => withDb(async (db) => (await db.selectFrom('users').select('id').execute()).length)
    await leavedesk(['createuser', '--email', 'dup@example.com', '--password', STRONG])
    const before = await count()

    // Independent cases run at once: each is a process start.
    const cases: Array<[string[], string | undefined, RegExp]> = [
      [['createuser', '--email', 'DUP@example.com', '--password', STRONG], undefined, /already exists/],
      [['createuser', '--email', 'weak@example.com', '--password', 'password1234'], undefined, /password/i],
      [['createuser', '--email', 'short@example.com', '--password-stdin'], 'short\n', /password/i],
      [['createuser', '--email', 'boss@example.com', '--password', STRONG, '--role', 'superuser'], undefined, /role/],
      [['createuser', '--email', 'not-an-email', '--password', STRONG], undefined, /email/],
      [['createuser', '--password', STRONG], undefined, /email/],
      [['createuser', '--email', 'nopw@example.com'], undefined, /password/],
      [['createuser', '--email', 'x@example.com', '--password', STRONG, '--bogus'], undefined, /bogus/],
    ]
    const runs = await Promise.all(cases.map(([args, stdin]) => leavedesk(args, stdin)))
    runs.forEach((run, i) => assertRefused(run, cases[i]![2]))
    assert.equal(await count(), before)

    const unknown = await leavedesk(['frobnicate'])
    assert.notEqual(unknown.code, 0)
    assert.match(unknown.stderr, /usage/)
  })

  it('stops with a one-line message naming a bad configuration variable', async () => {
    const child = spawn(process.execPath, [BIN, 'migrate'], {
      cwd: dir,
      env: { PATH: process.env.PATH, DATABASE_URL: 'mysql://x', SECRET_KEY: 'k'.repeat(40) },
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    assert.notEqual(code, 0)
    assert.equal(stderr.trimEnd().split('\n').length, 1, stderr)
    assert.match(stderr, /DATABASE_URL/)
  })
})

// `leavedesk import-django` as a user runs it: a real process on a shared database (a SQLite file, or
// a fresh PostgreSQL database with TEST_DATABASE_URL). Bad input: one line, non-zero exit. A run
// killed mid-way (SIGKILL) completes on the next run, with no duplicates.
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { createDatabase, type DB } from '../../src/db/database.js'
import { createSharedDatabase } from '../helpers/harness.js'
import { django } from './django-hashes.js'
import { sqliteSource, type DjangoRequest, type DjangoSource, type DjangoUser } from './django-source.js'

const BIN = fileURLToPath(new URL('../../bin/leavedesk.js', import.meta.url))
const USERS = 200
const PER_USER = 15

let dir: string

interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

function start(databaseUrl: string, args: string[]): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: databaseUrl, SECRET_KEY: 'cli-test-secret-key-that-is-long-enough-0123', DATA_DIR: dir, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
  return { child, done }
}

const leavedesk = (databaseUrl: string, args: string[]) => start(databaseUrl, args).done

function refused(run: Run, reason: RegExp): void {
  assert.equal(run.code, 2, run.stderr)
  assert.equal(run.stdout, '')
  const lines = run.stderr.trim().split('\n')
  assert.equal(lines.length, 1, run.stderr)
  assert.match(lines[0]!, /^leavedesk: /)
  assert.match(lines[0]!, reason)
}

describe('leavedesk import-django', () => {
  let target: { url: string; drop: () => Promise<void> }
  let source: DjangoSource
  let db: DB

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'leavedesk-import-cli-'))
    target = await createSharedDatabase()
    const hash = django.pbkdf2('a-shared-old-password', 'sharedsalt', 1000)
    const users: DjangoUser[] = Array.from({ length: USERS }, (_, i) => ({ id: i + 1, email: `person${i + 1}@example.com`, password: hash, first_name: `Person ${i + 1}` }))
    const requests: DjangoRequest[] = []
    for (let u = 1; u <= USERS; u++) {
      for (let k = 0; k < PER_USER; k++) {
        const day = new Date(Date.UTC(2019, 0, 7 + k * 7))
        const date = day.toISOString().slice(0, 10)
        const next = new Date(day.getTime() + 86_400_000).toISOString().slice(0, 10)
        requests.push({ id: requests.length + 1, user_id: u, start: `${date} 00:00:00`, end: `${next} 00:00:00`, status: k % 3 === 0 ? 'APPROVED' : 'PENDING' })
      }
    }
    source = sqliteSource(users, requests)
    db = createDatabase(target.url, { poolSize: 2 })
  })
  after(async () => {
    await db.destroy()
    await source.drop()
    await target.drop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('refuses bad input with one line and a non-zero exit', async () => {
    refused(await leavedesk(target.url, ['import-django', '--from', source.from]), /not migrated.*npx leavedesk migrate/)
    assert.equal((await leavedesk(target.url, ['migrate'])).code, 0)
    refused(await leavedesk(target.url, ['import-django']), /--from is required/)
    refused(await leavedesk(target.url, ['import-django', '--from', path.join(dir, 'missing.sqlite3')]), /no such file/)
    const text = path.join(dir, 'notes.txt')
    writeFileSync(text, 'not a database at all, just some words that fill more than a page header '.repeat(20))
    refused(await leavedesk(target.url, ['import-django', '--from', text]), /is not a readable SQLite database/)
    const other = sqliteSource([], [], [['auth', '0001_initial'], ['authentication', '0001_initial']])
    try {
      refused(await leavedesk(target.url, ['import-django', '--from', other.from]), /not the original API's database: django_migrations has no rows for "leave_requests"/)
    } finally {
      await other.drop()
    }
    refused(await leavedesk(target.url, ['import-django', '--from', source.from, '--time-zone', 'Mars/Olympus']), /--time-zone: "Mars\/Olympus" is not a time zone/)
    refused(await leavedesk(target.url, ['import-django', '--from', source.from, '--admin-email', 'nobody@example.com']), /--admin-email: no user of the source has the email nobody@example.com/)
    refused(await leavedesk(target.url, ['import-django', '--from', source.from, '--batch-size', '0']), /--batch-size/)
    refused(await leavedesk(target.url, ['import-django', '--from', 'postgres://someone:secret@127.0.0.1:1/original']), /cannot connect to postgres:\/\/someone@127\.0\.0\.1:1\/original/)
    refused(await leavedesk(target.url, ['import-django', '--from', source.from, '--bogus']), /bogus/)
  })

  it('reports a dry run on standard output, quietly (not a terminal), and writes nothing', async () => {
    const run = await leavedesk(target.url, ['import-django', '--from', source.from, '--dry-run'])
    assert.equal(run.code, 0, run.stderr)
    assert.equal(run.stderr, '', 'no progress line when not on a terminal')
    assert.match(run.stdout, /^Import from db\.sqlite3 \(dry run: nothing was changed\)\n/)
    assert.match(run.stdout, new RegExp(`Users: ${USERS} to create`))
    assert.match(run.stdout, new RegExp(`Leave requests: ${USERS * PER_USER} to create`))
    const users = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    assert.equal(Number(users.n), 0)
  })

  it('completes a run killed part-way on the next run, with no duplicates', async (t) => {
    const { child, done } = start(target.url, ['import-django', '--from', source.from, '--batch-size', '20', '--admin-email', 'person1@example.com'])
    // Kill it once some requests are in (users go first).
    for (;;) {
      const row = await db.selectFrom('import_requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      if (Number(row.n) > 0) break
      if (child.exitCode !== null) break
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    child.kill('SIGKILL')
    const killed = await done
    assert.equal(killed.signal, 'SIGKILL', `the run ended before it could be killed: ${killed.stdout}`)
    const partial = Number((await db.selectFrom('leave_requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    assert.ok(partial > 0 && partial < USERS * PER_USER, `${partial} requests after the kill`)
    assert.equal(partial % 20, 0, 'whole batches only')

    const started = performance.now()
    const rerun = await leavedesk(target.url, ['import-django', '--from', source.from, '--batch-size', '20', '--admin-email', 'person1@example.com'])
    const ms = performance.now() - started
    assert.equal(rerun.code, 0, rerun.stderr)
    assert.match(rerun.stdout, new RegExp(`Users: 0 created, .*${USERS} already imported`))
    assert.match(rerun.stdout, new RegExp(`Leave requests: ${USERS * PER_USER - partial} created, ${partial} already imported`))
    t.diagnostic(`rerun: ${USERS * PER_USER - partial} requests in ${ms.toFixed(0)} ms (process start included): ${(((USERS * PER_USER - partial) * 1000) / ms).toFixed(0)} rows/s`)

    const count = async (table: 'users' | 'leave_requests' | 'import_requests') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    assert.equal(await count('users'), USERS)
    assert.equal(await count('leave_requests'), USERS * PER_USER)
    assert.equal(await count('import_requests'), USERS * PER_USER)
    const audits = await db.selectFrom('audit_events').select(['entity', 'entity_id']).where('action', '=', 'imported').execute()
    assert.equal(audits.filter((a) => a.entity === 'leave_request').length, USERS * PER_USER)
    assert.equal(new Set(audits.filter((a) => a.entity === 'leave_request').map((a) => a.entity_id)).size, USERS * PER_USER)
    assert.equal(audits.filter((a) => a.entity === 'user').length, USERS)
    const ids = await db.selectFrom('leave_requests').select('id').orderBy('id').execute()
    assert.deepEqual(ids.map((r) => r.id), Array.from({ length: USERS * PER_USER }, (_, i) => i + 1), 'every request kept its id')
    const facts = await db.selectFrom('balance_entries').select('request_id').execute()
    assert.equal(facts.length, USERS * Math.ceil(PER_USER / 3), 'each approved request booked once')
    const admin = await db.selectFrom('users').select('role').where('email', '=', 'person1@example.com').executeTakeFirstOrThrow()
    assert.equal(admin.role, 'admin')

    const again = await leavedesk(target.url, ['import-django', '--from', source.from])
    assert.match(again.stdout, /Leave requests: 0 created/)
    assert.equal(await count('leave_requests'), USERS * PER_USER)
  })
})

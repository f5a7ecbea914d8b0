// First-admin setup with several server processes on one SQLite file (WEB_CONCURRENCY > 1): each
// process serialises its own transactions, so only a lock in the database itself keeps two processes
// from both reading "no user yet". Each attempt runs in a process of its own (setup-attempt.ts), with
// the window between its count and its insert held open for 400 ms.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { createDatabase } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { createSharedDatabase, onPostgres } from '../helpers/harness.js'

const ATTEMPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'setup-attempt.ts')

function attempt(url: string, email: string, goFile: string): { ready: Promise<void>; status: Promise<number> } {
  const child = spawn(process.execPath, ['--import', 'tsx', ATTEMPT, url, email, goFile], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  let onReady: () => void = () => {}
  const ready = new Promise<void>((resolve) => (onReady = resolve))
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString()
    if (out.includes('ready\n')) onReady()
  })
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const status = new Promise<number>((resolve, reject) =>
    child.on('exit', (code) => {
      const line = out.split('\n').filter(Boolean).pop()
      if (code === 0 && line && /^\d{3}$/.test(line)) resolve(Number(line))
      else reject(new Error(`setup attempt exited ${code}: ${out}\n${err}`))
    }),
  )
  return { ready, status }
}

it('two processes on one SQLite file, counts held open: exactly one first admin', { skip: onPostgres ? 'SQLite only (PostgreSQL: setup.test.ts, two app instances)' : false }, async () => {
  const shared = await createSharedDatabase()
  try {
    const db = createDatabase(shared.url, { poolSize: 1 })
    await migrateToLatest(db)
    await db.destroy()
    const goFile = path.join(path.dirname(shared.url.replace(/^sqlite:/, '')), 'go')
    const attempts = ['first@example.com', 'second@example.com'].map((email) => attempt(shared.url, email, goFile))
    await Promise.all(attempts.map((a) => a.ready))
    writeFileSync(goFile, '')
    const statuses = await Promise.all(attempts.map((a) => a.status))
    assert.deepEqual(statuses.sort(), [201, 409])
    const check = createDatabase(shared.url, { poolSize: 1 })
    const users = await check.selectFrom('users').select(['email', 'role']).execute()
    await check.destroy()
    assert.equal(users.length, 1)
    assert.equal(users[0]!.role, 'admin')
  } finally {
    await shared.drop()
  }
})

// The OpenAPI document exactly as the server serves it at /api/openapi.json, built as the tests build
// the app: SQLite in memory, migrated, test settings. Used by the document's lint and by the web
// app's client generation, so both read the very schemas the routes validate with.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { createDatabase } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrate.js'

export async function openApiDocument(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'leavedesk-openapi-'))
  const config = loadConfig({
    NODE_ENV: 'test',
    SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789',
    LOG_LEVEL: 'silent',
    MAIL_DIR: path.join(dir, 'mail'),
    DATABASE_URL: 'sqlite::memory:',
    RATE_LIMIT_PER_MINUTE: '0',
  })
  const db = createDatabase(config.databaseUrl)
  try {
    await migrateToLatest(db)
    const app = await buildApp(config, { db, startMailDispatcher: false })
    try {
      await app.ready()
      return app.swagger() as unknown as Record<string, unknown>
    } finally {
      await app.close()
    }
  } finally {
    await db.destroy()
    rmSync(dir, { recursive: true, force: true })
  }
}

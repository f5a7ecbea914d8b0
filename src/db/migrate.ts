import { type Migration, type MigrationProvider, Migrator } from 'kysely'
import type { DB } from './database.js'
import * as m0001 from './migrations/0001_initial.js'
import * as m0002 from './migrations/0002_refresh_tokens.js'
import * as m0003 from './migrations/0003_approvals.js'
import * as m0004 from './migrations/0004_foreign_key_indexes.js'
import * as m0005 from './migrations/0005_list_versions.js'
import * as m0006 from './migrations/0006_working_time.js'
import * as m0007 from './migrations/0007_balances.js'
import * as m0008 from './migrations/0008_whos_out.js'
import * as m0009 from './migrations/0009_import.js'

// Listed here rather than read from disk, so the same list works from src/ (tsx) and dist/ (node).
const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_refresh_tokens': m0002,
  '0003_approvals': m0003,
  '0004_foreign_key_indexes': m0004,
  '0005_list_versions': m0005,
  '0006_working_time': m0006,
  '0007_balances': m0007,
  '0008_whos_out': m0008,
  '0009_import': m0009,
}

export const migrationProvider: MigrationProvider = { getMigrations: async () => migrations }

export async function migrateToLatest(db: DB): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

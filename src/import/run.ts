// `leavedesk import-django`: reads the source, plans against the target, writes unless a dry run, and
// returns the report. The CLI (cli/main.ts) parses the flags and prints.
import type { DB } from '../db/database.js'
import { planImport } from './plan.js'
import { formatReport, progressLine } from './report.js'
import { openSource } from './source.js'
import { readTarget, requireMigrated } from './target.js'
import { ImportWriter, type WriteResult } from './write.js'

export interface ImportOptions {
  from: string
  dryRun: boolean
  /** Checked by the caller (a zone the runtime knows). */
  timeZone: string | null
  adminEmail: string | null
  batchSize?: number
  /** Called with a progress line (a terminal shows it); not called when absent. */
  progress?: (line: string) => void
  /** After each committed batch (tests inject a failure here). */
  onBatch?: (done: number) => void | Promise<void>
  now?: number
}

export const DEFAULT_BATCH_SIZE = 500

export async function importDjango(db: DB, options: ImportOptions): Promise<string> {
  await requireMigrated(db)
  const source = await openSource(options.from)
  try {
    const data = await source.read()
    const now = options.now ?? Date.now()
    const plan = planImport(data, await readTarget(db), { timeZone: options.timeZone, adminEmail: options.adminEmail, now })
    let written: WriteResult | null = null
    if (!options.dryRun) {
      const total = plan.users.filter((u) => u.action === 'create').length + plan.requests.filter((r) => r.action === 'create').length
      const started = performance.now()
      const writer = new ImportWriter(db, {
        label: data.label,
        batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
        now,
        onBatch: async (done) => {
          options.progress?.(progressLine(done, total, performance.now() - started))
          await options.onBatch?.(done)
        },
      })
      written = await writer.write(plan)
    }
    return formatReport({ label: data.label, dryRun: options.dryRun, plan, sourceUsers: data.users.length, sourceRequests: data.requests.length, written })
  } finally {
    await source.close()
  }
}

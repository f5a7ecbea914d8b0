// Lints the generated OpenAPI document with redocly's recommended rules and fails on any error or
// warning (redocly itself exits 0 when there are only warnings). `npm run lint:openapi`.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { openApiDocument } from './openapi-document.js'

interface Problem {
  ruleId: string
  severity: string
  message: string
  location?: Array<{ pointer?: string; start?: { line: number; col: number } }>
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const redocly = path.join(root, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js')
const dir = mkdtempSync(path.join(tmpdir(), 'leavedesk-openapi-'))

async function writeDocument(file: string): Promise<void> {
  writeFileSync(file, JSON.stringify(await openApiDocument(), null, 2) + '\n')
}

/** "GET /api/x" for a JSON pointer into paths, else the pointer. */
function where(problem: Problem): string {
  const loc = problem.location?.[0]
  const pointer = loc?.pointer ?? ''
  const parts = pointer.replace(/^#\//, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
  const at = parts[0] === 'paths' && parts.length >= 3 ? `${parts[2]!.toUpperCase()} ${parts[1]}${parts.length > 3 ? ` ${parts.slice(3).join('/')}` : ''}` : pointer
  return loc?.start ? `${at} (line ${loc.start.line})` : at
}

const file = path.join(dir, 'openapi.json')
let failed = true
try {
  await writeDocument(file)
  // In the temporary directory, so that no redocly.yaml or lint-ignore file changes the rules.
  const run = spawnSync(process.execPath, [redocly, 'lint', '--format=json', '--extends=recommended', '--max-problems=10000', 'openapi.json'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
  })
  let report: { totals: { errors: number; warnings: number }; version?: string; problems: Problem[] }
  try {
    report = JSON.parse(run.stdout)
  } catch {
    process.stderr.write(run.stdout + run.stderr)
    throw new Error(`redocly did not report (exit ${run.status})`)
  }
  for (const p of report.problems) console.log(`${p.severity.padEnd(7)} ${p.ruleId.padEnd(28)} ${where(p)}: ${p.message}`)
  const { errors, warnings } = report.totals
  console.log(`redocly ${report.version ?? ''} lint (recommended): ${errors} errors, ${warnings} warnings`)
  failed = errors > 0 || warnings > 0 || run.status !== 0
  if (failed) console.log(`the document is kept in ${file}`)
} catch (err) {
  console.error(err)
} finally {
  if (!failed) rmSync(dir, { recursive: true, force: true })
}
process.exit(failed ? 1 : 0)

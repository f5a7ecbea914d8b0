// The printed table, the machine description and the JSON file.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { LoadStats } from './load.js'

export interface Row {
  /** Table label, e.g. "1 list ?limit=20". */
  name: string
  stats: LoadStats
  /** Peak RSS of the serving process(es) during the measured window, bytes. */
  rss: number
  ratio?: number
  note?: string
  /** Share of the machine's CPU used by other processes during the window (noise indicator). */
  other?: number
  /** Server CPU time per request, µs: less sensitive to a busy machine than throughput. */
  cpuPerRequestUs?: number
  /** PostgreSQL backends' CPU time per request, µs. */
  dbCpuPerRequestUs?: number
}

export interface Machine {
  nproc: number
  cpu: string
  memoryGiB: number
  node: string
  kernel: string
  platform: string
}

export function machine(): Machine {
  let cpu = os.cpus()[0]?.model ?? 'unknown'
  try {
    cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu
  } catch {
    // not Linux
  }
  return {
    nproc: os.availableParallelism(),
    cpu,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kernel: os.release(),
    platform: `${os.platform()} ${os.arch()}`,
  }
}

const mb = (bytes: number) => (bytes ? (bytes / 2 ** 20).toFixed(0) : '-')
const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(v >= 10 ? 1 : 2))

const us = (v: number | undefined) => (v === undefined ? '' : v.toFixed(0))
const pct = (v: number | undefined) => (v === undefined ? '' : `${(v * 100).toFixed(0)} %`)

/** One row's cells, shared by the console and the Markdown table. */
function cells(r: Row, withDb: boolean): string[] {
  return [
    r.name,
    r.stats.rps.toFixed(0),
    r.ratio === undefined ? '' : r.ratio.toFixed(3),
    ms(r.stats.p50),
    ms(r.stats.p99),
    String(r.stats.errors),
    String(r.stats.non2xx),
    mb(r.rss),
    us(r.cpuPerRequestUs),
    ...(withDb ? [us(r.dbCpuPerRequestUs)] : []),
    pct(r.other),
  ]
}

export function formatTable(rows: Row[]): string {
  const withDb = rows.some((r) => r.dbCpuPerRequestUs !== undefined)
  const header = ['scenario', 'req/s', 'x bare', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'RSS MB', 'CPU µs/req', ...(withDb ? ['PG µs/req'] : []), 'other CPU']
  const body = rows.map((r) => cells(r, withDb))
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)]
  for (const r of rows) if (r.note) out.push(`  ${r.name}: ${r.note}`)
  return out.join('\n')
}

/** Markdown version of the same table, for bench/README.md. */
export function markdownTable(rows: Row[]): string {
  const withDb = rows.some((r) => r.dbCpuPerRequestUs !== undefined)
  const out = [
    `| scenario | req/s | × bare | p50 ms | p99 ms | errors | non-2xx | RSS MB | CPU µs/req |${withDb ? ' PG µs/req |' : ''} other CPU |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|---:|${withDb ? '---:|' : ''}---:|`,
  ]
  for (const r of rows) out.push(`| ${cells({ ...r, name: r.name.trim() }, withDb).join(' | ')} |`)
  return out.join('\n')
}

export function writeResults(dir: string, data: unknown): string {
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${new Date().toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')}.json`)
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n')
  return file
}

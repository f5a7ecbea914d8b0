#!/usr/bin/env node
// After `vite build`: the gzipped JavaScript each page loads, from Vite's manifest, printed as a
// table; exits 1 above the budgets (issue 12): the sign-in page (the entry and what it imports
// statically) at most 150 KB, any signed-in area (entry + its lazy chunk + that chunk's imports, and
// the chunks it loads on demand in turn) at most 250 KB.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const KB = 1024
export const BUDGETS = { entry: 150 * KB, route: 250 * KB }

// The build folder: dist/web, or the one given (the browser tests build into a temporary one).
const dist = process.argv[2] ? path.resolve(process.argv[2]) : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'web')
const manifest = JSON.parse(readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8'))

const gzipped = new Map()
function size(file) {
  if (!gzipped.has(file)) gzipped.set(file, gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length)
  return gzipped.get(file)
}

/** The JavaScript files a chunk needs before it runs: itself and its static imports, transitively. */
function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen
  seen.add(key)
  for (const dep of manifest[key]?.imports ?? []) closure(dep, seen)
  return seen
}
const files = (keys) => [...keys].map((k) => manifest[k].file).filter((f) => f.endsWith('.js'))
const total = (list) => list.reduce((sum, f) => sum + size(f), 0)

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry)
const entryFiles = files(closure(entryKey))
const rows = [{ page: 'sign-in (entry)', bytes: total(entryFiles), budget: BUDGETS.entry }]
/** A lazy chunk and, as the worst page of it, every chunk it loads on demand in turn (a form inside an area). */
function withLazy(key, seen = new Set()) {
  for (const k of closure(key)) {
    if (seen.has(k)) continue
    seen.add(k)
    // The entry's own lazy chunks are the other areas, not this one's.
    if (k === entryKey) continue
    for (const lazy of manifest[k]?.dynamicImports ?? []) withLazy(lazy, seen)
  }
  return seen
}
for (const key of manifest[entryKey].dynamicImports ?? []) {
  const all = new Set([...entryFiles, ...files(withLazy(key))])
  rows.push({ page: manifest[key].name ?? key, bytes: total([...all]), budget: BUDGETS.route })
}

let failed = false
console.log('gzipped JavaScript per page:')
for (const row of rows) {
  const over = row.bytes > row.budget
  failed ||= over
  console.log(`  ${row.page.padEnd(28)} ${(row.bytes / KB).toFixed(1).padStart(7)} KB  (budget ${row.budget / KB} KB)${over ? '  OVER BUDGET' : ''}`)
}
if (failed) {
  console.error('check-bundle-size: a page loads more JavaScript than its budget')
  process.exit(1)
}

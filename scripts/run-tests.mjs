#!/usr/bin/env node
// Runs every test/**/*.test.ts with node's test runner (tsx compiles TypeScript on the fly), then the
// web app's unit tests (web/src/**/*.test.ts) with vitest.
// With TEST_DATABASE_URL=postgres://... each test file runs against its own fresh PostgreSQL database;
// the browser tests (test/web) and vitest run on SQLite runs only (they do not depend on the database).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) return find(full)
    return name.endsWith('.test.ts') ? [full] : []
  })
}

const filters = process.argv.slice(2)
const matches = (f) => filters.length === 0 || filters.some((x) => f.includes(x))
const onPostgres = !!process.env.TEST_DATABASE_URL
const db = onPostgres ? 'PostgreSQL' : 'SQLite'

// The same reasons as test/helpers/browser.ts gives (each browser test file also skips itself when
// run alone); said once here instead of once per file.
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const browserSkip = onPostgres
  ? 'browser tests skipped: they run on SQLite only (TEST_DATABASE_URL is set)'
  : process.env.BROWSER_TESTS === '0'
    ? 'browser tests skipped: BROWSER_TESTS=0'
    : existsSync(chromium)
    ? null
    : `browser tests skipped: no Chromium at ${chromium} (apt-get install -y chromium, or set CHROMIUM_PATH)`
const isBrowserTest = (f) => f.startsWith(path.join('test', 'web') + path.sep)

let files = find('test').filter(matches).sort()
const vitestFiles = onPostgres ? [] : find(path.join('web', 'src')).filter(matches).sort()
if (files.length === 0 && vitestFiles.length === 0) {
  console.error('no test files matched')
  process.exit(1)
}
if (browserSkip && files.some(isBrowserTest)) {
  console.log(browserSkip)
  files = files.filter((f) => !isBrowserTest(f))
}

let status = 0
if (files.length > 0) {
  console.log(`running ${files.length} test files on ${db}`)
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`, ...files],
    { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
  )
  status = result.status ?? 1
}
if (vitestFiles.length > 0) {
  console.log(`running ${vitestFiles.length} web unit test files with vitest`)
  const result = spawnSync(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', '--config', 'web/vitest.config.ts', ...(filters.length > 0 ? vitestFiles : [])],
    { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
  )
  if (status === 0) status = result.status ?? 1
}
process.exit(status)

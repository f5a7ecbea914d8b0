#!/usr/bin/env node
// Runs every test/**/*.test.ts with node's test runner (tsx compiles TypeScript on the fly).
// With TEST_DATABASE_URL=postgres://... each test file runs against its own fresh PostgreSQL database.
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) return find(full)
    return name.endsWith('.test.ts') ? [full] : []
  })
}

const filters = process.argv.slice(2)
const files = find('test').filter((f) => filters.length === 0 || filters.some((x) => f.includes(x))).sort()
if (files.length === 0) {
  console.error('no test files matched')
  process.exit(1)
}
const db = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'
console.log(`running ${files.length} test files on ${db}`)
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`, ...files],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
)
process.exit(result.status ?? 1)

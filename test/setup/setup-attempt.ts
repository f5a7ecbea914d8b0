// One process's attempt at the first-admin setup, for setup-processes.test.ts: it builds the app on
// the shared SQLite file given, with every count of users answering 400 ms late (so that without a
// lock every attempt would read "no user"), says "ready", waits for the go file, sends POST /api/setup
// and prints the status.
import { existsSync } from 'node:fs'
import { buildApp } from '../../src/app.js'
import { createDatabase } from '../../src/db/database.js'
import { testConfig } from '../helpers/harness.js'

const [url, email, goFile] = process.argv.slice(2) as [string, string, string]
const base = createDatabase(url, { poolSize: 1 })
const counts = new Set<unknown>()
const db = base.withPlugin({
  transformQuery(args) {
    const { sql } = base.getExecutor().compileQuery(args.node, args.queryId)
    if (/count\(\*\)/i.test(sql) && /from "users"/i.test(sql)) counts.add(args.queryId)
    return args.node
  },
  async transformResult(args) {
    if (counts.has(args.queryId)) await new Promise((resolve) => setTimeout(resolve, 400))
    return args.result
  },
})
const app = await buildApp(testConfig({ DATABASE_URL: url }), { db, startMailDispatcher: false })
await app.ready()
process.stdout.write('ready\n')
while (!existsSync(goFile)) await new Promise((resolve) => setTimeout(resolve, 2))
const password = 'Quiet-Harbour-Lantern-1987'
const res = await app.inject({
  method: 'POST',
  url: '/api/setup',
  headers: { 'x-requested-with': 'leavedesk' },
  payload: { email, password, confirm_password: password, first_name: 'Twin', last_name: email },
})
process.stdout.write(`${res.statusCode}\n`)
await app.close()
await base.destroy()

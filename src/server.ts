// The process: configuration, migrations, listening, worker processes and graceful shutdown.
import cluster from 'node:cluster'
import { buildApp } from './app.js'
import { ConfigError, loadConfig, type Config } from './config.js'
import { createDatabase } from './db/database.js'
import { migrateToLatest } from './db/migrate.js'
import { UsersRepository } from './users/users.repository.js'
import { defaultWebRoot } from './http/web-app.js'

function fail(message: string): never {
  process.stderr.write(`leavedesk: ${message}\n`)
  process.exit(1)
}

async function prepareDatabase(config: Config): Promise<void> {
  const db = createDatabase(config.databaseUrl, { poolSize: 1 })
  try {
    const applied = await migrateToLatest(db)
    if (applied.length > 0) process.stdout.write(`leavedesk: applied migrations ${applied.join(', ')}\n`)
    if ((await new UsersRepository(db).count()) === 0) {
      process.stdout.write(
        `leavedesk: the database has no users yet. Open ${config.appUrl}/ to create the first admin, or run:\n` +
          '  npx leavedesk createuser --email admin@example.com --role admin --password-stdin\n',
      )
    }
  } finally {
    await db.destroy()
  }
}

async function runWorker(config: Config): Promise<void> {
  const app = await buildApp(config, { webRoot: defaultWebRoot() })
  let closing = false
  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    // Finishes in-flight requests and the mail being sent, then exits.
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
  await app.listen({ port: config.port, host: config.host })
}

async function main(): Promise<void> {
  let config: Config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message)
    throw err
  }
  if (cluster.isPrimary) {
    await prepareDatabase(config)
    if (config.webConcurrency > 1) {
      for (let i = 0; i < config.webConcurrency; i++) cluster.fork()
      let stopping = false
      cluster.on('exit', (worker, code) => {
        if (stopping) return
        process.stderr.write(`leavedesk: worker ${worker.process.pid} exited with ${code}; starting another\n`)
        cluster.fork()
      })
      const stop = () => {
        stopping = true
        for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM')
      }
      process.on('SIGTERM', stop)
      process.on('SIGINT', stop)
      return
    }
  }
  await runWorker(config)
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)))

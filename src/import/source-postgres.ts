// Reads the original's PostgreSQL database (Heroku) in read-only transactions: the server refuses
// any write. Date-times come as UTC text, so both engines' rows go through the same reading.
import { createRequire } from 'node:module'
import type pg from 'pg'
import { missingAppsMessage, redactedUrl, REQUIRED_APPS, SourceError, type SourceData, type SourceReader } from './source.js'
import { requestOf, userOf } from './source-sqlite.js'

const utc = (column: string, alias = column) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') as ${alias}`

export class PostgresSource implements SourceReader {
  private constructor(
    private readonly client: pg.Client,
    private readonly label: string,
  ) {}

  static async open(url: string): Promise<PostgresSource> {
    const { Client } = createRequire(import.meta.url)('pg') as typeof pg
    const client = new Client({ connectionString: url, options: '-c default_transaction_read_only=on' })
    client.on('error', () => {})
    try {
      await client.connect()
    } catch (err) {
      throw new SourceError(`--from: cannot connect to ${redactedUrl(url)} (${(err as Error).message})`)
    }
    return new PostgresSource(client, redactedUrl(url))
  }

  async read(): Promise<SourceData> {
    const { rows: found } = await this.client.query<{ t: string | null }>("select to_regclass('django_migrations')::text as t")
    const apps = found[0]?.t
      ? (await this.client.query<{ app: string }>('select distinct app from django_migrations where app = any($1)', [REQUIRED_APPS])).rows.map((r) => r.app)
      : []
    const missing = REQUIRED_APPS.filter((app) => !apps.includes(app))
    if (missing.length > 0) throw new SourceError(missingAppsMessage(missing))
    try {
      await this.client.query('begin transaction isolation level repeatable read read only')
      const users = await this.client.query(
        `select id, password, email, is_active, is_staff, is_superuser, ${utc('created_at')}, ${utc('updated_at')},
                to_char(birth_date, 'YYYY-MM-DD') as birth_date, first_name, last_name, preferred_name, gender
         from authentication_user order by id`,
      )
      const requests = await this.client.query(
        `select id, user_id, ${utc('start')}, ${utc('"end"', 'end_')}, description, type, status from leave_requests_leaverequest order by id`,
      )
      await this.client.query('commit')
      return {
        label: this.label,
        users: users.rows.map(userOf),
        requests: requests.rows.map((r: Record<string, unknown>) => requestOf({ ...r, end: r.end_ })),
      }
    } catch (err) {
      await this.client.query('rollback').catch(() => {})
      throw new SourceError(`the source's tables do not have the original's layout: ${(err as Error).message}`)
    }
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => {})
  }
}

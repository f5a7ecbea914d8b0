// Reads the original's SQLite file, opened read-only: the importer cannot write to it.
import SQLite from 'better-sqlite3'
import { missingAppsMessage, parseDjangoDatetime, REQUIRED_APPS, SourceError, type SourceData, type SourceReader, type SourceRequest, type SourceUser } from './source.js'

type Row = Record<string, unknown>

const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value))
const flag = (value: unknown): boolean => value === 1 || value === true || value === '1' || value === 't'

/** A Django datetime column: epoch ms, or the text that is not one. */
export function datetimeOf(value: unknown): { ms: number | string; extra: string } {
  const parsed = parseDjangoDatetime(text(value))
  return typeof parsed === 'string' ? { ms: parsed, extra: '' } : { ms: parsed.ms, extra: parsed.extra }
}

export function userOf(row: Row): SourceUser {
  return {
    id: Number(row.id),
    password: text(row.password),
    email: text(row.email),
    is_active: flag(row.is_active),
    is_staff: flag(row.is_staff),
    is_superuser: flag(row.is_superuser),
    created_at: datetimeOf(row.created_at).ms,
    updated_at: datetimeOf(row.updated_at).ms,
    birth_date: row.birth_date === null || row.birth_date === undefined || row.birth_date === '' ? null : text(row.birth_date),
    first_name: text(row.first_name),
    last_name: text(row.last_name),
    preferred_name: text(row.preferred_name),
    gender: text(row.gender),
  }
}

export function requestOf(row: Row): SourceRequest {
  const start = datetimeOf(row.start)
  const end = datetimeOf(row.end)
  return {
    id: Number(row.id),
    user_id: Number(row.user_id),
    start: start.ms,
    end: end.ms,
    start_extra: start.extra,
    end_extra: end.extra,
    description: text(row.description),
    type: text(row.type),
    status: text(row.status),
  }
}

export const USER_COLUMNS = 'id, password, email, is_active, is_staff, is_superuser, created_at, updated_at, birth_date, first_name, last_name, preferred_name, gender'

export class SqliteSource implements SourceReader {
  private constructor(
    private readonly db: SQLite.Database,
    private readonly label: string,
  ) {}

  static open(file: string, label: string): SqliteSource {
    let db: SQLite.Database
    try {
      db = new SQLite(file, { readonly: true, fileMustExist: true })
      db.pragma('query_only = ON')
      db.prepare('select count(*) from sqlite_master').get()
    } catch (err) {
      throw new SourceError(`--from: ${file} is not a readable SQLite database (${(err as Error).message})`)
    }
    return new SqliteSource(db, label)
  }

  async read(): Promise<SourceData> {
    const table = this.db.prepare("select name from sqlite_master where type = 'table' and name = 'django_migrations'").get()
    const apps = table
      ? (this.db.prepare(`select distinct app from django_migrations where app in (${REQUIRED_APPS.map(() => '?').join(', ')})`).all(...REQUIRED_APPS) as Row[]).map((r) => text(r.app))
      : []
    const missing = REQUIRED_APPS.filter((app) => !apps.includes(app))
    if (missing.length > 0) throw new SourceError(missingAppsMessage(missing))
    try {
      const users = (this.db.prepare(`select ${USER_COLUMNS} from authentication_user order by id`).all() as Row[]).map(userOf)
      const requests = (this.db.prepare('select id, user_id, start, "end", description, type, status from leave_requests_leaverequest order by id').all() as Row[]).map(requestOf)
      return { label: this.label, users, requests }
    } catch (err) {
      throw new SourceError(`the source's tables do not have the original's layout: ${(err as Error).message}`)
    }
  }

  async close(): Promise<void> {
    this.db.close()
  }
}

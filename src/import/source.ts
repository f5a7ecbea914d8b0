// The original Django API's database as the importer reads it: its two tables, each row in plain
// values, from either engine (source-sqlite.ts, source-postgres.ts). Reading never writes.
import { existsSync } from 'node:fs'
import path from 'node:path'

/** A row of authentication_user. Dates are kept as read: the planner checks them. */
export interface SourceUser {
  id: number
  password: string
  email: string
  is_active: boolean
  is_staff: boolean
  is_superuser: boolean
  /** Epoch ms, or the text that could not be read as a date-time. */
  created_at: number | string
  updated_at: number | string
  birth_date: string | null
  first_name: string
  last_name: string
  preferred_name: string
  gender: string
}

/** A row of leave_requests_leaverequest. */
export interface SourceRequest {
  id: number
  user_id: number
  start: number | string
  end: number | string
  /** The sub-millisecond digits of start and end that an epoch-ms timestamp cannot keep ('' when none). */
  start_extra: string
  end_extra: string
  description: string
  type: string
  status: string
}

export interface SourceData {
  /** How the report and the audit trail name the source: a file name, or a URL without its password. */
  label: string
  users: SourceUser[]
  requests: SourceRequest[]
}

export interface SourceReader {
  read(): Promise<SourceData>
  close(): Promise<void>
}

/** A bad --from, or a source that is not the original's schema: reported in one line. */
export class SourceError extends Error {}

/** The apps whose migrations mark the original's schema. */
export const REQUIRED_APPS = ['authentication', 'leave_requests'] as const

export function missingAppsMessage(missing: string[]): string {
  return `the source is not the original API's database: django_migrations has no rows for ${missing.map((a) => `"${a}"`).join(' and ')}`
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]00:?00)?$/

/**
 * A Django datetime as SQLite stores it (`YYYY-MM-DD HH:MM:SS[.ffffff]`, UTC, no offset) to epoch
 * ms, with the digits below the millisecond apart; the text itself when it is not one.
 */
export function parseDjangoDatetime(text: string): { ms: number; extra: string } | string {
  const m = DATETIME.exec(text.trim())
  if (!m) return text
  const [, y, mo, d, h, mi, s, fraction = ''] = m
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) + Number(fraction.padEnd(3, '0').slice(0, 3))
  const date = new Date(ms)
  // Date.UTC rolls 2019-02-30 over to March: such a text is no date.
  if (Number.isNaN(ms) || date.getUTCDate() !== Number(d) || date.getUTCHours() !== Number(h)) return text
  return { ms, extra: fraction.slice(3).replace(/0+$/, '') }
}

/** Opens the source named by --from: a postgres:// URL, or the path of a SQLite file. */
export async function openSource(from: string): Promise<SourceReader> {
  if (/^postgres(ql)?:\/\//i.test(from)) {
    const { PostgresSource } = await import('./source-postgres.js')
    return PostgresSource.open(from)
  }
  const file = from.replace(/^sqlite:(\/\/)?/, '')
  if (!existsSync(file)) throw new SourceError(`--from: no such file ${file} (give the original's SQLite file or a postgres:// URL)`)
  const { SqliteSource } = await import('./source-sqlite.js')
  return SqliteSource.open(file, path.basename(file))
}

/** A database URL without its password, as the audit trail names the source. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = ''
    return u.toString().replace(/:@/, '@')
  } catch {
    return 'a PostgreSQL database'
  }
}

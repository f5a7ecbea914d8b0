// Builds a database with the original Django API's layout (Django 2.2, its migrations), on SQLite as
// Django writes it (datetimes as UTC text, booleans 0/1) or on PostgreSQL (timestamptz, boolean).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import pg from 'pg'
import { createPostgresDatabase } from '../helpers/harness.js'

export interface DjangoUser {
  id: number
  email: string
  password: string
  is_active?: boolean
  is_staff?: boolean
  is_superuser?: boolean
  /** `YYYY-MM-DD HH:MM:SS[.ffffff]` UTC. */
  created_at?: string
  birth_date?: string | null
  first_name?: string
  last_name?: string
  preferred_name?: string
  gender?: string
}

export interface DjangoRequest {
  id: number
  user_id: number
  start: string
  end: string
  description?: string
  type?: string
  status?: string
}

export interface DjangoSource {
  /** What --from takes. */
  from: string
  drop(): Promise<void>
}

const MIGRATIONS = [
  ['contenttypes', '0001_initial'],
  ['contenttypes', '0002_remove_content_type_name'],
  ['auth', '0001_initial'],
  ['authentication', '0001_initial'],
  ['authentication', '0002_user_reset_token'],
  ['admin', '0001_initial'],
  ['leave_requests', '0001_initial'],
  ['sessions', '0001_initial'],
]

function schema(engine: 'sqlite' | 'postgres'): string[] {
  const id = engine === 'sqlite' ? 'integer NOT NULL PRIMARY KEY AUTOINCREMENT' : 'serial NOT NULL PRIMARY KEY'
  const ts = engine === 'sqlite' ? 'datetime' : 'timestamp with time zone'
  const bool = engine === 'sqlite' ? 'bool' : 'boolean'
  return [
    `CREATE TABLE django_migrations (id ${id}, app varchar(255) NOT NULL, name varchar(255) NOT NULL, applied ${ts} NOT NULL)`,
    `CREATE TABLE django_content_type (id ${id}, app_label varchar(100) NOT NULL, model varchar(100) NOT NULL)`,
    `CREATE TABLE auth_group (id ${id}, name varchar(150) NOT NULL UNIQUE)`,
    `CREATE TABLE django_session (session_key varchar(40) NOT NULL PRIMARY KEY, session_data text NOT NULL, expire_date ${ts} NOT NULL)`,
    `CREATE TABLE authentication_user (id ${id}, password varchar(128) NOT NULL, last_login ${ts} NULL, email varchar(254) NOT NULL UNIQUE,
       is_active ${bool} NOT NULL, is_staff ${bool} NOT NULL, is_superuser ${bool} NOT NULL, created_at ${ts} NOT NULL, updated_at ${ts} NOT NULL,
       reset_token varchar(255) NOT NULL, reset_token_expiry ${ts} NULL, birth_date date NULL, first_name varchar(255) NOT NULL,
       last_name varchar(255) NOT NULL, preferred_name varchar(255) NOT NULL, gender varchar(255) NOT NULL)`,
    `CREATE TABLE django_admin_log (id ${id}, action_time ${ts} NOT NULL, object_id text NULL, object_repr varchar(200) NOT NULL,
       change_message text NOT NULL, user_id integer NOT NULL REFERENCES authentication_user (id))`,
    `CREATE TABLE leave_requests_leaverequest (id ${id}, start ${ts} NOT NULL, "end" ${ts} NOT NULL, description text NOT NULL,
       type varchar(20) NOT NULL, status varchar(20) NOT NULL, user_id integer NOT NULL REFERENCES authentication_user (id))`,
  ]
}

const userRow = (u: DjangoUser) => [
  u.id,
  u.password,
  null,
  u.email,
  u.is_active ?? true,
  u.is_staff ?? false,
  u.is_superuser ?? false,
  u.created_at ?? '2019-11-20 09:00:00.123456',
  u.created_at ?? '2019-11-20 09:00:00.123456',
  '',
  null,
  u.birth_date ?? null,
  u.first_name ?? '',
  u.last_name ?? '',
  u.preferred_name ?? '',
  u.gender ?? '',
]
const USER_COLUMNS = 'id, password, last_login, email, is_active, is_staff, is_superuser, created_at, updated_at, reset_token, reset_token_expiry, birth_date, first_name, last_name, preferred_name, gender'
const requestRow = (r: DjangoRequest) => [r.id, r.start, r.end, r.description ?? '', r.type ?? 'VACATION', r.status ?? 'PENDING', r.user_id]

/** A SQLite file as Django 2.2 writes it, with the original's migrations recorded (unless `apps` says otherwise). */
export function sqliteSource(users: DjangoUser[], requests: DjangoRequest[], apps = MIGRATIONS): DjangoSource {
  const dir = mkdtempSync(path.join(tmpdir(), 'leavedesk-django-'))
  const file = path.join(dir, 'db.sqlite3')
  const db = new SQLite(file)
  for (const ddl of schema('sqlite')) db.exec(ddl)
  const migration = db.prepare('INSERT INTO django_migrations (app, name, applied) VALUES (?, ?, ?)')
  for (const [app, name] of apps) migration.run(app, name, '2019-11-20 08:00:00.000000')
  const user = db.prepare(`INSERT INTO authentication_user (${USER_COLUMNS}) VALUES (${USER_COLUMNS.split(',').map(() => '?').join(', ')})`)
  const request = db.prepare('INSERT INTO leave_requests_leaverequest (id, start, "end", description, type, status, user_id) VALUES (?, ?, ?, ?, ?, ?, ?)')
  db.transaction(() => {
    for (const u of users) user.run(...userRow(u).map((v) => (typeof v === 'boolean' ? Number(v) : v)))
    for (const r of requests) request.run(...requestRow(r))
  })()
  db.close()
  return { from: file, drop: async () => rmSync(dir, { recursive: true, force: true }) }
}

/** The same on a scratch PostgreSQL database (TEST_DATABASE_URL). Datetimes are given in UTC. */
export async function postgresSource(users: DjangoUser[], requests: DjangoRequest[]): Promise<DjangoSource> {
  const { url, drop } = await createPostgresDatabase()
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query("SET TIME ZONE 'UTC'")
    for (const ddl of schema('postgres')) await client.query(ddl)
    for (const [app, name] of MIGRATIONS) await client.query('INSERT INTO django_migrations (app, name, applied) VALUES ($1, $2, now())', [app, name])
    for (const u of users) await client.query(`INSERT INTO authentication_user (${USER_COLUMNS}) VALUES (${userRow(u).map((_, i) => `$${i + 1}`).join(', ')})`, userRow(u))
    for (const r of requests) await client.query('INSERT INTO leave_requests_leaverequest (id, start, "end", description, type, status, user_id) VALUES ($1, $2, $3, $4, $5, $6, $7)', requestRow(r))
  } finally {
    await client.end()
  }
  return { from: url, drop }
}

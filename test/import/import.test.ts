// import-django end to end: a source database with the original's layout, built here with hashes of
// known passwords in every supported format (and Django's default iteration count of each version
// from 2.2 to 5.2) plus awkward rows; imported into the test's database (SQLite, or PostgreSQL with
// TEST_DATABASE_URL), from a SQLite source and, on PostgreSQL, from a PostgreSQL source too; then
// checked through HTTP.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { importDjango } from '../../src/import/run.js'
import { bearer, createTestContext, createUser, login, onPostgres, type TestContext } from '../helpers/harness.js'
import { DJANGO_ITERATIONS, django } from './django-hashes.js'
import { postgresSource, sqliteSource, type DjangoRequest, type DjangoSource, type DjangoUser } from './django-source.js'

interface Person extends DjangoUser {
  /** What they sign in with; null: their password is unusable. */
  plain: string | null
}

async function people(): Promise<Person[]> {
  const list: Person[] = []
  let id = 1
  for (const [version, iterations] of Object.entries(DJANGO_ITERATIONS)) {
    const plain = `django-${version}-password`
    list.push({ id: id++, email: `v${version.replace('.', '')}@example.com`, plain, password: django.pbkdf2(plain, `salt${version.replace('.', '')}x9`, iterations), first_name: `Django ${version}` })
  }
  const argon = await django.argon2('argon-secret')
  assert.match(argon, /^argon2\$argon2id\$v=19\$m=102400,t=2,p=8\$/)
  list.push(
    { id: 20, email: 'sha1@example.com', plain: 'sha1-secret', password: django.pbkdf2('sha1-secret', 'sha1salt', 10_000, 'sha1') },
    { id: 21, email: 'argon@example.com', plain: 'argon-secret', password: argon, is_staff: true },
    { id: 22, email: 'bcrypt@example.com', plain: 'bcrypt-secret', password: django.bcryptSha256('bcrypt-secret', 10), is_superuser: true },
    { id: 23, email: 'scrypt@example.com', plain: 'scrypt-secret', password: django.scrypt('scrypt-secret', 'scryptsalt') },
    { id: 24, email: 'zoe@example.com', plain: 'pässwörd-ünïcödé 🔑', password: django.pbkdf2('pässwörd-ünïcödé 🔑', 'unisalt', 1000), first_name: 'Zoë', last_name: 'Łukasiewicz-Ñúñez 日本', gender: 'female', birth_date: '1990-02-28' },
    { id: 25, email: 'locked@example.com', plain: null, password: '!Dk3KzqJmcdqVnY1dLZF8yoqSFhrOHBlhkAH8Gfya' },
    { id: 26, email: 'empty@example.com', plain: null, password: '' },
    // Case duplicates: the older one (27, by created_at) keeps the email; 28's requests go to it.
    { id: 28, email: 'Dup@Example.com', plain: null, password: django.pbkdf2('dup-newer', 'dupsalt', 1000), created_at: '2019-12-01 10:00:00' },
    { id: 27, email: 'dup@example.com', plain: 'dup-older', password: django.pbkdf2('dup-older', 'dupsalt', 1000), created_at: '2019-06-01 10:00:00' },
    // Already has an account here (created by createuser before the import).
    { id: 29, email: 'Boss@example.com', plain: null, password: django.pbkdf2('boss-old', 'bosssalt', 1000) },
  )
  return list
}

const REQUESTS: DjangoRequest[] = [
  { id: 1, user_id: 24, start: '2019-12-02 10:00:00', end: '2019-12-03 19:00:00', description: 'Gotta chill.', status: 'APPROVED' },
  { id: 2, user_id: 24, start: '2019-12-16 00:00:00', end: '2019-12-18 00:00:00.250000', description: 'Röntgen 🦴', type: 'SICK', status: 'REJECTED' },
  // End before start: stored swapped.
  { id: 3, user_id: 24, start: '2020-01-10 00:00:00', end: '2020-01-08 00:00:00', status: 'PENDING' },
  // Overlaps request 1.
  { id: 4, user_id: 24, start: '2019-12-03 00:00:00', end: '2019-12-04 00:00:00', status: 'PENDING' },
  // Unknown types.
  { id: 5, user_id: 23, start: '2020-02-03 09:00:00.123456', end: '2020-02-03 17:00:00', type: 'HOME_OFFICE', status: 'APPROVED' },
  { id: 6, user_id: 23, start: '2020-02-10 09:00:00', end: '2020-02-10 17:00:00', type: 'Remote work', status: 'PENDING' },
  // The newer case duplicate's request: goes to the older account.
  { id: 7, user_id: 28, start: '2020-03-02 00:00:00', end: '2020-03-03 00:00:00', status: 'PENDING' },
  { id: 8, user_id: 29, start: '2020-03-09 00:00:00', end: '2020-03-10 00:00:00', status: 'APPROVED' },
  { id: 9, user_id: 1, start: '2020-04-06 00:00:00', end: '2020-04-07 00:00:00', status: 'PENDING' },
]

function scenario(name: string, makeSource: (users: Person[], requests: DjangoRequest[]) => Promise<DjangoSource> | DjangoSource) {
  describe(`import-django from ${name}`, () => {
    let ctx: TestContext
    let source: DjangoSource
    let persons: Person[]
    let bossId: number
    let takenRequestId: number
    let report: string

    before(async () => {
      persons = await people()
      source = await makeSource(persons, REQUESTS)
      ctx = await createTestContext()
      // What the target had before: an admin (id 1, so the source's user 1 needs another id) and a request (id 1).
      const boss = await createUser(ctx.db, { email: 'boss@example.com', role: 'admin', password: 'boss-current-password' })
      bossId = boss.id
      const { access } = await login(ctx.app, 'boss@example.com', 'boss-current-password')
      const res = await ctx.app.inject({ method: 'POST', url: '/api/leave-requests', headers: bearer(access), payload: { start: '2030-01-07T00:00:00Z', end: '2030-01-08T00:00:00Z' } })
      assert.equal(res.statusCode, 201, res.body)
      takenRequestId = res.json().id
    })
    after(async () => {
      await ctx.close()
      await source.drop()
    })

    const counts = async () => {
      const [users, requests, audits, facts] = await Promise.all(
        (['users', 'leave_requests', 'audit_events', 'balance_entries'] as const).map((t) => ctx.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()),
      )
      return { users: Number(users!.n), requests: Number(requests!.n), audits: Number(audits!.n), facts: Number(facts!.n) }
    }

    it('reports in a dry run what it would do, and changes nothing', async () => {
      const before = await counts()
      const out = await importDjango(ctx.db, { from: source.from, dryRun: true, timeZone: 'Europe/Berlin', adminEmail: null })
      assert.match(out, /dry run: nothing was changed/)
      assert.match(out, /Users: 18 to create \(1 with a new id: the original's is taken here\), 1 matched to an existing account, 1 merged into an older account \(case duplicates\), 0 already imported \(skipped\), 0 not imported/)
      assert.match(out, /Leave requests: 9 to create \(1 with a new id: the original's is taken here\), 0 already imported/)
      assert.match(out, /Leave types to create \(retired, for old requests of unknown types\): HOME_OFFICE, REMOTE_WORK/)
      assert.match(out, /user 28: email "Dup@Example.com" differs only in case from user 27's/)
      assert.match(out, /user 25: password is unusable/)
      assert.match(out, /user 26: password is empty/)
      assert.match(out, /request 3: In the original API its end \(2020-01-08T00:00:00.000Z\) was before its start/)
      assert.match(out, /request 4: It overlaps request 1 of the same person/)
      assert.match(out, /request 1: It overlaps request 4 of the same person/)
      assert.match(out, /request 6: Its type "Remote work" was unknown: it is the retired leave type REMOTE_WORK/)
      assert.deepEqual(await counts(), before)
    })

    it('imports in batches; a run that fails between batches completes on the next run with no duplicates', async () => {
      await assert.rejects(
        importDjango(ctx.db, {
          from: source.from,
          dryRun: false,
          timeZone: 'Europe/Berlin',
          adminEmail: null,
          batchSize: 4,
          onBatch: (done) => {
            if (done >= 8) throw new Error('killed')
          },
        }),
        /killed/,
      )
      const partial = await counts()
      assert.ok(partial.users > 1 && partial.users < 19, `${partial.users} users after the failure`)
      report = await importDjango(ctx.db, { from: source.from, dryRun: false, timeZone: 'Europe/Berlin', adminEmail: null, batchSize: 4 })
      assert.match(report, /Leave requests: 9 created/)
      const done = await counts()
      assert.equal(done.users, 1 + 18)
      assert.equal(done.requests, 1 + 9)
      const mapped = await ctx.db.selectFrom('import_users').select(['source_id', 'user_id', 'kind']).orderBy('source_id').execute()
      assert.equal(mapped.length, persons.length)
      assert.equal(new Set(mapped.filter((m) => m.kind === 'created').map((m) => m.user_id)).size, 18)
    })

    it('changes nothing on a second run', async () => {
      const before = await counts()
      const hashes = await ctx.db.selectFrom('users').select(['id', 'password_hash', 'updated_at']).orderBy('id').execute()
      const out = await importDjango(ctx.db, { from: source.from, dryRun: false, timeZone: 'Europe/Berlin', adminEmail: null })
      assert.match(out, /Users: 0 created, 0 matched to an existing account, 0 merged into an older account \(case duplicates\), 20 already imported \(skipped\)/)
      assert.match(out, /Leave requests: 0 created, 9 already imported \(skipped\)/)
      assert.deepEqual(await counts(), before)
      assert.deepEqual(await ctx.db.selectFrom('users').select(['id', 'password_hash', 'updated_at']).orderBy('id').execute(), hashes)
    })

    it('lets every person sign in with the password they had; the hash becomes argon2id; the second sign-in works', async () => {
      for (const p of persons.filter((x) => x.plain !== null)) {
        const email = p.email.toLowerCase()
        const first = await ctx.app.inject({ method: 'POST', url: '/api/auth/token', payload: { email, password: p.plain } })
        assert.equal(first.statusCode, 200, `${email}: ${first.body}`)
        const row = await ctx.db.selectFrom('users').select('password_hash').where('email', '=', email).executeTakeFirstOrThrow()
        assert.match(row.password_hash, /^\$argon2id\$/, email)
        await login(ctx.app, email, p.plain!)
      }
      // Unusable passwords never sign in; the newer case duplicate's password is not the account's.
      for (const [email, password] of [['locked@example.com', ''], ['empty@example.com', ''], ['dup@example.com', 'dup-newer']]) {
        const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/token', payload: { email, password: password || 'anything-at-all' } })
        assert.equal(res.statusCode, 401, email)
      }
      // The account that existed keeps its password: the source's is not imported over it.
      await login(ctx.app, 'boss@example.com', 'boss-current-password')
    })

    it('brings over the people as they were', async () => {
      const { access } = await login(ctx.app, 'boss@example.com', 'boss-current-password')
      const zoe = await ctx.db.selectFrom('users').selectAll().where('email', '=', 'zoe@example.com').executeTakeFirstOrThrow()
      assert.equal(zoe.id, 24, 'a free id is kept')
      const res = await ctx.app.inject({ method: 'GET', url: `/api/users/${zoe.id}`, headers: bearer(access) })
      assert.equal(res.statusCode, 200, res.body)
      const body = res.json()
      assert.equal(body.first_name, 'Zoë')
      assert.equal(body.last_name, 'Łukasiewicz-Ñúñez 日本')
      assert.equal(body.gender, 'female')
      assert.equal(body.birth_date, '1990-02-28')
      assert.equal(body.role, 'employee')
      assert.equal(zoe.time_zone, 'Europe/Berlin')
      assert.equal(zoe.created_at, Date.parse('2019-11-20T09:00:00.123Z'))
      const roles = Object.fromEntries((await ctx.db.selectFrom('users').select(['email', 'role']).execute()).map((u) => [u.email, u.role]))
      assert.equal(roles['argon@example.com'], 'admin', 'is_staff')
      assert.equal(roles['bcrypt@example.com'], 'admin', 'is_superuser')
      const v22 = await ctx.db.selectFrom('users').select('id').where('email', '=', 'v22@example.com').executeTakeFirstOrThrow()
      assert.notEqual(v22.id, 1, 'user 1 was taken: a new id')
      assert.match(report, new RegExp(`user 1 → ${v22.id}`))
      const history = await ctx.db.selectFrom('audit_events').selectAll().where('entity', '=', 'user').where('entity_id', '=', zoe.id).execute()
      assert.equal(history.length, 1)
      assert.equal(history[0]!.action, 'imported')
      assert.match(history[0]!.note!, new RegExp(`Imported from ${name === 'SQLite' ? 'db\\.sqlite3' : 'postgres'}`))
      assert.doesNotMatch(history[0]!.note!, /:[^@/]*@/, 'no password in a URL')
    })

    it('keeps old request ids, their instants exactly, and flags what the original allowed', async () => {
      const zoe = await login(ctx.app, 'zoe@example.com', 'pässwörd-ünïcödé 🔑')
      const one = await ctx.app.inject({ method: 'GET', url: '/api/leave-requests/1', headers: bearer(zoe.access) })
      // Request 1 was taken by the boss's request: the source's request 1 has a new id.
      assert.equal(takenRequestId, 1)
      assert.equal(one.statusCode, 404)
      const renumbered = Number(/request 1 → (\d+)/.exec(report)![1])
      const approved = (await ctx.app.inject({ method: 'GET', url: `/api/leave-requests/${renumbered}`, headers: bearer(zoe.access) })).json()
      assert.equal(approved.start, '2019-12-02T10:00:00.000Z')
      assert.equal(approved.end, '2019-12-03T19:00:00.000Z')
      assert.equal(approved.status, 'APPROVED')
      assert.equal(approved.decided_by, null)
      assert.equal(approved.start_date, '2019-12-02')
      assert.equal(approved.end_date, '2019-12-03')
      assert.equal(approved.days, 2)
      const history = (await ctx.app.inject({ method: 'GET', url: `/api/leave-requests/${renumbered}/history`, headers: bearer(zoe.access) })).json()
      assert.equal(history.length, 1)
      assert.equal(history[0].action, 'imported')
      assert.match(history[0].note, /approved there, where anyone could set a status: no decider is recorded/)
      assert.match(history[0].note, /overlaps request 4/)
      const facts = await ctx.db.selectFrom('balance_entries').selectAll().where('request_id', '=', renumbered).execute()
      assert.deepEqual(facts.map((f) => [f.kind, f.amount, f.year]), [['usage', -2000, 2019]])

      const sick = (await ctx.app.inject({ method: 'GET', url: '/api/leave-requests/2', headers: bearer(zoe.access) })).json()
      assert.equal(sick.end, '2019-12-18T00:00:00.250Z')
      assert.equal(sick.status, 'REJECTED')
      assert.equal(sick.description, 'Röntgen 🦴')

      const swapped = (await ctx.app.inject({ method: 'GET', url: '/api/leave-requests/3', headers: bearer(zoe.access) })).json()
      assert.equal(swapped.start, '2020-01-08T00:00:00.000Z')
      assert.equal(swapped.end, '2020-01-10T00:00:00.000Z')
      const swappedHistory = (await ctx.app.inject({ method: 'GET', url: '/api/leave-requests/3/history', headers: bearer(zoe.access) })).json()
      assert.deepEqual(swappedHistory[0].changes.start, ['2020-01-10T00:00:00.000Z', '2020-01-08T00:00:00.000Z'])
      assert.deepEqual(swappedHistory[0].changes.end, ['2020-01-08T00:00:00.000Z', '2020-01-10T00:00:00.000Z'])

      const dup = await login(ctx.app, 'dup@example.com', 'dup-older')
      const dupList = (await ctx.app.inject({ method: 'GET', url: '/api/leave-requests', headers: bearer(dup.access) })).json()
      assert.deepEqual(dupList.map((r: { id: number }) => r.id), [7])

      const scrypt = await login(ctx.app, 'scrypt@example.com', 'scrypt-secret')
      const remote = (await ctx.app.inject({ method: 'GET', url: '/api/leave-requests/6', headers: bearer(scrypt.access) })).json()
      assert.equal(remote.type, 'REMOTE_WORK')
      const types = await ctx.db.selectFrom('leave_types').select(['code', 'active']).where('code', 'in', ['HOME_OFFICE', 'REMOTE_WORK']).orderBy('code').execute()
      assert.deepEqual(types, [{ code: 'HOME_OFFICE', active: 0 }, { code: 'REMOTE_WORK', active: 0 }])

      const boss = await login(ctx.app, 'boss@example.com', 'boss-current-password')
      const bossList = (await ctx.app.inject({ method: 'GET', url: '/api/leave-requests', headers: bearer(boss.access) })).json()
      assert.deepEqual(bossList.map((r: { id: number }) => r.id).sort(), [takenRequestId, 8].sort(), 'the matched account got its source requests')
      assert.equal(bossId, 1)
    })

    it('keeps the history of an imported request its owner deletes, for its owner', async () => {
      const zoe = await login(ctx.app, 'zoe@example.com', 'pässwörd-ünïcödé 🔑')
      const list = (await ctx.app.inject({ method: 'GET', url: '/api/leave-requests?limit=100', headers: bearer(zoe.access) })).json()
      const deletable = list.find((r: { allowed_actions: string[] }) => r.allowed_actions.includes('delete'))
      assert.ok(deletable, 'an imported pending request its owner may delete')
      const del = await ctx.app.inject({ method: 'DELETE', url: `/api/leave-requests/${deletable.id}`, headers: bearer(zoe.access) })
      assert.equal(del.statusCode, 204, del.body)
      const history = await ctx.app.inject({ method: 'GET', url: `/api/leave-requests/${deletable.id}/history`, headers: bearer(zoe.access) })
      assert.equal(history.statusCode, 200, history.body)
      assert.deepEqual(history.json().map((e: { action: string }) => e.action), ['imported', 'deleted'])
    })

    it('gives requests filed after the import ids past the imported ones', async () => {
      const zoe = await login(ctx.app, 'zoe@example.com', 'pässwörd-ünïcödé 🔑')
      const res = await ctx.app.inject({ method: 'POST', url: '/api/leave-requests', headers: bearer(zoe.access), payload: { start: '2031-03-03T00:00:00Z', end: '2031-03-04T00:00:00Z' } })
      assert.equal(res.statusCode, 201, res.body)
      const max = await ctx.db.selectFrom('leave_requests').select((eb) => eb.fn.max('id').as('m')).where('id', '!=', res.json().id).executeTakeFirstOrThrow()
      assert.ok(res.json().id > Number(max.m))
    })
  })
}

scenario('SQLite', sqliteSource)
if (onPostgres) scenario('PostgreSQL', postgresSource)

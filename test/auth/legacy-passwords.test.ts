// The original Django API's password hashes: Django's own published test vectors (its
// tests/auth_tests/test_hashers.py, as data), hashes made here the way Django makes them, and what
// must never verify.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import bcrypt from 'bcryptjs'
import { django } from '../import/django-hashes.js'
import { bcryptWorkers, djangoAlgorithm, verifyDjangoPassword } from '../../src/auth/legacy-passwords.js'
import { hashQueue, isLegacyHash, verifyPassword } from '../../src/auth/passwords.js'
import { bearer, createTestContext, createUser, login, type TestContext } from '../helpers/harness.js'

/** From Django's tests/auth_tests/test_hashers.py: [password, encoded]. */
const DJANGO_VECTORS: Array<[string, string]> = [
  ['lètmein', 'pbkdf2_sha256$390000$seasalt$8xBlGd3jVgvJ+92hWPxi5ww0uuAuAnKgC45eudxro7c='],
  ['lètmein', 'pbkdf2_sha256$390000$seasalt2$geC/uZ92nRXDSjSxeoiBqYyRcrLzMm8xK3ro1QS1uo8='],
  ['lètmein', 'pbkdf2_sha1$390000$seasalt2$aDapRanzW8aHTz97v2TcfHzWD+I='],
  // argon2i without the version attribute (argon2 1.0), with it, and argon2id.
  ['secret', 'argon2$argon2i$m=8,t=1,p=1$c29tZXNhbHQ$gwQOXSNhxiOxPOA0+PY10P9QFO4NAYysnqRt1GSQLE55m+2GYDt9FEjPMHhP2Cuf0nOEXXMocVrsJAtNSsKyfg'],
  ['secret', 'argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q'],
  ['secret', 'argon2$argon2id$v=19$m=102400,t=2,p=8$Y041dExhNkljRUUy$TMa6A8fPJhCAUXRhJXCXdw'],
  ['lètmein', 'scrypt$16384$seasalt$8$1$Qj3+9PPyRjSJIebHnG81TMjsqtaIGxNQG/aEB/NYafTJ7tibgfYz71m0ldQESkXFRkdVCBhhY8mx7rQwite/Pw=='],
]

describe('Django password hashes', () => {
  for (const [password, encoded] of DJANGO_VECTORS) {
    it(`verifies Django's vector ${encoded.slice(0, 40)}...`, async () => {
      assert.equal(await verifyDjangoPassword(encoded, password), true)
      assert.equal(await verifyDjangoPassword(encoded, `${password}z`), false)
      assert.equal(await verifyDjangoPassword(encoded, password.normalize('NFD')), password === password.normalize('NFD'), 'the bytes as typed, not normalised')
      // Through the sign-in's verifier too, which knows to leave the password as typed.
      assert.equal(await verifyPassword(encoded, password), true)
      assert.equal(isLegacyHash(encoded), true)
    })
  }

  it('reproduces Django\'s pbkdf2 encoding byte for byte, at any iteration count', async () => {
    assert.equal(django.pbkdf2('lètmein', 'seasalt', 390000), DJANGO_VECTORS[0]![1])
    assert.equal(django.pbkdf2('lètmein', 'seasalt2', 390000, 'sha1'), DJANGO_VECTORS[2]![1])
    for (const iterations of [1, 1000, 150000]) {
      const encoded = django.pbkdf2('pässwörd 🔑', 'Ab3dEf6hIj9k', iterations)
      assert.equal(await verifyDjangoPassword(encoded, 'pässwörd 🔑'), true, `${iterations}`)
      assert.equal(await verifyDjangoPassword(encoded, 'pässwörd'), false)
    }
    assert.equal(django.scrypt('lètmein', 'seasalt'), DJANGO_VECTORS[6]![1])
  })

  it('a bcrypt check whose worker dies fails (never hangs), and the next check works in a new worker', async () => {
    const encoded = django.bcryptSha256('lètmein', 12)
    const check = verifyDjangoPassword(encoded, 'lètmein')
    // The worker is started before the first await: end it while it hashes.
    await new Promise((resolve) => setTimeout(resolve, 20))
    const [worker] = bcryptWorkers()
    assert.ok(worker, 'a bcrypt worker runs the check')
    await worker.terminate()
    assert.equal(await check, false)
    assert.equal(await verifyDjangoPassword(django.bcryptSha256('lètmein', 4), 'lètmein'), true)
  })

  it('verifies bcrypt_sha256 and bcrypt, off the event loop, with blank and over-72-byte passwords', async () => {
    const long = 'VSK0UYV6FFQVZ0KG88DYN9WADAADZO1CTSIVDJUNZSUML6IBX7LN7ZS3R5JGB3RGZ7VI7G7DJQ9NI8BQFSRPTG6UWTTVESA5ZPUN'
    for (const password of ['lètmein', '', long]) {
      const encoded = django.bcryptSha256(password)
      assert.equal(djangoAlgorithm(encoded), 'bcrypt_sha256')
      assert.equal(await verifyDjangoPassword(encoded, password), true)
      assert.equal(await verifyDjangoPassword(encoded, `${password} `), false)
    }
    // bcrypt_sha256 does not truncate at 72 bytes as plain bcrypt does.
    assert.equal(await verifyDjangoPassword(django.bcryptSha256(long), long.slice(0, 72)), false)
    const plain = `bcrypt$${bcrypt.hashSync('lètmein', 4)}`
    assert.equal(await verifyDjangoPassword(plain, 'lètmein'), true)
    assert.equal(await verifyDjangoPassword(plain, 'letmein'), false)

    // The event loop keeps turning while a cost-12 check (a quarter of a second of CPU) runs: on the
    // main thread it would stall once for the whole check.
    const costly = django.bcryptSha256('lètmein', 12)
    let last = performance.now()
    let longestStall = 0
    const timer = setInterval(() => {
      const now = performance.now()
      longestStall = Math.max(longestStall, now - last)
      last = now
    }, 2)
    const started = performance.now()
    assert.equal(await verifyDjangoPassword(costly, 'lètmein'), true)
    clearInterval(timer)
    const ms = performance.now() - started
    assert.ok(longestStall < ms / 2, `longest stall ${longestStall.toFixed(0)} ms of a ${ms.toFixed(0)} ms check`)
  })

  it('never verifies unusable, empty, unknown or malformed hashes', async () => {
    const good = django.pbkdf2('lètmein', 'seasalt', 1000)
    const bad = [
      '',
      '!',
      '!' + 'x'.repeat(40),
      `!${good}`,
      'md5$seasalt$3f86d0d3d465b7b458c231bf3555c0e3',
      'sha1$seasalt$cff36ea83f5706ce9aa7454e63e431fc726b2dc8',
      '88a434c88cca4e900f7874cd98123f43',
      'lolcat$salt$hash',
      good.replace('$1000$', '$0$'),
      good.replace('$1000$', '$-5$'),
      good.replace('$1000$', '$1e3$'),
      good.replace('seasalt', ''),
      good.slice(0, -4),
      `${good}$extra`,
      'scrypt$16385$seasalt$8$1$Qj3+9PPyRjSJIebHnG81TMjsqtaIGxNQG/aEB/NYafTJ7tibgfYz71m0ldQESkXFRkdVCBhhY8mx7rQwite/Pw==',
      'scrypt$1073741824$seasalt$8$1$Qj3+9PPyRjSJIebHnG81TMjsqtaIGxNQG/aEB/NYafTJ7tibgfYz71m0ldQESkXFRkdVCBhhY8mx7rQwite/Pw==',
      'argon2$argon2x$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q',
      'bcrypt_sha256$$2b$04$tooshort',
    ]
    for (const encoded of bad) {
      assert.equal(djangoAlgorithm(encoded), null, encoded)
      assert.equal(isLegacyHash(encoded), false, encoded)
      assert.equal(await verifyDjangoPassword(encoded, 'lètmein'), false, encoded)
      assert.equal(await verifyDjangoPassword(encoded, ''), false, encoded)
    }
    // The sign-in's verifier refuses them too, after spending a real check's time.
    const started = performance.now()
    assert.equal(await verifyPassword('!', 'lètmein'), false)
    assert.equal(await verifyPassword('md5$seasalt$3f86d0d3d465b7b458c231bf3555c0e3', 'lètmein'), false)
    assert.ok(performance.now() - started > 5, 'an unusable hash takes the time of an argon2 check')
    assert.deepEqual(hashQueue(), { running: 0, waiting: 0 })
  })
})

describe('signing in with a Django hash', () => {
  let ctx: TestContext
  before(async () => {
    ctx = await createTestContext()
  })
  after(() => ctx.close())

  const hashOf = async (email: string) => (await ctx.db.selectFrom('users').select(['password_hash', 'token_version']).where('email', '=', email).executeTakeFirstOrThrow())

  it('replaces the hash with argon2id on the first successful sign-in, keeps the sessions, and signs in again', async () => {
    const legacy = django.pbkdf2('lètmein', 'seasalt', 1000)
    await createUser(ctx.db, { email: 'old@example.com' })
    await ctx.db.updateTable('users').set({ password_hash: legacy }).where('email', '=', 'old@example.com').execute()

    const wrong = await ctx.app.inject({ method: 'POST', url: '/api/auth/token', payload: { email: 'old@example.com', password: 'letmein' } })
    assert.equal(wrong.statusCode, 401)
    assert.equal((await hashOf('old@example.com')).password_hash, legacy, 'a failed sign-in changes nothing')

    const first = await login(ctx.app, 'old@example.com', 'lètmein')
    const after1 = await hashOf('old@example.com')
    assert.match(after1.password_hash, /^\$argon2id\$/)
    assert.equal(after1.token_version, 0, 'the same password: sessions are not ended')
    const me = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(first.access) })
    assert.equal(me.statusCode, 200)
    await login(ctx.app, 'old@example.com', 'lètmein')
    assert.equal((await hashOf('old@example.com')).password_hash, after1.password_hash, 'an argon2id hash is not replaced again')
  })

  it('refuses an inactive account with a Django hash and keeps its hash', async () => {
    const legacy = django.bcryptSha256('lètmein')
    await createUser(ctx.db, { email: 'gone@example.com' })
    await ctx.db.updateTable('users').set({ password_hash: legacy, is_active: 0 }).where('email', '=', 'gone@example.com').execute()
    const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/token', payload: { email: 'gone@example.com', password: 'lètmein' } })
    assert.equal(res.statusCode, 401)
    assert.equal((await hashOf('gone@example.com')).password_hash, legacy)
  })
})

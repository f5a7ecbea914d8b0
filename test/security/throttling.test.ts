// Brute force and abuse limits (OWASP API4:2023), with counters in memory and, when TEST_REDIS_URL
// is set, in Redis shared by two app instances as two server processes would share them.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { buildApp } from '../../src/app.js'
import { MemoryCounterStore, RedisCounterStore, type CounterStore } from '../../src/security/counter-store.js'
import { bearer, createTestContext, createUser, login, PASSWORD, type TestContext } from '../helpers/harness.js'

const redisUrl = process.env.TEST_REDIS_URL
const stores: Array<[string, () => CounterStore]> = [['memory', () => new MemoryCounterStore()]]
if (redisUrl) stores.push(['redis', () => new RedisCounterStore(redisUrl, `leavedesk-test:${randomBytes(6).toString('hex')}:`)])

const LOGIN_THROTTLED = { detail: 'Too many failed sign-in attempts. Try again later.' }

for (const [kind, makeStore] of stores) {
  describe(`rate limits with counters in ${kind}`, () => {
    let ctx: TestContext
    let store: CounterStore
    let ip = 0
    // Each test speaks from its own address so counts do not leak between tests.
    const nextIp = () => `10.9.${Math.floor(++ip / 250)}.${ip % 250}`

    before(async () => {
      store = makeStore()
      ctx = await createTestContext({ LOGIN_FAILURES_PER_ACCOUNT: '5', LOGIN_FAILURES_PER_IP: '8' }, { counters: store })
      await createUser(ctx.db, { email: 'target@example.com' })
      await createUser(ctx.db, { email: 'bystander@example.com' })
    })
    after(async () => {
      await ctx.close()
      await store.close()
    })

    const tryLogin = (email: string, password: string, remoteAddress: string, headers: Record<string, string> = {}) =>
      ctx.app.inject({ method: 'POST', url: '/api/auth/token', payload: { email, password }, remoteAddress, headers })

    it('locks an account after 5 failures, even for the right password, without saying whether it exists', async () => {
      for (const email of ['target@example.com', 'nobody-here@example.com']) {
        for (let i = 0; i < 5; i++) {
          const res = await tryLogin(email, 'wrong-password-000', nextIp())
          assert.equal(res.statusCode, 401, `attempt ${i + 1}`)
        }
        const res = await tryLogin(email, PASSWORD, nextIp())
        assert.equal(res.statusCode, 429)
        assert.deepEqual(res.json(), LOGIN_THROTTLED)
        const retryAfter = Number(res.headers['retry-after'])
        assert.ok(retryAfter > 0 && retryAfter <= 15 * 60, `Retry-After ${retryAfter}`)
      }
      // The lock concerns that account only.
      assert.equal((await tryLogin('bystander@example.com', PASSWORD, nextIp())).statusCode, 200)
    })

    it('a successful sign-in clears the account’s failures', async () => {
      await createUser(ctx.db, { email: 'forgetful@example.com' })
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 4; i++) assert.equal((await tryLogin('forgetful@example.com', 'wrong-password-000', nextIp())).statusCode, 401)
        assert.equal((await tryLogin('forgetful@example.com', PASSWORD, nextIp())).statusCode, 200)
      }
    })

    it('refuses an address after its failures reach LOGIN_FAILURES_PER_IP, whatever X-Forwarded-For says', async () => {
      const addr = nextIp()
      for (let i = 0; i < 8; i++) {
        const res = await tryLogin(`spray${i}@example.com`, 'wrong-password-000', addr, { 'x-forwarded-for': `203.0.113.${i}` })
        assert.equal(res.statusCode, 401)
      }
      const res = await tryLogin('bystander@example.com', PASSWORD, addr, { 'x-forwarded-for': '198.51.100.7' })
      assert.equal(res.statusCode, 429)
      assert.deepEqual(res.json(), LOGIN_THROTTLED)
      assert.equal((await tryLogin('bystander@example.com', PASSWORD, nextIp())).statusCode, 200, 'other addresses still sign in')
    })

    it('sends at most 3 reset mails per account per hour, still answering 204', async () => {
      const user = await createUser(ctx.db, { email: 'forgot@example.com' })
      void user
      const before = await countMails()
      for (let i = 0; i < 5; i++) {
        const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/forgot-password', payload: { email: 'forgot@example.com' }, remoteAddress: nextIp() })
        assert.equal(res.statusCode, 204)
      }
      assert.equal((await countMails()) - before, 3)
    })

    it('stops mailing for an address after 20 forgot-password requests per hour', async () => {
      const addr = nextIp()
      const emails = Array.from({ length: 22 }, (_, i) => `flood${i}@example.com`)
      for (const email of emails.slice(20)) await createUser(ctx.db, { email })
      for (const email of emails.slice(0, 20)) {
        await ctx.app.inject({ method: 'POST', url: '/api/auth/forgot-password', payload: { email }, remoteAddress: addr })
      }
      const before = await countMails()
      for (const email of emails.slice(20)) {
        const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/forgot-password', payload: { email }, remoteAddress: addr })
        assert.equal(res.statusCode, 204)
      }
      assert.equal((await countMails()) - before, 0, 'no mail past the limit')
      const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/forgot-password', payload: { email: emails[21] }, remoteAddress: nextIp() })
      assert.equal(res.statusCode, 204)
      assert.equal((await countMails()) - before, 1, 'another address still gets its mail')
    })

    it('answers 429 after 20 invalid reset tokens from one address', async () => {
      const addr = nextIp()
      const attempt = (token: string) =>
        ctx.app.inject({
          method: 'POST',
          url: '/api/auth/reset-password',
          payload: { reset_token: token, password: 'x', confirm_password: 'x' },
          remoteAddress: addr,
        })
      for (let i = 0; i < 20; i++) assert.equal((await attempt(`guess${i}`)).statusCode, 400)
      const res = await attempt('guess-final')
      assert.equal(res.statusCode, 429)
      assert.ok(Number(res.headers['retry-after']) > 0)
      assert.equal(typeof res.json().detail, 'string')
    })

    it('answers 429 after 5 wrong current passwords on change-password', async () => {
      await createUser(ctx.db, { email: 'changer@example.com' })
      const { access } = await login(ctx.app, 'changer@example.com')
      for (let i = 0; i < 5; i++) assert.equal((await changePassword(access, 'not-my-password')).statusCode, 400)
      const res = await changePassword(access, PASSWORD)
      assert.equal(res.statusCode, 429)
    })

    it('counts wrong current passwords on an email change with change-password’s, then 429', async () => {
      await createUser(ctx.db, { email: 'mover@example.com' })
      const { access } = await login(ctx.app, 'mover@example.com')
      const patchEmail = (current: string) =>
        ctx.app.inject({ method: 'PATCH', url: '/api/auth/me', headers: bearer(access), payload: { email: 'moved@example.com', current_password: current } })
      for (let i = 0; i < 3; i++) assert.equal((await patchEmail('guess-' + i)).statusCode, 400)
      for (let i = 0; i < 2; i++) assert.equal((await changePassword(access, 'guess-x' + i)).statusCode, 400)
      const res = await patchEmail(PASSWORD)
      assert.equal(res.statusCode, 429)
      const row = await ctx.db.selectFrom('users').select('email').where('email', '=', 'moved@example.com').executeTakeFirst()
      assert.equal(row, undefined, 'the email did not change')
    })

    it('shares counts between app instances using the same store', async () => {
      const second = await buildApp(ctx.config, { db: ctx.db, counters: store, startMailDispatcher: false })
      try {
        await createUser(ctx.db, { email: 'shared@example.com' })
        for (let i = 0; i < 5; i++) {
          const app = i % 2 === 0 ? ctx.app : second
          await app.inject({ method: 'POST', url: '/api/auth/token', payload: { email: 'shared@example.com', password: 'nope-nope-nope' }, remoteAddress: nextIp() })
        }
        const res = await second.inject({ method: 'POST', url: '/api/auth/token', payload: { email: 'shared@example.com', password: PASSWORD }, remoteAddress: nextIp() })
        assert.equal(res.statusCode, 429)
      } finally {
        await second.close()
      }
    })

    /** A change-password attempt whose new password does not matter: only the current one is judged. */
    function changePassword(access: string, current: string) {
      return ctx.app.inject({
        method: 'POST',
        url: '/api/auth/change-password',
        headers: bearer(access),
        payload: { current_password: current, new_password: 'x', confirm_new_password: 'x' },
      })
    }

    async function countMails(): Promise<number> {
      const row = await ctx.db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('subject', 'like', '%reset%').executeTakeFirstOrThrow()
      return Number(row.n)
    }
  })
}

describe('the general per-address request limit', () => {
  it('answers 429 with Retry-After past RATE_LIMIT_PER_MINUTE, per address', async () => {
    const ctx = await createTestContext({ RATE_LIMIT_PER_MINUTE: '5' })
    try {
      for (let i = 0; i < 5; i++) assert.equal((await ctx.app.inject({ url: '/healthz', remoteAddress: '10.1.1.1' })).statusCode, 200)
      const res = await ctx.app.inject({ url: '/api/leave-requests', remoteAddress: '10.1.1.1' })
      assert.equal(res.statusCode, 429)
      assert.match(res.json().detail, /throttled/i)
      assert.ok(Number(res.headers['retry-after']) >= 1 && Number(res.headers['retry-after']) <= 60)
      assert.equal((await ctx.app.inject({ url: '/healthz', remoteAddress: '10.1.1.2' })).statusCode, 200)
    } finally {
      await ctx.close()
    }
  })

  it('counts the forwarded client address only with TRUST_PROXY', async () => {
    for (const trust of ['false', 'true']) {
      const ctx = await createTestContext({ RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: trust })
      try {
        const statuses: number[] = []
        for (let i = 0; i < 4; i++) {
          const res = await ctx.app.inject({ url: '/healthz', remoteAddress: '10.2.2.2', headers: { 'x-forwarded-for': `198.51.100.${i}` } })
          statuses.push(res.statusCode)
        }
        // Behind a trusted proxy each forwarded client has its own count; otherwise the header changes nothing.
        assert.deepEqual(statuses, trust === 'true' ? [200, 200, 200, 200] : [200, 200, 200, 429], `TRUST_PROXY=${trust}`)
      } finally {
        await ctx.close()
      }
    }
  })

  it('is off with RATE_LIMIT_PER_MINUTE=0', async () => {
    const ctx = await createTestContext({ RATE_LIMIT_PER_MINUTE: '0' })
    try {
      for (let i = 0; i < 50; i++) assert.equal((await ctx.app.inject({ url: '/healthz' })).statusCode, 200)
    } finally {
      await ctx.close()
    }
  })
})

// The transactional outbox end to end, against a real SMTP server on 127.0.0.1: mails are written
// with the change that causes them, retried with backoff while the server refuses, given up after
// MAIL_MAX_ATTEMPTS, sent after a crash, and sent once when several dispatchers share the table.
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { after, before, beforeEach, describe, it } from 'node:test'
import { buildApp } from '../../src/app.js'
import { MailOutboxRepository } from '../../src/mail/mail-outbox.repository.js'
import { composeMail } from '../../src/mail/templates.js'
import { bearer, createTestContext, createUser, login, type TestContext } from '../helpers/harness.js'
import { startSmtpCapture, tokenIn, type SmtpCapture } from '../helpers/smtp.js'

let smtp: SmtpCapture
let ctx: TestContext
let adminToken: string
let invited = 0

/** Short backoff and polling so that retries happen within a test. */
const FAST = { retryBaseMs: 25, pollIntervalMs: 10 }

before(async () => {
  smtp = await startSmtpCapture()
  ctx = await createTestContext({ SMTP_URL: smtp.url, MAIL_MAX_ATTEMPTS: '3', EMAIL_FROM: 'Leavedesk <leave@example.com>', APP_URL: 'https://leave.example.com' })
  await createUser(ctx.db, { email: 'admin@example.com', role: 'admin', first_name: 'Ada', last_name: 'Admin' })
  adminToken = (await login(ctx.app, 'admin@example.com')).access
})
after(async () => {
  await ctx.close()
  await smtp.close()
})
beforeEach(() => {
  smtp.mails.length = 0
  smtp.attempts.length = 0
  smtp.refuse(0)
})

/** Creates a user through the API: the invitation mail is queued in the same transaction. */
async function invite(app = ctx.app): Promise<string> {
  const email = `invitee-${++invited}@example.com`
  const res = await app.inject({ method: 'POST', url: '/api/users', headers: bearer(adminToken), payload: { email, first_name: 'In', last_name: 'Vitee' } })
  assert.equal(res.statusCode, 201, res.body)
  return email
}

const outboxRow = (recipient: string) => ctx.db.selectFrom('mail_outbox').selectAll().where('recipient', '=', recipient).executeTakeFirstOrThrow()

/** The dispatcher records the outcome just after the SMTP exchange: wait for it. */
async function rowWhen(recipient: string, status: 'sent' | 'failed') {
  const deadline = Date.now() + 10_000
  for (;;) {
    const row = await outboxRow(recipient)
    if (row.status === status) return row
    assert.ok(Date.now() < deadline, `mail to ${recipient} is ${row.status}, never ${status}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('delivery through SMTP', () => {
  it('sends the mail queued by a change, with a text and an HTML part, then drops its body', async () => {
    const email = await invite()
    assert.equal((await outboxRow(email)).status, 'pending')
    await ctx.app.mail.drain()
    const [mail] = await smtp.waitFor(1)
    assert.deepEqual(mail!.to, [email])
    assert.equal(mail!.from, 'leave@example.com')
    assert.equal(mail!.subject, 'You are invited to Leavedesk')
    assert.match(mail!.raw, /^From: Leavedesk <leave@example\.com>/m)
    assert.match(mail!.raw, /multipart\/alternative/)
    assert.match(mail!.body, /Content-Type: text\/plain/)
    assert.match(mail!.body, /Content-Type: text\/html/)
    assert.match(mail!.body, /https:\/\/leave\.example\.com\/set-password\/\?token=/)
    assert.equal(tokenIn(mail!).length, 32)

    const row = await outboxRow(email)
    assert.equal(row.status, 'sent')
    assert.equal(row.attempts, 1)
    assert.ok(row.sent_at)
    assert.equal(row.text_body, '', 'the single-use link is not kept once sent')
  })

  it('writes no mail when the change that would cause it fails', async () => {
    const before = await ctx.db.selectFrom('mail_outbox').select('id').execute()
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: bearer(adminToken),
      payload: { email: 'never@example.com', first_name: 'N', last_name: 'N', manager_id: 987654 },
    })
    assert.equal(res.statusCode, 400)
    assert.equal((await ctx.db.selectFrom('mail_outbox').select('id').execute()).length, before.length)
    await ctx.app.mail.drain()
    assert.equal(smtp.mails.length, 0)
  })
})

describe('a server that refuses', () => {
  it('retries with exponential backoff until the server accepts', async () => {
    const app = await buildApp(ctx.config, { db: ctx.db, mailDispatcher: FAST })
    try {
      smtp.refuse(2)
      const email = await invite(app)
      await app.ready() // starts the dispatcher
      await smtp.waitFor(1)
      assert.deepEqual(smtp.mails[0]!.to, [email])
      assert.equal(smtp.attempts.length, 3)
      const [first, second, third] = smtp.attempts as [number, number, number]
      // Waits of at least 25 ms, then 50 ms (retryBaseMs * 2^(attempt-1)), allowing for timer slack.
      assert.ok(second - first >= 20, `first wait ${second - first} ms`)
      assert.ok(third - second >= 45, `second wait ${third - second} ms`)
      const row = await rowWhen(email, 'sent')
      assert.equal(row.attempts, 3)
      assert.match(String(row.last_error), /451/)
    } finally {
      await app.close()
    }
  })

  it('gives up after MAIL_MAX_ATTEMPTS, marks the mail failed and logs an error', async () => {
    const lines: string[] = []
    const logStream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString())
        done()
      },
    })
    const config = { ...ctx.config, logLevel: 'warn' }
    const app = await buildApp(config, { db: ctx.db, mailDispatcher: FAST, logStream })
    try {
      smtp.refuse(Infinity)
      const email = await invite(app)
      await app.ready()
      const row = await rowWhen(email, 'failed')
      assert.equal(row.attempts, 3)
      assert.equal(smtp.attempts.length, 3)
      assert.equal(smtp.mails.length, 0)
      const failed = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'mail failed for good')
      assert.ok(failed, lines.join(''))
      assert.equal(failed.level, 50)
      assert.equal(failed.mailId, row.id)
      // A failed mail is not retried again.
      await app.mail.drain()
      assert.equal(smtp.attempts.length, 3)
    } finally {
      await app.close()
    }
  })
})

describe('crashes and several processes', () => {
  it('a mail committed but not sent before the server stopped is sent by the next one', async () => {
    const crashed = await buildApp(ctx.config, { db: ctx.db, startMailDispatcher: false })
    const email = await invite(crashed)
    await crashed.close()
    assert.equal((await outboxRow(email)).status, 'pending')
    assert.equal(smtp.mails.length, 0)

    const restarted = await buildApp(ctx.config, { db: ctx.db, mailDispatcher: FAST })
    try {
      await restarted.ready()
      await smtp.waitFor(1)
      assert.deepEqual(smtp.mails[0]!.to, [email])
      await rowWhen(email, 'sent')
      await restarted.mail.drain()
      assert.equal(smtp.mails.length, 1, 'sent once')
    } finally {
      await restarted.close()
    }
  })

  it('a mail whose sender died holding its lease is sent once the lease lapses', async () => {
    const outbox = new MailOutboxRepository(ctx.db)
    await ctx.db.transaction().execute((trx) => outbox.enqueue(composeMail('leased@example.com', 'Leased', ['hello']), trx))
    // A dispatcher claims it and dies before sending.
    const claimed = await outbox.claimDue(10, 60)
    assert.deepEqual(claimed.map((m) => m.to), ['leased@example.com'])
    await ctx.app.mail.drain()
    assert.equal(smtp.mails.length, 0, 'leased: nobody else sends it')
    await new Promise((r) => setTimeout(r, 80))
    await ctx.app.mail.drain()
    await smtp.waitFor(1)
    assert.equal(smtp.mails[0]!.subject, 'Leased')
  })

  it('several dispatchers on one table send each mail exactly once', async () => {
    const outbox = new MailOutboxRepository(ctx.db)
    const recipients = Array.from({ length: 12 }, (_, i) => `many-${i}@example.com`)
    await ctx.db.transaction().execute(async (trx) => {
      for (const to of recipients) await outbox.enqueue(composeMail(to, `Mail for ${to}`, ['hello']), trx)
    })
    const apps = await Promise.all([1, 2, 3].map(() => buildApp(ctx.config, { db: ctx.db, startMailDispatcher: false })))
    try {
      await Promise.all(apps.flatMap((app) => [app.mail.drain(), app.mail.drain()]))
      await Promise.all(apps.map((app) => app.mail.drain()))
      await smtp.waitFor(12)
      await new Promise((r) => setTimeout(r, 50))
      const delivered = smtp.mails.flatMap((m) => m.to).sort()
      assert.deepEqual(delivered, [...recipients].sort())
    } finally {
      await Promise.all(apps.map((app) => app.close()))
    }
  })
})

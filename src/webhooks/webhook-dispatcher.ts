// Delivers the webhook outbox: each delivery signed (Standard Webhooks), POSTed with a 10 s timeout,
// no redirects followed and the response body capped, to an address checked at connect time. Anything
// but a 2xx is retried with backoff under the same webhook-id; after 24 hours of failures the endpoint
// is disabled and the admins are mailed. Several processes share the outbox: each delivery is leased
// to one of them.
import http from 'node:http'
import https from 'node:https'
import type { FastifyBaseLogger } from 'fastify'
import type { MailOutboxRepository } from '../mail/mail-outbox.repository.js'
import { webhookDisabledMail } from '../mail/templates.js'
import { PollingWorker } from '../outbox/polling-worker.js'
import type { UsersRepository } from '../users/users.repository.js'
import type { DB } from '../db/database.js'
import { checkedLookup, type AddressPolicy, type Resolver } from './address-policy.js'
import { sign, type SecretBox } from './signing.js'
import type { ClaimedDelivery, WebhooksRepository } from './webhooks.repository.js'

export interface WebhookDispatcherOptions {
  pollIntervalMs?: number
  leaseMs?: number
  timeoutMs?: number
  /** The wait before the nth retry (n from 1). */
  retryDelayMs?: (attempt: number) => number
  /** How long an endpoint may fail before it is disabled. */
  disableAfterMs?: number
  resolve?: Resolver
}

const MAX_RESPONSE_BYTES = 64 * 1024
const DAY = 24 * 3_600_000
const defaultDelay = (attempt: number) => Math.min(30_000 * 2 ** (attempt - 1), 3_600_000)

export interface DeliveryOutcome {
  status_code: number | null
  error: string | null
  duration_ms: number
}

export class WebhookDispatcher {
  private readonly worker: PollingWorker
  private readonly lookup

  constructor(
    private readonly d: {
      db: DB
      webhooks: WebhooksRepository
      users: UsersRepository
      outbox: MailOutboxRepository
      box: SecretBox
      policy: AddressPolicy
      log: FastifyBaseLogger
      appUrl: string
      mailQueued: () => void
    },
    private readonly opts: WebhookDispatcherOptions = {},
  ) {
    this.worker = new PollingWorker(() => this.runOnce(), opts.pollIntervalMs ?? 2000)
    this.lookup = checkedLookup(d.policy, opts.resolve)
  }

  start(): void {
    this.worker.start()
  }

  wake(): void {
    this.worker.wake()
  }

  stop(): Promise<void> {
    return this.worker.stop()
  }

  drain(): Promise<void> {
    return this.worker.drain()
  }

  private async runOnce(): Promise<void> {
    try {
      for (;;) {
        const batch = await this.d.webhooks.claimDue(20, this.opts.leaseMs ?? 60_000)
        if (batch.length === 0) return
        await Promise.all(batch.map((delivery) => this.deliver(delivery)))
      }
    } catch (err) {
      this.d.log.error({ err }, 'webhook dispatcher could not read the outbox')
    }
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const hook = await this.d.webhooks.find(delivery.webhook_id)
    if (!hook || hook.active !== 1) return this.d.webhooks.markFailed(delivery.id, null)
    const now = Date.now()
    const timestamp = Math.floor(now / 1000)
    const signatures = [sign(this.d.box.open(hook.secret), delivery.event_id, timestamp, delivery.payload)]
    if (hook.previous_secret && hook.previous_until !== null && hook.previous_until > now) {
      signatures.push(sign(this.d.box.open(hook.previous_secret), delivery.event_id, timestamp, delivery.payload))
    }
    const outcome = await this.post(hook.url, delivery, timestamp, signatures.join(' '))
    await this.d.webhooks.recordAttempt(delivery, now, outcome)
    const ok = outcome.status_code !== null && outcome.status_code >= 200 && outcome.status_code < 300
    if (ok) {
      await this.d.webhooks.markDelivered(delivery.id)
      if (hook.failing_since !== null) await this.d.webhooks.update(hook.id, { failing_since: null })
      return
    }
    const failingSince = hook.failing_since ?? now
    if (hook.failing_since === null) await this.d.webhooks.update(hook.id, { failing_since: now })
    const why = outcome.error ?? `HTTP ${outcome.status_code}`
    if (now - failingSince >= (this.opts.disableAfterMs ?? DAY)) {
      await this.disable(hook.id, hook.url, failingSince, why)
      await this.d.webhooks.markFailed(delivery.id, null)
      return
    }
    const delay = (this.opts.retryDelayMs ?? defaultDelay)(delivery.attempts + 1)
    await this.d.webhooks.markFailed(delivery.id, now + delay)
    this.d.log.warn({ webhookId: hook.id, deliveryId: delivery.id, attempts: delivery.attempts + 1, retryInMs: delay, error: why }, 'webhook delivery failed, will retry')
  }

  private async disable(id: number, url: string, failingSince: number, why: string): Promise<void> {
    await this.d.db.transaction().execute(async (trx) => {
      await this.d.webhooks.update(id, { active: 0, disabled_at: Date.now() }, trx)
      await this.d.webhooks.failPending(id, trx)
      for (const admin of await this.d.users.findActiveAdmins(trx)) {
        await this.d.outbox.enqueue(webhookDisabledMail(admin.email, url, new Date(failingSince).toISOString(), why, this.d.appUrl), trx)
      }
    })
    this.d.mailQueued()
    this.d.log.error({ webhookId: id, url }, 'webhook disabled after 24 hours of failures')
  }

  /** One POST: its status, or why there was none. Never throws. */
  private post(url: string, delivery: ClaimedDelivery, timestamp: number, signature: string): Promise<DeliveryOutcome> {
    const started = performance.now()
    const elapsed = () => Math.round(performance.now() - started)
    return new Promise((resolve) => {
      let settled = false
      const done = (status_code: number | null, error: string | null) => {
        if (settled) return
        settled = true
        resolve({ status_code, error, duration_ms: elapsed() })
      }
      let target: URL
      try {
        target = new URL(url)
      } catch {
        return done(null, 'invalid URL')
      }
      const client = target.protocol === 'https:' ? https : http
      const body = Buffer.from(delivery.payload)
      const req = client.request(
        target,
        {
          method: 'POST',
          lookup: this.lookup,
          timeout: this.opts.timeoutMs ?? 10_000,
          headers: {
            'content-type': 'application/json',
            'content-length': body.length,
            'user-agent': 'Leavedesk-Webhooks/1',
            'webhook-id': delivery.event_id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signature,
          },
        },
        (res) => {
          let read = 0
          res.on('data', (chunk: Buffer) => {
            read += chunk.length
            // The answer is not ours to store: read a little, then hang up.
            if (read > MAX_RESPONSE_BYTES) res.destroy()
          })
          res.on('close', () => done(res.statusCode ?? null, null))
          res.on('error', () => done(res.statusCode ?? null, null))
        },
      )
      // A whole-answer deadline, not only an idle one: a receiver that trickles bytes is cut off too.
      const deadline = setTimeout(() => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), this.opts.timeoutMs ?? 10_000)
      deadline.unref()
      req.on('close', () => clearTimeout(deadline))
      req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })))
      req.on('error', (err: NodeJS.ErrnoException) => done(null, err.code === 'EADDRREFUSED' ? err.message : `${err.code ?? 'error'}: ${err.message}`))
      req.end(body)
    })
  }
}

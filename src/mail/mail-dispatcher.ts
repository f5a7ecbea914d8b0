// Sends what the outbox holds, inside the server process. A failed send is retried with exponential
// backoff until MAIL_MAX_ATTEMPTS, then the mail is marked failed and an error is logged.
import type { FastifyBaseLogger } from 'fastify'
import type { MailOutboxRepository } from './mail-outbox.repository.js'
import type { MailTransport } from './mail-transport.js'
import { PollingWorker } from '../outbox/polling-worker.js'

export interface DispatcherOptions {
  maxAttempts: number
  pollIntervalMs?: number
  retryBaseMs?: number
  leaseMs?: number
}

export class MailDispatcher {
  private readonly worker: PollingWorker
  private readonly retryBaseMs: number
  private readonly leaseMs: number

  constructor(
    private readonly outbox: MailOutboxRepository,
    private readonly transport: MailTransport,
    private readonly log: FastifyBaseLogger,
    private readonly opts: DispatcherOptions,
  ) {
    this.retryBaseMs = opts.retryBaseMs ?? 1000
    this.leaseMs = opts.leaseMs ?? 60_000
    this.worker = new PollingWorker(() => this.runOnce(), opts.pollIntervalMs ?? 2000)
  }

  start(): void {
    this.worker.start()
  }

  /** Called after a commit that queued mail, so it leaves at once rather than at the next poll. */
  wake(): void {
    this.worker.wake()
  }

  stop(): Promise<void> {
    return this.worker.stop()
  }

  /** Sends everything due now; resolves when done. Tests call it to avoid waiting for a poll. */
  drain(): Promise<void> {
    return this.worker.drain()
  }

  private async runOnce(): Promise<void> {
    try {
      for (;;) {
        const batch = await this.outbox.claimDue(20, this.leaseMs)
        if (batch.length === 0) return
        for (const mail of batch) await this.deliver(mail)
      }
    } catch (err) {
      this.log.error({ err }, 'mail dispatcher could not read the outbox')
    }
  }

  private async deliver(mail: { id: number; attempts: number; to: string; subject: string; text: string; html: string }): Promise<void> {
    try {
      const where = await this.transport.send(mail)
      await this.outbox.markSent(mail.id)
      this.log.info({ mailId: mail.id, subject: mail.subject, where }, 'mail sent')
    } catch (err) {
      const attempts = mail.attempts + 1
      const message = (err as Error).message ?? String(err)
      if (attempts >= this.opts.maxAttempts) {
        await this.outbox.markAttemptFailed(mail.id, message, null)
        this.log.error({ mailId: mail.id, attempts, error: message }, 'mail failed for good')
      } else {
        const delay = Math.min(this.retryBaseMs * 2 ** (attempts - 1), 3_600_000)
        await this.outbox.markAttemptFailed(mail.id, message, Date.now() + delay)
        this.log.warn({ mailId: mail.id, attempts, retryInMs: delay, error: message }, 'mail send failed, will retry')
      }
    }
  }
}

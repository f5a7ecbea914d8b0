// Sends what the outbox holds, inside the server process. A failed send is retried with exponential
// backoff until MAIL_MAX_ATTEMPTS, then the mail is marked failed and an error is logged.
import type { FastifyBaseLogger } from 'fastify'
import type { MailOutboxRepository } from './mail-outbox.repository.js'
import type { MailTransport } from './mail-transport.js'

export interface DispatcherOptions {
  maxAttempts: number
  pollIntervalMs?: number
  retryBaseMs?: number
  leaseMs?: number
}

export class MailDispatcher {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private again = false
  private stopped = true
  private readonly pollIntervalMs: number
  private readonly retryBaseMs: number
  private readonly leaseMs: number

  constructor(
    private readonly outbox: MailOutboxRepository,
    private readonly transport: MailTransport,
    private readonly log: FastifyBaseLogger,
    private readonly opts: DispatcherOptions,
  ) {
    this.pollIntervalMs = opts.pollIntervalMs ?? 2000
    this.retryBaseMs = opts.retryBaseMs ?? 1000
    this.leaseMs = opts.leaseMs ?? 60_000
  }

  start(): void {
    this.stopped = false
    this.schedule(0)
  }

  /** Called after a commit that queued mail, so it leaves at once rather than at the next poll. */
  wake(): void {
    if (this.stopped) return
    if (this.running) this.again = true
    else this.schedule(0)
  }

  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.running
  }

  /** Sends everything due now; resolves when done. Tests call it to avoid waiting for a poll. */
  async drain(): Promise<void> {
    while (this.running) await this.running
    this.running = this.runOnce()
    try {
      await this.running
    } finally {
      this.running = undefined
    }
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.tick(), delay)
    this.timer.unref()
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return
    this.running = this.runOnce()
    try {
      await this.running
    } finally {
      this.running = undefined
    }
    if (this.stopped) return
    const now = this.again
    this.again = false
    this.schedule(now ? 0 : this.pollIntervalMs)
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

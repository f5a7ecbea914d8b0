import type { DB } from '../db/database.js'
import { leaseDue } from '../outbox/lease.js'
import type { Executor } from '../db/executor.js'

export interface OutgoingMail {
  to: string
  subject: string
  text: string
  html: string
}

export interface QueuedMail extends OutgoingMail {
  id: number
  attempts: number
}

export class MailOutboxRepository {
  constructor(private readonly db: DB) {}

  /** Call inside the transaction that causes the mail: both commit or neither does. */
  async enqueue(mail: OutgoingMail, ex: Executor): Promise<void> {
    const now = Date.now()
    await ex
      .insertInto('mail_outbox')
      .values({
        recipient: mail.to,
        subject: mail.subject,
        text_body: mail.text,
        html_body: mail.html,
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        locked_until: 0,
        last_error: null,
        created_at: now,
        sent_at: null,
      })
      .execute()
  }

  /** Takes a lease on up to `limit` due mails (see leaseDue: each mail goes to exactly one process). */
  async claimDue(limit: number, leaseMs: number): Promise<QueuedMail[]> {
    const rows = await leaseDue(this.db, 'mail_outbox', ['recipient', 'subject', 'text_body', 'html_body', 'attempts'], limit, leaseMs)
    return rows.map((row) => ({ id: row.id, to: row.recipient, subject: row.subject, text: row.text_body, html: row.html_body, attempts: row.attempts }))
  }

  /** The body is dropped once sent: it may hold a single-use link that the database need not keep. */
  async markSent(id: number): Promise<void> {
    await this.db
      .updateTable('mail_outbox')
      .set({ status: 'sent', sent_at: Date.now(), attempts: (eb) => eb('attempts', '+', 1), text_body: '', html_body: '', locked_until: 0 })
      .where('id', '=', id)
      .execute()
  }

  async markAttemptFailed(id: number, error: string, retryAt: number | null): Promise<void> {
    await this.db
      .updateTable('mail_outbox')
      .set((eb) => ({
        status: retryAt === null ? 'failed' : 'pending',
        attempts: eb('attempts', '+', 1),
        next_attempt_at: retryAt ?? Date.now(),
        last_error: error.slice(0, 1000),
        locked_until: 0,
      }))
      .where('id', '=', id)
      .execute()
  }
}

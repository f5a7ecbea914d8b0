import { isPostgres, type DB } from '../db/database.js'
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

  /**
   * Takes a lease on up to `limit` due mails, in one statement. The lease is a conditional update,
   * re-checked on each row, so when several processes poll the same table each mail is claimed by
   * exactly one of them; a process that dies holding a lease lets it lapse and another one retries
   * the mail. On PostgreSQL the candidates are also picked FOR UPDATE SKIP LOCKED: a process skips
   * the rows another one is claiming instead of waiting for them. SQLite runs one writer at a time,
   * so there the statement is atomic as it stands.
   */
  async claimDue(limit: number, leaseMs: number): Promise<QueuedMail[]> {
    const now = Date.now()
    let due = this.db
      .selectFrom('mail_outbox')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where('locked_until', '<=', now)
      .orderBy('id')
      .limit(limit)
    if (isPostgres(this.db)) due = due.forUpdate().skipLocked()
    const rows = await this.db
      .updateTable('mail_outbox')
      .set({ locked_until: now + leaseMs })
      .where('id', 'in', due)
      .where('status', '=', 'pending')
      .where('locked_until', '<=', now)
      .returning(['id', 'recipient', 'subject', 'text_body', 'html_body', 'attempts'])
      .execute()
    return rows
      .sort((a, b) => a.id - b.id)
      .map((row) => ({ id: row.id, to: row.recipient, subject: row.subject, text: row.text_body, html: row.html_body, attempts: row.attempts }))
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

import type { Selectable } from 'kysely'
import type { DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import { leaseDue } from '../outbox/lease.js'
import type { WebhooksTable } from '../db/schema.js'

export type WebhookRow = Selectable<WebhooksTable>

export interface ClaimedDelivery {
  id: number
  webhook_id: number
  event_id: string
  event_type: string
  payload: string
  attempts: number
  created_at: number
}

export class WebhooksRepository {
  constructor(private readonly db: DB) {}

  list(ex: Executor = this.db): Promise<WebhookRow[]> {
    return ex.selectFrom('webhooks').selectAll().orderBy('id').execute()
  }

  find(id: number, ex: Executor = this.db): Promise<WebhookRow | undefined> {
    return ex.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst()
  }

  async insert(values: Pick<WebhookRow, 'url' | 'events' | 'description' | 'secret'>, ex: Executor): Promise<WebhookRow> {
    const now = Date.now()
    return ex
      .insertInto('webhooks')
      .values({ ...values, previous_secret: null, previous_until: null, active: 1, failing_since: null, disabled_at: null, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow()
  }

  async update(id: number, changes: Partial<Omit<WebhookRow, 'id' | 'created_at'>>, ex: Executor = this.db): Promise<WebhookRow | undefined> {
    return ex.updateTable('webhooks').set({ ...changes, updated_at: Date.now() }).where('id', '=', id).returningAll().executeTakeFirst()
  }

  async delete(id: number, ex: Executor): Promise<boolean> {
    return Number((await ex.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst()).numDeletedRows) === 1
  }

  /** Active endpoints: every event write reads them, inside its transaction. */
  active(ex: Executor): Promise<Pick<WebhookRow, 'id' | 'events'>[]> {
    return ex.selectFrom('webhooks').select(['id', 'events']).where('active', '=', 1).execute()
  }

  async enqueue(rows: { webhook_id: number; event_id: string; event_type: string; payload: string }[], ex: Executor): Promise<void> {
    if (rows.length === 0) return
    const now = Date.now()
    await ex
      .insertInto('webhook_deliveries')
      .values(rows.map((r) => ({ ...r, status: 'pending' as const, attempts: 0, next_attempt_at: now, locked_until: 0, created_at: now, delivered_at: null })))
      .execute()
  }

  /** Leases due deliveries, each to exactly one process (see leaseDue). */
  claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    return leaseDue(this.db, 'webhook_deliveries', ['webhook_id', 'event_id', 'event_type', 'payload', 'attempts', 'created_at'], limit, leaseMs)
  }

  async recordAttempt(delivery: ClaimedDelivery, at: number, outcome: { status_code: number | null; error: string | null; duration_ms: number }): Promise<void> {
    await this.db
      .insertInto('webhook_attempts')
      .values({ webhook_id: delivery.webhook_id, delivery_id: delivery.id, event_id: delivery.event_id, event_type: delivery.event_type, at, ...outcome, error: outcome.error?.slice(0, 500) ?? null })
      .execute()
  }

  async markDelivered(id: number): Promise<void> {
    await this.db
      .updateTable('webhook_deliveries')
      .set((eb) => ({ status: 'delivered', attempts: eb('attempts', '+', 1), delivered_at: Date.now(), locked_until: 0 }))
      .where('id', '=', id)
      .execute()
  }

  async markFailed(id: number, retryAt: number | null): Promise<void> {
    await this.db
      .updateTable('webhook_deliveries')
      .set((eb) => ({ status: retryAt === null ? 'failed' : 'pending', attempts: eb('attempts', '+', 1), next_attempt_at: retryAt ?? Date.now(), locked_until: 0 }))
      .where('id', '=', id)
      .execute()
  }

  /** A disabled endpoint's queued deliveries fail: they would only retry into the void. */
  async failPending(webhookId: number, ex: Executor): Promise<void> {
    await ex.updateTable('webhook_deliveries').set({ status: 'failed', locked_until: 0 }).where('webhook_id', '=', webhookId).where('status', '=', 'pending').execute()
  }

  /** The last 100 attempts, newest first. */
  attempts(webhookId: number, ex: Executor = this.db) {
    return ex
      .selectFrom('webhook_attempts')
      .select(['id', 'delivery_id', 'event_id', 'event_type', 'at', 'status_code', 'error', 'duration_ms'])
      .where('webhook_id', '=', webhookId)
      .orderBy('id', 'desc')
      .limit(100)
      .execute()
  }
}

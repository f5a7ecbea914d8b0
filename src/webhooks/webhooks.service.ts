// Webhooks: admins register endpoints for events; every change that is an event writes a delivery
// per subscribed endpoint into the outbox, in the transaction of the change, and the dispatcher
// (webhook-dispatcher.ts) signs and sends them.
import { randomUUID } from 'node:crypto'
import type { AuditRepository } from '../audit/audit.repository.js'
import { changesBetween } from '../audit/audit-trail.js'
import type { DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import { NotFoundError, ValidationError } from '../errors.js'
import { isoTimestamp } from '../http/timestamps.js'
import type { UserRow } from '../users/users.repository.js'
import { urlProblem, type AddressPolicy, type Resolver } from './address-policy.js'
import { newSecret, type SecretBox } from './signing.js'
import type { WebhookRow, WebhooksRepository } from './webhooks.repository.js'

export const WEBHOOK_EVENTS = [
  'leave.created',
  'leave.updated',
  'leave.deleted',
  'leave.approved',
  'leave.rejected',
  'leave.cancellation_requested',
  'leave.cancelled',
  'user.created',
  'user.updated',
  'user.deactivated',
] as const
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number]

/** Where the services put their events (WebhooksService; tests may pass another). */
export interface EventSink {
  /** Queues an event; call inside the transaction of the change. True when anything was queued. */
  emit(type: WebhookEvent, data: unknown, trx: Executor): Promise<boolean>
  /** After the commit: deliver now rather than at the next poll. */
  wake(): void
}

/** How long a rotated secret still signs, as the specification allows. */
export const PREVIOUS_SECRET_MS = 24 * 3_600_000

export interface WebhookInput {
  url?: string
  events?: string[]
  description?: string
  active?: boolean
}

export function toWebhook(row: WebhookRow) {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    description: row.description,
    active: row.active === 1,
    disabled_at: row.disabled_at === null ? null : isoTimestamp(row.disabled_at),
    created_at: isoTimestamp(row.created_at),
    updated_at: isoTimestamp(row.updated_at),
  }
}

export class WebhooksService {
  constructor(
    private readonly db: DB,
    private readonly repo: WebhooksRepository,
    private readonly audit: AuditRepository,
    private readonly box: SecretBox,
    private readonly policy: AddressPolicy,
    private readonly queued: () => void,
    private readonly resolve?: Resolver,
  ) {}

  async list() {
    return (await this.repo.list()).map(toWebhook)
  }

  async create(admin: UserRow, input: Required<Pick<WebhookInput, 'url' | 'events'>> & WebhookInput) {
    await this.check(input)
    const secret = newSecret()
    const row = await this.db.transaction().execute(async (trx) => {
      const created = await this.repo.insert({ url: input.url, events: JSON.stringify(unique(input.events)), description: input.description?.trim() ?? '', secret: this.box.seal(secret) }, trx)
      await this.audit.record({ actorId: admin.id, entity: 'webhook', entityId: created.id, action: 'created', changes: changesBetween(null, toWebhook(created)) }, trx)
      return created
    })
    return { ...toWebhook(row), secret }
  }

  async update(admin: UserRow, id: number, input: WebhookInput) {
    await this.check(input)
    return this.db.transaction().execute(async (trx) => {
      const current = await this.repo.find(id, trx)
      if (!current) throw new NotFoundError()
      const changes: Partial<WebhookRow> = {}
      if (input.url !== undefined) changes.url = input.url
      if (input.events !== undefined) changes.events = JSON.stringify(unique(input.events))
      if (input.description !== undefined) changes.description = input.description.trim()
      // Enabling again starts a fresh run: the old failures no longer count.
      if (input.active !== undefined) Object.assign(changes, input.active ? { active: 1, disabled_at: null, failing_since: null } : { active: 0 })
      const updated = (await this.repo.update(id, changes, trx)) ?? current
      const diff = changesBetween(toWebhook(current), toWebhook(updated))
      delete diff.updated_at
      if (Object.keys(diff).length > 0) await this.audit.record({ actorId: admin.id, entity: 'webhook', entityId: id, action: 'updated', changes: diff }, trx)
      return toWebhook(updated)
    })
  }

  async remove(admin: UserRow, id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const current = await this.repo.find(id, trx)
      if (!current || !(await this.repo.delete(id, trx))) throw new NotFoundError()
      await this.audit.record({ actorId: admin.id, entity: 'webhook', entityId: id, action: 'deleted', changes: changesBetween(toWebhook(current), null) }, trx)
    })
  }

  /** A new secret signs every delivery from now on; the old one also signs for 24 hours. */
  async rotateSecret(admin: UserRow, id: number) {
    const secret = newSecret()
    const row = await this.db.transaction().execute(async (trx) => {
      const current = await this.repo.find(id, trx)
      if (!current) throw new NotFoundError()
      const updated = await this.repo.update(id, { secret: this.box.seal(secret), previous_secret: current.secret, previous_until: Date.now() + PREVIOUS_SECRET_MS }, trx)
      await this.audit.record({ actorId: admin.id, entity: 'webhook', entityId: id, action: 'secret_rotated', changes: {} }, trx)
      return updated!
    })
    return { ...toWebhook(row), secret }
  }

  async deliveries(id: number) {
    if (!(await this.repo.find(id))) throw new NotFoundError()
    return (await this.repo.attempts(id)).map((a) => ({
      id: a.id,
      delivery_id: a.delivery_id,
      event_id: a.event_id,
      event_type: a.event_type,
      at: isoTimestamp(a.at),
      status_code: a.status_code,
      error: a.error,
      duration_ms: a.duration_ms,
    }))
  }

  /**
   * Queues an event for every active endpoint that listens to it. Call inside the transaction of the
   * change (both commit or neither does), then `queued()` after the commit.
   */
  async emit(type: WebhookEvent, data: unknown, trx: Executor): Promise<boolean> {
    const endpoints = (await this.repo.active(trx)).filter((w) => (JSON.parse(w.events) as string[]).includes(type))
    if (endpoints.length === 0) return false
    const payload = JSON.stringify({ type, timestamp: new Date().toISOString(), data })
    await this.repo.enqueue(endpoints.map((w) => ({ webhook_id: w.id, event_id: `msg_${randomUUID().replaceAll('-', '')}`, event_type: type, payload })), trx)
    return true
  }

  /** Wakes the dispatcher: call after the commit of a transaction that emitted. */
  wake(): void {
    this.queued()
  }

  private async check(input: WebhookInput): Promise<void> {
    if (input.events !== undefined) {
      const bad = input.events.find((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e))
      if (bad !== undefined) throw ValidationError.field('events', `"${bad}" is not a valid choice.`)
      if (input.events.length === 0) throw ValidationError.field('events', 'Listen to at least one event.')
    }
    if (input.url !== undefined) {
      const problem = await urlProblem(input.url, this.policy, this.resolve)
      if (problem) throw ValidationError.field('url', problem)
    }
  }
}

const unique = (events: string[]) => [...new Set(events)]

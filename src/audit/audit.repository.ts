// The audit trail: append-only. This repository can insert and read; nothing updates or deletes.
import type { DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import type { AuditEntity } from '../db/schema.js'

/** {"<field>": [before, after]}, values as the API shows them. */
export type Changes = Record<string, [unknown, unknown]>

export interface NewAuditEvent {
  actorId: number | null
  entity: AuditEntity
  entityId: number
  action: string
  changes: Changes
  /** Why, when the actor alone does not say. */
  note?: string
}

export interface AuditEventRow {
  id: number
  at: number
  actor_id: number | null
  actor_email: string | null
  action: string
  changes: Changes
  note: string | null
}

export class AuditRepository {
  constructor(private readonly db: DB) {}

  /** Call inside the transaction of the change it records: both commit or neither does. */
  async record(event: NewAuditEvent, ex: Executor): Promise<void> {
    await ex
      .insertInto('audit_events')
      .values({
        at: Date.now(),
        actor_id: event.actorId,
        entity: event.entity,
        entity_id: event.entityId,
        action: event.action,
        changes: JSON.stringify(event.changes),
        note: event.note ?? null,
      })
      .execute()
  }

  /** One entity's events, oldest first, each with its actor's email. */
  async listFor(entity: AuditEntity, entityId: number, ex: Executor = this.db): Promise<AuditEventRow[]> {
    const rows = await ex
      .selectFrom('audit_events as e')
      .leftJoin('users as actor', 'actor.id', 'e.actor_id')
      .select(['e.id', 'e.at', 'e.actor_id', 'actor.email as actor_email', 'e.action', 'e.changes', 'e.note'])
      .where('e.entity', '=', entity)
      .where('e.entity_id', '=', entityId)
      .orderBy('e.id')
      .execute()
    return rows.map((row) => ({ ...row, changes: JSON.parse(row.changes) as Changes }))
  }
}

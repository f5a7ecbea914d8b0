// Turning states into audit changes, and audit rows into history entries.
import type { AuditEventRow, Changes } from './audit.repository.js'
import { isoTimestamp } from '../http/timestamps.js'

type Snapshot = Record<string, unknown>

/**
 * The fields that differ between two snapshots of an entity, as [before, after]. A missing side
 * (creation, deletion) reads as null for every field, so the whole state is recorded.
 */
export function changesBetween(before: Snapshot | null, after: Snapshot | null): Changes {
  const changes: Changes = {}
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])
  for (const key of keys) {
    const was = before?.[key] ?? null
    const now = after?.[key] ?? null
    if (JSON.stringify(was) !== JSON.stringify(now)) changes[key] = [was, now]
  }
  return changes
}

export function toHistoryEntry(row: AuditEventRow) {
  return {
    id: row.id,
    at: isoTimestamp(row.at),
    actor: row.actor_id !== null && row.actor_email !== null ? { id: row.actor_id, email: row.actor_email } : null,
    action: row.action,
    changes: row.changes,
    note: row.note,
  }
}

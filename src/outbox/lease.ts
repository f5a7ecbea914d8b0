// The lease both outboxes (mail_outbox, webhook_deliveries) take on their due rows, in one statement.
// The lease is a conditional update, re-checked on each row, so when several processes poll the same
// table each row is claimed by exactly one of them; a process that dies holding a lease lets it lapse
// and another one retries the row. On PostgreSQL the candidates are also picked FOR UPDATE SKIP
// LOCKED: a process skips the rows another one is claiming instead of waiting for them. SQLite runs
// one writer at a time, so there the statement is atomic as it stands.
import type { Kysely, Selectable } from 'kysely'
import { isPostgres, type DB } from '../db/database.js'
import type { Database } from '../db/schema.js'

type OutboxTables = Pick<Database, 'mail_outbox' | 'webhook_deliveries'>

/** What the lease reads and writes, the same in both tables. */
interface LeaseColumns {
  id: number
  status: string
  next_attempt_at: number
  locked_until: number
}

/** Up to `limit` due rows of `table`, oldest first, leased for `leaseMs`, with their id and the columns asked for. */
export async function leaseDue<T extends keyof OutboxTables, C extends keyof Selectable<OutboxTables[T]> & string>(
  db: DB,
  table: T,
  columns: readonly C[],
  limit: number,
  leaseMs: number,
): Promise<Array<Pick<Selectable<OutboxTables[T]>, C> & { id: number }>> {
  // One query for two tables: kysely cannot type a statement over a union of table names, so it is
  // written against the columns they share, under a stand-in name; the signature keeps callers typed.
  const queues = db as unknown as Kysely<{ queue: LeaseColumns }>
  const name = table as unknown as 'queue'
  const now = Date.now()
  let due = queues
    .selectFrom(name)
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where('locked_until', '<=', now)
    .orderBy('id')
    .limit(limit)
  if (isPostgres(db)) due = due.forUpdate().skipLocked()
  const rows = await queues
    .updateTable(name)
    .set({ locked_until: now + leaseMs })
    .where('id', 'in', due)
    .where('status', '=', 'pending')
    .where('locked_until', '<=', now)
    .returning(['id', ...(columns as unknown as Array<keyof LeaseColumns>)])
    .execute()
  const leased = rows as unknown as Array<Pick<Selectable<OutboxTables[T]>, C> & { id: number }>
  return leased.sort((a, b) => a.id - b.id)
}

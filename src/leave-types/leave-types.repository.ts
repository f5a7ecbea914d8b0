import type { Selectable, Updateable } from 'kysely'
import type { DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import type { LeaveTypePoliciesTable, LeaveTypesTable } from '../db/schema.js'

export type LeaveTypeRow = Selectable<LeaveTypesTable>
export type NewLeaveType = Omit<LeaveTypeRow, 'id' | 'created_at' | 'updated_at'>
export type PolicyRow = Selectable<LeaveTypePoliciesTable>
export type LeaveTypeChanges = Omit<Updateable<LeaveTypesTable>, 'id' | 'code' | 'created_at' | 'updated_at'>

export class LeaveTypesRepository {
  constructor(private readonly db: DB) {}

  /** Every type, retired ones too (old requests still name them), in the order they were made. */
  list(ex: Executor = this.db): Promise<LeaveTypeRow[]> {
    return ex.selectFrom('leave_types').selectAll().orderBy('id').execute()
  }

  findByCode(code: string, ex: Executor = this.db): Promise<LeaveTypeRow | undefined> {
    return ex.selectFrom('leave_types').selectAll().where('code', '=', code).executeTakeFirst()
  }

  insert(values: NewLeaveType, ex: Executor): Promise<LeaveTypeRow> {
    const now = Date.now()
    return ex
      .insertInto('leave_types')
      .values({ ...values, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow()
  }

  update(code: string, changes: LeaveTypeChanges, ex: Executor): Promise<LeaveTypeRow | undefined> {
    return ex
      .updateTable('leave_types')
      .set({ ...changes, updated_at: Date.now() })
      .where('code', '=', code)
      .returningAll()
      .executeTakeFirst()
  }

  /** Every policy version, per type oldest first. */
  policies(ex: Executor = this.db): Promise<PolicyRow[]> {
    return ex.selectFrom('leave_type_policies').selectAll().orderBy('type').orderBy('effective_from').orderBy('id').execute()
  }

  async addPolicy(values: Omit<PolicyRow, 'id' | 'created_at'>, ex: Executor): Promise<void> {
    await ex.insertInto('leave_type_policies').values({ ...values, created_at: Date.now() }).execute()
  }
}

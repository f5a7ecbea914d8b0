import type { DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'

export interface RefreshRecord {
  jti: string
  user_id: number
  family: string
  expires_at: number
  revoked_at: number | null
  replaced_by: string | null
}

export class RefreshTokensRepository {
  constructor(private readonly db: DB) {}

  async record(t: { jti: string; userId: number; family: string; issuedAt: number; expiresAt: number }, ex: Executor = this.db): Promise<void> {
    await ex
      .insertInto('refresh_tokens')
      .values({ jti: t.jti, user_id: t.userId, family: t.family, issued_at: t.issuedAt, expires_at: t.expiresAt, revoked_at: null, replaced_by: null })
      .execute()
  }

  find(jti: string, ex: Executor = this.db): Promise<RefreshRecord | undefined> {
    return ex
      .selectFrom('refresh_tokens')
      .select(['jti', 'user_id', 'family', 'expires_at', 'revoked_at', 'replaced_by'])
      .where('jti', '=', jti)
      .executeTakeFirst()
  }

  /** Marks a live token as used and replaced; false when another request got there first. */
  async rotate(jti: string, replacedBy: string, ex: Executor): Promise<boolean> {
    const r = await ex
      .updateTable('refresh_tokens')
      .set({ revoked_at: Date.now(), replaced_by: replacedBy })
      .where('jti', '=', jti)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    return Number(r.numUpdatedRows) === 1
  }

  async revoke(jti: string, ex: Executor = this.db): Promise<void> {
    await ex.updateTable('refresh_tokens').set({ revoked_at: Date.now() }).where('jti', '=', jti).where('revoked_at', 'is', null).execute()
  }

  async revokeFamily(family: string, ex: Executor = this.db): Promise<void> {
    await ex.updateTable('refresh_tokens').set({ revoked_at: Date.now() }).where('family', '=', family).where('revoked_at', 'is', null).execute()
  }

  async revokeAllForUser(userId: number, ex: Executor = this.db): Promise<void> {
    await ex.updateTable('refresh_tokens').set({ revoked_at: Date.now() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute()
  }

  /** Expired rows serve no purpose; called now and then to keep the table small. */
  async deleteExpired(before: number): Promise<void> {
    await this.db.deleteFrom('refresh_tokens').where('expires_at', '<', before).execute()
  }
}

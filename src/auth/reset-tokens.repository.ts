import type { DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'

export class ResetTokensRepository {
  constructor(private readonly db: DB) {}

  /** A user has at most one live token: a new one replaces the old. */
  async replace(userId: number, tokenHash: string, expiresAt: number, ex: Executor): Promise<void> {
    await ex.deleteFrom('password_reset_tokens').where('user_id', '=', userId).execute()
    await ex
      .insertInto('password_reset_tokens')
      .values({ user_id: userId, token_hash: tokenHash, expires_at: expiresAt, created_at: Date.now() })
      .execute()
  }

  findLive(tokenHash: string, ex: Executor = this.db) {
    return ex
      .selectFrom('password_reset_tokens')
      .select(['id', 'user_id'])
      .where('token_hash', '=', tokenHash)
      .where('expires_at', '>', Date.now())
      .executeTakeFirst()
  }

  /** Consumes the token; false when another request consumed it first. */
  async consume(id: number, ex: Executor): Promise<boolean> {
    const result = await ex.deleteFrom('password_reset_tokens').where('id', '=', id).executeTakeFirst()
    return Number(result.numDeletedRows) === 1
  }

  async deleteForUser(userId: number, ex: Executor): Promise<void> {
    await ex.deleteFrom('password_reset_tokens').where('user_id', '=', userId).execute()
  }
}

// Sign-in, token refresh, sign-out and the password flows. Every rule of the auth endpoints lives here.
import { createHash, randomInt } from 'node:crypto'
import type { Config } from '../config.js'
import type { DB } from '../db/database.js'
import type { Executor } from '../db/executor.js'
import { AuthenticationError, ValidationError, type FieldErrorMap } from '../errors.js'
import type { MailOutboxRepository } from '../mail/mail-outbox.repository.js'
import { passwordChangedMail, passwordResetMail } from '../mail/templates.js'
import type { UserRow, UsersRepository } from '../users/users.repository.js'
import type { AuthThrottle } from './auth-throttle.js'
import { hashPassword, isLegacyHash, passwordProblems, verifyAgainstDummy, verifyPassword } from './passwords.js'
import type { RefreshTokensRepository } from './refresh-tokens.repository.js'
import type { ResetTokensRepository } from './reset-tokens.repository.js'
import { TokenError, type TokenClaims, type TokenService } from './tokens.js'

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** 32 characters from a 62-letter alphabet: about 190 bits from the CSPRNG. */
export function generateResetToken(): string {
  let token = ''
  for (let i = 0; i < 32; i++) token += TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)]
  return token
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

export class NoActiveAccountError extends AuthenticationError {
  constructor() {
    super('No active account found with the given credentials', 'no_active_account')
  }
}

export function invalidRefreshError(): AuthenticationError {
  return new AuthenticationError('Token is invalid or expired', 'token_not_valid')
}

const invalidResetToken = () => ValidationError.field('reset_token', 'Reset token is invalid or expired.')

export interface AuthDeps {
  db: DB
  config: Config
  users: UsersRepository
  resetTokens: ResetTokensRepository
  refreshTokens: RefreshTokensRepository
  outbox: MailOutboxRepository
  tokens: TokenService
  throttle: AuthThrottle
  /** Called after a commit that queued mail. */
  mailQueued: () => void
}

export class AuthService {
  constructor(private readonly d: AuthDeps) {}

  async login(email: string, password: string, ip: string): Promise<{ access: string; refresh: string }> {
    await this.d.throttle.beforeLogin(email, ip)
    const user = await this.d.users.findByEmail(email.trim())
    let ok = false
    if (user) ok = (await verifyPassword(user.password_hash, password)) && user.is_active === 1
    else await verifyAgainstDummy(password)
    if (!user || !ok) {
      await this.d.throttle.loginFailed(email, ip)
      throw new NoActiveAccountError()
    }
    if (isLegacyHash(user.password_hash)) await this.replaceLegacyHash(user, password)
    await this.d.throttle.loginSucceeded(email)
    const access = this.d.tokens.issue('access', user.id, user.token_version).token
    const { token: refresh } = await this.issueRefresh(user, null)
    return { access, refresh }
  }

  /**
   * An imported Django hash that has just verified becomes Leavedesk's argon2id. Same password, so
   * sessions stay (token_version is kept); only if the hash is still the one that verified.
   */
  private async replaceLegacyHash(user: UserRow, password: string): Promise<void> {
    const hash = await hashPassword(password)
    await this.d.db.updateTable('users').set({ password_hash: hash }).where('id', '=', user.id).where('password_hash', '=', user.password_hash).execute()
  }

  /** Issues and records a refresh token; `family` is null for a new sign-in. */
  private async issueRefresh(user: UserRow, family: string | null, ex: Executor = this.d.db): Promise<{ token: string; jti: string }> {
    const { token, claims } = this.d.tokens.issue('refresh', user.id, user.token_version)
    await this.d.refreshTokens.record(
      { jti: claims.jti, userId: user.id, family: family ?? claims.jti, issuedAt: claims.iat * 1000, expiresAt: claims.exp * 1000 },
      ex,
    )
    return { token, jti: claims.jti }
  }

  private verifyRefresh(token: string): TokenClaims {
    try {
      return this.d.tokens.verify(token, 'refresh')
    } catch (err) {
      if (err instanceof TokenError && err.problem === 'wrong_type') {
        throw new AuthenticationError('Token has wrong type', 'token_not_valid')
      }
      throw invalidRefreshError()
    }
  }

  async refresh(refreshToken: string): Promise<{ access: string; refresh?: string }> {
    const claims = this.verifyRefresh(refreshToken)
    const record = await this.d.refreshTokens.find(claims.jti)
    if (!record || record.user_id !== claims.user_id) throw invalidRefreshError()
    if (record.revoked_at !== null) {
      // A rotated token presented again means two parties hold it: end that whole sign-in.
      if (record.replaced_by !== null) await this.d.refreshTokens.revokeFamily(record.family)
      throw invalidRefreshError()
    }
    const user = await this.d.users.findById(claims.user_id)
    if (!user || !user.is_active || user.token_version !== claims.ver) throw invalidRefreshError()
    const access = this.d.tokens.issue('access', user.id, user.token_version).token
    if (!this.d.config.rotateRefreshTokens) return { access }

    const refresh = await this.d.db.transaction().execute(async (trx) => {
      const next = await this.issueRefresh(user, record.family, trx)
      if (!(await this.d.refreshTokens.rotate(record.jti, next.jti, trx))) throw invalidRefreshError()
      return next.token
    })
    return { access, refresh }
  }

  /** Revokes one refresh token of the caller. */
  async logout(user: UserRow, refreshToken: string): Promise<void> {
    const claims = this.verifyRefresh(refreshToken)
    const record = await this.d.refreshTokens.find(claims.jti)
    if (!record || record.user_id !== user.id || record.revoked_at !== null) throw invalidRefreshError()
    await this.d.refreshTokens.revoke(record.jti)
  }

  /** Ends every session of the user: refresh tokens are revoked and access tokens carry a stale version. */
  async logoutEverywhere(userId: number, ex?: Executor): Promise<void> {
    const run = async (trx: Executor) => {
      await this.d.users.bumpTokenVersion(userId, trx)
      await this.d.refreshTokens.revokeAllForUser(userId, trx)
    }
    if (ex) await run(ex)
    else await this.d.db.transaction().execute(run)
  }

  /** Always succeeds from the caller's view, so nobody learns who has an account. */
  async forgotPassword(email: string, ip: string): Promise<void> {
    const user = await this.d.users.findByEmail(email)
    if (!(await this.d.throttle.mayMailReset(email, ip))) return
    if (!user || !user.is_active) return
    const token = generateResetToken()
    const expiresAt = Date.now() + this.d.config.resetTokenLifetime * 1000
    await this.d.db.transaction().execute(async (trx) => {
      await this.d.resetTokens.replace(user.id, sha256(token), expiresAt, trx)
      const link = `${this.d.config.appUrl}/reset-password/?token=${token}`
      await this.d.outbox.enqueue(passwordResetMail(user.email, link, this.d.config.resetTokenLifetime), trx)
    })
    this.d.mailQueued()
  }

  async resetPassword(resetToken: string, password: string, confirm: string, ip: string): Promise<void> {
    await this.d.throttle.beforeReset(ip)
    const found = await this.d.resetTokens.findLive(sha256(resetToken))
    const user = found && (await this.d.users.findById(found.user_id))
    if (!found || !user || !user.is_active) {
      await this.d.throttle.resetTokenInvalid(ip)
      throw invalidResetToken()
    }
    this.checkNewPassword(user, password, confirm, 'password', 'confirm_password')
    const hash = await hashPassword(password)
    await this.d.db.transaction().execute(async (trx) => {
      if (!(await this.d.resetTokens.consume(found.id, trx))) throw invalidResetToken()
      await this.d.users.setPassword(user.id, hash, trx)
      await this.d.refreshTokens.revokeAllForUser(user.id, trx)
      await this.d.outbox.enqueue(passwordChangedMail(user.email, this.d.config.appUrl), trx)
    })
    this.d.mailQueued()
  }

  async changePassword(user: UserRow, current: string, next: string, confirm: string): Promise<void> {
    await this.d.throttle.beforeChange(user.id)
    if (!(await verifyPassword(user.password_hash, current))) {
      await this.d.throttle.changeFailed(user.id)
      throw ValidationError.field('current_password', 'Current password is invalid.')
    }
    this.checkNewPassword(user, next, confirm, 'new_password', 'confirm_new_password')
    const hash = await hashPassword(next)
    await this.d.db.transaction().execute(async (trx) => {
      await this.d.users.setPassword(user.id, hash, trx)
      await this.d.refreshTokens.revokeAllForUser(user.id, trx)
      await this.d.resetTokens.deleteForUser(user.id, trx)
      await this.d.outbox.enqueue(passwordChangedMail(user.email, this.d.config.appUrl), trx)
    })
    this.d.mailQueued()
  }

  private checkNewPassword(user: UserRow, password: string, confirm: string, field: string, confirmField: string): void {
    const errors: FieldErrorMap = {}
    const problems = passwordProblems(password, {
      minLength: this.d.config.passwordMinLength,
      email: user.email,
      names: [user.first_name, user.last_name, user.preferred_name],
    })
    if (problems.length > 0) errors[field] = problems
    if (password !== confirm) errors[confirmField] = ["The two passwords don't match."]
    if (Object.keys(errors).length > 0) throw new ValidationError(errors)
  }

  /**
   * Signs out the session a refresh token belongs to, with no bearer: the cookie sign-out (DELETE
   * /api/auth/session), which must work after the access token has expired. The token's own user
   * is the caller, and logout's rules apply as they are.
   */
  async logoutByRefreshToken(refreshToken: string): Promise<void> {
    const claims = this.verifyRefresh(refreshToken)
    const user = await this.d.users.findById(claims.user_id)
    if (!user) throw invalidRefreshError()
    await this.logout(user, refreshToken)
  }

  /** A new sign-in of a user just created (the first admin of a fresh install): an access and a recorded refresh token. */
  async startSession(user: UserRow): Promise<{ access: string; refresh: string }> {
    const access = this.d.tokens.issue('access', user.id, user.token_version).token
    const { token: refresh } = await this.issueRefresh(user, null)
    return { access, refresh }
  }
}

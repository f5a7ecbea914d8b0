// Sign-in, token refresh and the password flows. Every rule of the auth endpoints lives here.
import { createHash, randomInt } from 'node:crypto'
import type { Config } from '../config.js'
import type { DB } from '../db/database.js'
import { AuthenticationError, ValidationError, type FieldErrorMap } from '../errors.js'
import type { MailOutboxRepository } from '../mail/mail-outbox.repository.js'
import { passwordChangedMail, passwordResetMail } from '../mail/templates.js'
import type { UserRow, UsersRepository } from '../users/users.repository.js'
import { hashPassword, passwordProblems, verifyAgainstDummy, verifyPassword } from './passwords.js'
import type { ResetTokensRepository } from './reset-tokens.repository.js'
import { TokenError, type TokenService } from './tokens.js'

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

export interface AuthDeps {
  db: DB
  config: Config
  users: UsersRepository
  resetTokens: ResetTokensRepository
  outbox: MailOutboxRepository
  tokens: TokenService
  /** Called after a commit that queued mail. */
  mailQueued: () => void
}

export class AuthService {
  constructor(private readonly d: AuthDeps) {}

  async login(email: string, password: string): Promise<{ user: UserRow; access: string; refresh: string }> {
    const user = await this.d.users.findByEmail(email.trim())
    if (!user) {
      await verifyAgainstDummy(password)
      throw new NoActiveAccountError()
    }
    const ok = await verifyPassword(user.password_hash, password)
    if (!ok || !user.is_active) throw new NoActiveAccountError()
    return { user, ...this.issuePair(user) }
  }

  issuePair(user: UserRow): { access: string; refresh: string } {
    return {
      access: this.d.tokens.issue('access', user.id, user.token_version).token,
      refresh: this.d.tokens.issue('refresh', user.id, user.token_version).token,
    }
  }

  async refresh(refreshToken: string): Promise<{ access: string }> {
    let claims
    try {
      claims = this.d.tokens.verify(refreshToken, 'refresh')
    } catch (err) {
      if (err instanceof TokenError && err.problem === 'wrong_type') {
        throw new AuthenticationError('Token has wrong type', 'token_not_valid')
      }
      throw invalidRefreshError()
    }
    const user = await this.d.users.findById(claims.user_id)
    if (!user || !user.is_active || user.token_version !== claims.ver) throw invalidRefreshError()
    return { access: this.d.tokens.issue('access', user.id, user.token_version).token }
  }

  /** Always succeeds from the caller's view, so nobody learns who has an account. */
  async forgotPassword(email: string): Promise<void> {
    const user = await this.d.users.findByEmail(email)
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

  async resetPassword(resetToken: string, password: string, confirm: string): Promise<void> {
    const found = await this.d.resetTokens.findLive(sha256(resetToken))
    if (!found) throw ValidationError.field('reset_token', 'Reset token is invalid or expired.')
    const user = await this.d.users.findById(found.user_id)
    if (!user || !user.is_active) throw ValidationError.field('reset_token', 'Reset token is invalid or expired.')
    this.checkNewPassword(user, password, confirm, 'password', 'confirm_password')
    const hash = await hashPassword(password)
    await this.d.db.transaction().execute(async (trx) => {
      if (!(await this.d.resetTokens.consume(found.id, trx))) {
        throw ValidationError.field('reset_token', 'Reset token is invalid or expired.')
      }
      await this.d.users.setPassword(user.id, hash, trx)
      await this.d.outbox.enqueue(passwordChangedMail(user.email, this.d.config.appUrl), trx)
    })
    this.d.mailQueued()
  }

  async changePassword(user: UserRow, current: string, next: string, confirm: string): Promise<void> {
    if (!(await verifyPassword(user.password_hash, current))) {
      throw ValidationError.field('current_password', 'Current password is invalid.')
    }
    this.checkNewPassword(user, next, confirm, 'new_password', 'confirm_new_password')
    const hash = await hashPassword(next)
    await this.d.db.transaction().execute(async (trx) => {
      await this.d.users.setPassword(user.id, hash, trx)
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
}

import { isUniqueViolation, type DB } from '../db/database.js'
import type { Gender } from '../db/schema.js'
import { ValidationError, type FieldErrorMap } from '../errors.js'
import type { AuthThrottle } from '../auth/auth-throttle.js'
import { verifyPassword } from '../auth/passwords.js'
import type { DurationRecompute } from '../leave-requests/recompute.js'
import { configVersionOf, type ConfigCache } from '../working-time/config-cache.js'
import { checkTimeZone } from '../working-time/working-time.checks.js'
import type { UserChanges, UserRow, UsersRepository } from './users.repository.js'
import { workingTimeFields } from './working-time-fields.js'
import { toUser } from './users.service.js'
import type { EventSink } from '../webhooks/webhooks.service.js'

export interface ProfileInput {
  email?: string
  first_name?: string
  last_name?: string
  preferred_name?: string
  gender?: Gender
  birth_date?: string | null
  time_zone?: string | null
  current_password?: string
}

export interface ProfileDeps {
  db: DB
  users: UsersRepository
  config: ConfigCache
  // Checking current_password here is a password oracle too: it shares change-password's limit.
  throttle: AuthThrottle
  recompute: DurationRecompute
  /** A profile change is a user.updated webhook event, as an admin's change is. */
  events: EventSink
}

export function toProfile(user: UserRow) {
  return {
    id: user.id,
    email: user.email,
    gender: user.gender,
    first_name: user.first_name,
    last_name: user.last_name,
    preferred_name: user.preferred_name,
    birth_date: user.birth_date,
    role: user.role,
  }
}

const EMAIL_TAKEN = 'A user with this email already exists.'

export class ProfileService {
  private readonly users: UsersRepository
  private readonly throttle: AuthThrottle

  constructor(private readonly d: ProfileDeps) {
    this.users = d.users
    this.throttle = d.throttle
  }

  /** The profile with the user's manager ({id, email, first_name, last_name} or null) and working time. */
  async describe(user: UserRow) {
    const [manager, { settings }] = await Promise.all([
      user.manager_id !== null ? this.users.findById(user.manager_id) : undefined,
      this.d.config.get(configVersionOf(user)),
    ])
    return {
      ...toProfile(user),
      manager: manager ? { id: manager.id, email: manager.email, first_name: manager.first_name, last_name: manager.last_name } : null,
      ...workingTimeFields(user, settings),
    }
  }

  /** Applies the fields present in `input`; id, role and anything unknown are never read. */
  async update(user: UserRow, input: ProfileInput): Promise<UserRow> {
    const changes: UserChanges = {}
    // Names are trimmed, as the original's serializer did.
    for (const key of ['first_name', 'last_name', 'preferred_name'] as const) {
      if (input[key] !== undefined) changes[key] = input[key].trim()
    }
    if (input.gender !== undefined) changes.gender = input.gender
    if (input.birth_date !== undefined) changes.birth_date = input.birth_date
    if (typeof input.birth_date === 'string' && input.birth_date > new Date().toISOString().slice(0, 10)) {
      throw ValidationError.field('birth_date', 'Birth date cannot be in the future.')
    }
    if (input.time_zone !== undefined && input.time_zone !== user.time_zone) {
      const errors: FieldErrorMap = {}
      if (input.time_zone !== null) checkTimeZone('time_zone', input.time_zone, errors)
      if (Object.keys(errors).length > 0) throw new ValidationError(errors)
      changes.time_zone = input.time_zone
    }
    if (input.email !== undefined) {
      const email = input.email.trim().toLowerCase()
      if (email !== user.email) {
        if (!input.current_password) {
          throw ValidationError.field('current_password', 'Enter your current password to change the email address.')
        }
        await this.throttle.beforeChange(user.id)
        if (!(await verifyPassword(user.password_hash, input.current_password))) {
          await this.throttle.changeFailed(user.id)
          throw ValidationError.field('current_password', 'Current password is invalid.')
        }
        if (await this.users.emailTaken(email, user.id)) throw ValidationError.field('email', EMAIL_TAKEN)
        changes.email = email
      }
    }
    if (Object.keys(changes).length === 0) return user
    try {
      return await this.d.db.transaction().execute(async (trx) => {
        const updated = (await this.users.update(user.id, changes, trx)) ?? user
        if (changes.time_zone !== undefined) {
          await this.d.recompute.run({ userId: user.id }, user.id, 'The owner changed their time zone.', trx)
        }
        const { settings } = await this.d.config.get(configVersionOf(user), trx)
        await this.d.events.emit('user.updated', toUser(updated, settings), trx)
        return updated
      }).finally(() => this.d.events.wake())
    } catch (err) {
      if (isUniqueViolation(err)) throw ValidationError.field('email', EMAIL_TAKEN)
      throw err
    }
  }
}

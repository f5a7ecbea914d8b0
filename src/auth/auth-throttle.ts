// Brute-force limits of the auth endpoints (OWASP API4:2023). Counters are keyed by a hash of the
// email, never the email itself, and count unknown accounts exactly like known ones, so a 429
// tells nothing about who has an account.
import { createHash } from 'node:crypto'
import type { Config } from '../config.js'
import { TooManyRequestsError } from '../errors.js'
import type { CounterStore } from '../security/counter-store.js'

const MINUTE = 60_000
const LOGIN_WINDOW = 15 * MINUTE
const HOUR = 60 * MINUTE
const FORGOT_MAILS_PER_ACCOUNT = 3
const FORGOT_REQUESTS_PER_IP = 20
const RESET_FAILURES_PER_IP = 20
const CHANGE_FAILURES_PER_ACCOUNT = 5

const account = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32)

export class AuthThrottle {
  constructor(
    private readonly store: CounterStore,
    private readonly config: Pick<Config, 'loginFailuresPerAccount' | 'loginFailuresPerIp'>,
  ) {}

  private async refuseAtLimit(key: string, limit: number, detail: string): Promise<void> {
    const { count, resetInMs } = await this.store.peek(key)
    if (count >= limit) throw new TooManyRequestsError(resetInMs / 1000, detail)
  }

  /** Before a login: refused (even with the right password) once the account or the IP is over its limit. */
  async beforeLogin(email: string, ip: string): Promise<void> {
    const detail = 'Too many failed sign-in attempts. Try again later.'
    await this.refuseAtLimit(`login:acct:${account(email)}`, this.config.loginFailuresPerAccount, detail)
    await this.refuseAtLimit(`login:ip:${ip}`, this.config.loginFailuresPerIp, detail)
  }

  async loginFailed(email: string, ip: string): Promise<void> {
    await Promise.all([
      this.store.increment(`login:acct:${account(email)}`, LOGIN_WINDOW),
      this.store.increment(`login:ip:${ip}`, LOGIN_WINDOW),
    ])
  }

  async loginSucceeded(email: string): Promise<void> {
    await this.store.reset(`login:acct:${account(email)}`)
  }

  /** True when a reset mail may go out; past the limits the endpoint still answers 204 but sends nothing. */
  async mayMailReset(email: string, ip: string): Promise<boolean> {
    const byIp = await this.store.increment(`forgot:ip:${ip}`, HOUR)
    if (byIp.count > FORGOT_REQUESTS_PER_IP) return false
    const byAccount = await this.store.increment(`forgot:acct:${account(email)}`, HOUR)
    return byAccount.count <= FORGOT_MAILS_PER_ACCOUNT
  }

  async beforeReset(ip: string): Promise<void> {
    await this.refuseAtLimit(`reset:ip:${ip}`, RESET_FAILURES_PER_IP, 'Too many invalid reset tokens. Try again later.')
  }

  async resetTokenInvalid(ip: string): Promise<void> {
    await this.store.increment(`reset:ip:${ip}`, LOGIN_WINDOW)
  }

  async beforeChange(userId: number): Promise<void> {
    await this.refuseAtLimit(`change:user:${userId}`, CHANGE_FAILURES_PER_ACCOUNT, 'Too many wrong passwords. Try again later.')
  }

  async changeFailed(userId: number): Promise<void> {
    await this.store.increment(`change:user:${userId}`, LOGIN_WINDOW)
  }
}

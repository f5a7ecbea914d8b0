// The one place that reads the environment. Everything else receives a Config.
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export interface Config {
  nodeEnv: string
  port: number
  host: string
  databaseUrl: string
  secretKey: string
  accessTokenLifetime: number
  refreshTokenLifetime: number
  resetTokenLifetime: number
  inviteTokenLifetime: number
  appUrl: string
  smtpUrl: string | null
  mailDir: string
  emailFrom: string
  logLevel: string
  corsOrigins: string[]
  passwordMinLength: number
  rotateRefreshTokens: boolean
  trustProxy: boolean
  redisUrl: string | null
  rateLimitPerMinute: number
  loginFailuresPerAccount: number
  loginFailuresPerIp: number
  mailMaxAttempts: number
  cancelApprovedNeedsApproval: boolean
  webConcurrency: number
  /** Bytes of serialised list pages each process keeps (0: no cache). */
  listCacheBytes: number
  /** Webhooks may use plain http:// (development only). */
  webhooksAllowHttp: boolean
  /** Hosts (names or addresses, lower case) webhooks may reach although they are internal. */
  webhooksAllowedHosts: string[]
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>

function int(env: Env, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`)
  const value = Number(raw)
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`)
  return value
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase()
  if (raw === undefined || raw === '') return fallback
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true
  if (['0', 'false', 'no', 'off'].includes(raw)) return false
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`)
}

function url(env: Env, name: string, fallback: string | null, protocols: string[]): string | null {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    throw new ConfigError(`${name} is not a valid URL`)
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`)
  }
  return raw
}

function databaseUrl(env: Env): string {
  const raw = env.DATABASE_URL || 'sqlite:./data/leavedesk.sqlite3'
  if (raw.startsWith('sqlite:')) {
    if (raw.length === 'sqlite:'.length) throw new ConfigError('DATABASE_URL needs a file path after sqlite:')
    return raw
  }
  return url(env, 'DATABASE_URL', null, ['postgres:', 'postgresql:']) as string
}

/** Reads or creates ./data/secret.key so that tokens survive restarts without configuration. */
function secretKey(env: Env, dataDir: string, production: boolean): string {
  const raw = env.SECRET_KEY
  if (raw) {
    if (production && Buffer.byteLength(raw) < 32) throw new ConfigError('SECRET_KEY must be at least 32 bytes in production')
    return raw
  }
  if (production) throw new ConfigError('SECRET_KEY must be set (at least 32 bytes) when NODE_ENV=production')
  const file = path.join(dataDir, 'secret.key')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
  const key = randomBytes(32).toString('hex')
  writeFileSync(file, key + '\n', { mode: 0o600 })
  chmodSync(file, 0o600)
  return key
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = env.NODE_ENV || 'development'
  const dataDir = env.DATA_DIR || './data'
  const appUrl = url(env, 'APP_URL', 'http://localhost:8000', ['http:', 'https:']) as string
  return {
    nodeEnv,
    port: int(env, 'PORT', 8000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    databaseUrl: databaseUrl(env),
    secretKey: secretKey(env, dataDir, nodeEnv === 'production'),
    accessTokenLifetime: int(env, 'ACCESS_TOKEN_LIFETIME', 900, 1),
    refreshTokenLifetime: int(env, 'REFRESH_TOKEN_LIFETIME', 1_296_000, 1),
    resetTokenLifetime: int(env, 'RESET_TOKEN_LIFETIME', 7200, 1),
    inviteTokenLifetime: int(env, 'INVITE_TOKEN_LIFETIME', 604_800, 1),
    appUrl: appUrl.replace(/\/+$/, ''),
    smtpUrl: url(env, 'SMTP_URL', null, ['smtp:', 'smtps:']),
    mailDir: env.MAIL_DIR || path.join(dataDir, 'mail'),
    emailFrom: env.EMAIL_FROM || 'Leavedesk <no-reply@localhost>',
    logLevel: logLevel(env),
    corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    passwordMinLength: int(env, 'PASSWORD_MIN_LENGTH', 12, 1, 256),
    rotateRefreshTokens: bool(env, 'ROTATE_REFRESH_TOKENS', false),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    redisUrl: url(env, 'REDIS_URL', null, ['redis:', 'rediss:']),
    rateLimitPerMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 600),
    loginFailuresPerAccount: int(env, 'LOGIN_FAILURES_PER_ACCOUNT', 5, 1),
    loginFailuresPerIp: int(env, 'LOGIN_FAILURES_PER_IP', 50, 1),
    mailMaxAttempts: int(env, 'MAIL_MAX_ATTEMPTS', 8, 1, 100),
    cancelApprovedNeedsApproval: bool(env, 'CANCEL_APPROVED_NEEDS_APPROVAL', true),
    webConcurrency: int(env, 'WEB_CONCURRENCY', 1, 1, 64),
    listCacheBytes: int(env, 'LIST_CACHE_MB', 16, 0, 4096) * 1024 * 1024,
    webhooksAllowHttp: bool(env, 'WEBHOOKS_ALLOW_HTTP', false),
    webhooksAllowedHosts: (env.WEBHOOKS_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase().replace(/^\[|\]$/g, ''))
      .filter(Boolean),
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

function logLevel(env: Env): string {
  const level = env.LOG_LEVEL || 'info'
  if (!LOG_LEVELS.includes(level)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`)
  return level
}

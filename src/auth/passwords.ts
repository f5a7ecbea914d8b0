// Password hashing (argon2id at the OWASP minimum, run in libuv's thread pool, off the event loop)
// and the password policy. Hashes imported from the original Django API verify too (legacy-passwords.ts).
import { randomBytes } from 'node:crypto'
import { availableParallelism } from 'node:os'
import argon2 from 'argon2'
import { createRequire } from 'node:module'
import type { ZxcvbnFactory } from '@zxcvbn-ts/core'
import { djangoAlgorithm, verifyDjangoPassword } from './legacy-passwords.js'

const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const
export const MAX_PASSWORD_LENGTH = 256

/** Passwords are compared in NFKC so that the same visible text always matches. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC')
}

/**
 * How many argon2 computations run at once: one core is left to the event loop. libuv's pool has 4
 * threads, so on a 2-core machine a login flood would otherwise run 4 hashes on 2 cores and every
 * other request would wait for CPU (GET /api/auth/me p99 went from 8 to 128 ms). Capping also caps
 * argon2's memory at 19 MiB per slot. Further checks wait their turn, in order; the login throttles
 * bound how many can wait.
 */
export const HASH_CONCURRENCY = Math.max(1, availableParallelism() - 1)

let running = 0
const waiting: Array<() => void> = []

async function inHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= HASH_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve))
  else running++
  try {
    return await work()
  } finally {
    // The slot passes straight to the next in line, so `running` never drops and rises again.
    const next = waiting.shift()
    if (next) next()
    else running--
  }
}

export function hashPassword(password: string): Promise<string> {
  return inHashSlot(() => argon2.hash(normalizePassword(password), HASH_OPTIONS))
}

/**
 * Whether `password` matches a stored hash: Leavedesk's argon2id, or one of the original Django API's
 * formats kept by `import-django` (legacy-passwords.ts; Django hashed the password as typed, so it is
 * not normalised for them). A hash that can never verify (unusable, unknown) still spends the time of
 * a real check, so that such an account cannot be told apart by timing either.
 */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  if (!hash.startsWith('$argon2')) {
    if (djangoAlgorithm(hash) !== null) return inHashSlot(() => verifyDjangoPassword(hash, password))
    await verifyAgainstDummy(password)
    return false
  }
  try {
    return await inHashSlot(() => argon2.verify(hash, normalizePassword(password)))
  } catch {
    return false
  }
}

/** A hash in one of the original Django API's formats: the next successful sign-in replaces it with argon2id. */
export function isLegacyHash(hash: string): boolean {
  return !hash.startsWith('$argon2') && djangoAlgorithm(hash) !== null
}

/** Hashes in progress and waiting: for tests. */
export function hashQueue(): { running: number; waiting: number } {
  return { running, waiting: waiting.length }
}

let dummyHash: Promise<string> | undefined

/** Spends the same time as a real check, so an unknown email cannot be told apart by timing. */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'))
  await verifyPassword(await dummyHash, password)
}

let zxcvbn: ZxcvbnFactory | undefined

/** The dictionaries take about 25 MB: loaded when a password is first checked, not at start. */
function strength() {
  if (zxcvbn) return zxcvbn
  const load = createRequire(import.meta.url)
  const { ZxcvbnFactory: Factory } = load('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core')
  const zxcvbnCommon = load('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common')
  const zxcvbnEn = load('@zxcvbn-ts/language-en') as typeof import('@zxcvbn-ts/language-en')
  zxcvbn = new Factory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
  })
  return zxcvbn
}

export interface PolicyContext {
  minLength: number
  email?: string
  names?: string[]
}

/** Returns the reasons a password is refused; an empty list means it is acceptable. */
export function passwordProblems(rawPassword: string, ctx: PolicyContext): string[] {
  const password = normalizePassword(rawPassword)
  const length = [...password].length
  if (length < ctx.minLength) return [`This password is too short. It must contain at least ${ctx.minLength} characters.`]
  if (length > MAX_PASSWORD_LENGTH) return [`This password is too long. It must contain at most ${MAX_PASSWORD_LENGTH} characters.`]
  if (/^\d+$/.test(password)) return ['This password is entirely numeric.']
  const lower = password.toLowerCase()
  const email = ctx.email?.toLowerCase()
  const personal = [email, email?.split('@')[0], ...(ctx.names ?? []).map((n) => n.toLowerCase())].filter(
    (v): v is string => !!v && v.length >= 3,
  )
  if (personal.some((p) => lower === p || (p.length >= 4 && lower.includes(p)) )) {
    return ['The password is too similar to your email address or name.']
  }
  const result = strength().check(password, personal)
  if (result.score < 3) {
    const hints = [result.feedback.warning, ...result.feedback.suggestions].filter((s): s is string => !!s)
    return [['This password is too easy to guess.', ...hints].join(' ')]
  }
  return []
}

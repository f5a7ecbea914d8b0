// Password hashing (argon2id at the OWASP minimum, run in libuv's thread pool, off the event loop)
// and the password policy.
import { randomBytes } from 'node:crypto'
import argon2 from 'argon2'
import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as zxcvbnCommon from '@zxcvbn-ts/language-common'
import * as zxcvbnEn from '@zxcvbn-ts/language-en'

const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const
export const MAX_PASSWORD_LENGTH = 256

/** Passwords are compared in NFKC so that the same visible text always matches. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC')
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(normalizePassword(password), HASH_OPTIONS)
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, normalizePassword(password))
  } catch {
    return false
  }
}

let dummyHash: Promise<string> | undefined

/** Spends the same time as a real check, so an unknown email cannot be told apart by timing. */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'))
  await verifyPassword(await dummyHash, password)
}

let zxcvbn: ZxcvbnFactory | undefined

function strength() {
  zxcvbn ??= new ZxcvbnFactory({
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

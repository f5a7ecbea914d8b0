// Django's password encodings, made in tests from known passwords the way Django's make_password
// makes them (checked against Django's own vectors in test/auth/legacy-passwords.test.ts).
import { createHash, pbkdf2Sync, scryptSync } from 'node:crypto'
import argon2 from 'argon2'
import bcrypt from 'bcryptjs'

/** Django's encodings, made here from a known password (Django's make_password, step by step). */
export const django = {
  pbkdf2(password: string, salt: string, iterations: number, digest: 'sha256' | 'sha1' = 'sha256'): string {
    const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, digest === 'sha256' ? 32 : 20, digest)
    return `pbkdf2_${digest}$${iterations}$${salt}$${key.toString('base64')}`
  },
  bcryptSha256(password: string, cost = 4): string {
    const hex = createHash('sha256').update(password, 'utf8').digest('hex')
    return `bcrypt_sha256$${bcrypt.hashSync(hex, bcrypt.genSaltSync(cost)).replace(/^\$2a\$/, '$2b$')}`
  },
  /** argon2-cffi's encoding (parameters in the order m, t, p) behind Django's "argon2" prefix; Django's default cost. */
  async argon2(password: string): Promise<string> {
    const phc = await argon2.hash(password, { type: argon2.argon2id, memoryCost: 102_400, timeCost: 2, parallelism: 8 })
    return `argon2${phc.replace(/m=(\d+),p=(\d+),t=(\d+)/, 'm=$1,t=$3,p=$2')}`
  },
  scrypt(password: string, salt: string, n = 16384, r = 8, p = 1): string {
    const key = scryptSync(Buffer.from(password, 'utf8'), salt, 64, { N: n, r, p, maxmem: 64 * 1024 * 1024 })
    return `scrypt$${n}$${salt}$${r}$${p}$${key.toString('base64')}`
  },
}

/** Django's default PBKDF2 iteration count of each version from 2.2 to 5.2. */
export const DJANGO_ITERATIONS: Record<string, number> = {
  '2.2': 150000,
  '3.0': 180000,
  '3.1': 216000,
  '3.2': 260000,
  '4.0': 320000,
  '4.1': 390000,
  '4.2': 600000,
  '5.0': 720000,
  '5.1': 870000,
  '5.2': 1000000,
}

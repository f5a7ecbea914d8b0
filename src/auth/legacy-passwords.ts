// The password hashes of the original Django API, verified as Django verifies them, so that people
// moved over by `leavedesk import-django` sign in with the password they had (the sign-in then
// replaces the hash with Leavedesk's argon2id). Every format is checked in constant time, and the
// work runs off the event loop: PBKDF2 and scrypt in libuv's pool (node:crypto's async APIs), argon2
// in its binding's pool, bcrypt (pure JavaScript) in worker threads. The caller (passwords.ts) runs
// each check inside its hash slot, which bounds how many run at once.
//
// Formats (Django 2.2 to 5.x, django/contrib/auth/hashers.py):
//   pbkdf2_sha256$<iterations>$<salt>$<base64 of the 32-byte PBKDF2-HMAC-SHA256 key>
//   pbkdf2_sha1$<iterations>$<salt>$<base64 of the 20-byte PBKDF2-HMAC-SHA1 key>
//   argon2$argon2id$v=19$m=...,t=...,p=...$<salt>$<hash>   (argon2i and the old form without v= too)
//   bcrypt_sha256$$2b$<cost>$<salt and hash>   bcrypt over the hex SHA-256 of the password
//   bcrypt$$2b$<cost>$<salt and hash>          bcrypt over the password
//   scrypt$<N>$<salt>$<r>$<p>$<base64 of the 64-byte key>
// Django feeds the password to each as its UTF-8 bytes, without normalisation, and the salt as the
// UTF-8 bytes of its text. Anything else (`!...` unusable passwords, empty, md5, sha1...) never verifies.
import { createHash, pbkdf2, scrypt, timingSafeEqual } from 'node:crypto'
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { promisify } from 'node:util'
import { Worker } from 'node:worker_threads'
import argon2 from 'argon2'

const pbkdf2Async = promisify(pbkdf2)
const scryptAsync = promisify(scrypt) as (password: Buffer, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>

export type DjangoAlgorithm = 'pbkdf2_sha256' | 'pbkdf2_sha1' | 'argon2' | 'bcrypt_sha256' | 'bcrypt' | 'scrypt'

const ALGORITHMS: readonly DjangoAlgorithm[] = ['pbkdf2_sha256', 'pbkdf2_sha1', 'argon2', 'bcrypt_sha256', 'bcrypt', 'scrypt']

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/
const POSITIVE = /^[1-9][0-9]{0,9}$/
/** The most memory one scrypt check may take (Django's default takes 16 MiB). */
const SCRYPT_MAX_MEMORY = 1 << 30
const BCRYPT = /^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/

/** The Django algorithm of a hash that can verify, or null (unusable, empty, unknown or malformed). */
export function djangoAlgorithm(encoded: string): DjangoAlgorithm | null {
  const name = encoded.slice(0, encoded.indexOf('$'))
  const algorithm = ALGORITHMS.find((a) => a === name)
  if (!algorithm) return null
  return parse(algorithm, encoded) ? algorithm : null
}

type Parsed =
  | { kind: 'pbkdf2'; digest: 'sha256' | 'sha1'; iterations: number; salt: string; key: Buffer }
  | { kind: 'argon2'; phc: string }
  | { kind: 'bcrypt'; sha256: boolean; hash: string }
  | { kind: 'scrypt'; n: number; r: number; p: number; salt: string; key: Buffer }

function parse(algorithm: DjangoAlgorithm, encoded: string): Parsed | null {
  const parts = encoded.split('$')
  switch (algorithm) {
    case 'pbkdf2_sha256':
    case 'pbkdf2_sha1': {
      const [, iterations, salt, key] = parts
      if (parts.length !== 4 || !POSITIVE.test(iterations!) || !salt || !BASE64.test(key!)) return null
      const n = Number(iterations)
      const digest = algorithm === 'pbkdf2_sha256' ? 'sha256' : 'sha1'
      const bytes = Buffer.from(key!, 'base64')
      // Django's key is the digest's length.
      if (n > 2 ** 31 - 1 || bytes.length !== (digest === 'sha256' ? 32 : 20)) return null
      return { kind: 'pbkdf2', digest, iterations: n, salt: salt, key: bytes }
    }
    case 'argon2': {
      // Django stores argon2-cffi's PHC string without its leading "$".
      const phc = encoded.slice('argon2'.length)
      if (!/^\$argon2(id|i|d)\$(v=\d+\$)?[mtp]=\d+,[mtp]=\d+,[mtp]=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.test(phc)) return null
      return { kind: 'argon2', phc }
    }
    case 'bcrypt_sha256':
    case 'bcrypt': {
      const hash = encoded.slice(algorithm.length + 1)
      if (!BCRYPT.test(hash)) return null
      return { kind: 'bcrypt', sha256: algorithm === 'bcrypt_sha256', hash }
    }
    case 'scrypt': {
      const [, n, salt, r, p, key] = parts
      if (parts.length !== 6 || !POSITIVE.test(n!) || !salt || !POSITIVE.test(r!) || !POSITIVE.test(p!) || !BASE64.test(key!)) return null
      const [N, R, P] = [Number(n), Number(r), Number(p)]
      // N a power of two above 1; memory (128·N·r) bounded; Django's key is 64 bytes.
      if (N < 2 || (N & (N - 1)) !== 0 || 128 * N * R > SCRYPT_MAX_MEMORY || P > 64) return null
      const bytes = Buffer.from(key!, 'base64')
      if (bytes.length !== 64) return null
      return { kind: 'scrypt', n: N, r: R, p: P, salt, key: bytes }
    }
  }
}

/**
 * Whether `password` matches a Django hash. False for anything that is not a usable hash of a
 * supported format; never throws.
 */
export async function verifyDjangoPassword(encoded: string, password: string): Promise<boolean> {
  const algorithm = djangoAlgorithm(encoded)
  const parsed = algorithm && parse(algorithm, encoded)
  if (!parsed) return false
  const secret = Buffer.from(password, 'utf8')
  try {
    switch (parsed.kind) {
      case 'pbkdf2': {
        const key = await pbkdf2Async(secret, Buffer.from(parsed.salt, 'utf8'), parsed.iterations, parsed.key.length, parsed.digest)
        return timingSafeEqual(key, parsed.key)
      }
      case 'argon2':
        // The binding recomputes the hash in its thread pool and compares with timingSafeEqual.
        return await argon2.verify(parsed.phc, secret)
      case 'bcrypt': {
        const input = parsed.sha256 ? createHash('sha256').update(secret).digest('hex') : password
        const computed = Buffer.from(await bcryptHash(input, parsed.hash.slice(0, 29)), 'utf8')
        const stored = Buffer.from(parsed.hash, 'utf8')
        return computed.length === stored.length && timingSafeEqual(computed, stored)
      }
      case 'scrypt': {
        const maxmem = 128 * parsed.n * parsed.r * 2 + (1 << 20)
        const key = await scryptAsync(secret, Buffer.from(parsed.salt, 'utf8'), 64, { N: parsed.n, r: parsed.r, p: parsed.p, maxmem })
        return timingSafeEqual(key, parsed.key)
      }
    }
  } catch {
    return false
  }
}

// bcrypt in worker threads: bcryptjs is pure JavaScript and would otherwise hold the event loop for
// the whole check (a quarter of a second at Django's cost of 12). The pool grows to one worker per
// core on demand; an idle worker does not keep the process alive.
const BCRYPT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const bcrypt = require(workerData)
parentPort.on('message', ({ id, password, salt }) => {
  try { parentPort.postMessage({ id, hash: bcrypt.hashSync(password, salt) }) }
  catch (err) { parentPort.postMessage({ id, error: String(err) }) }
})`

interface PooledWorker {
  worker: Worker
  busy: boolean
}

const pool: PooledWorker[] = []

/** The bcrypt workers now running: for tests. */
export function bcryptWorkers(): Worker[] {
  return pool.map((entry) => entry.worker)
}
const MAX_WORKERS = Math.max(1, availableParallelism() - 1)
let nextId = 0

function idleWorker(): PooledWorker | undefined {
  const idle = pool.find((w) => !w.busy)
  if (idle || pool.length >= MAX_WORKERS) return idle
  const worker = new Worker(BCRYPT_WORKER, { eval: true, workerData: createRequire(import.meta.url).resolve('bcryptjs') })
  worker.unref()
  const entry = { worker, busy: false }
  // A worker that fails or exits (out of memory, killed) leaves the pool; the next check starts another.
  const leave = () => {
    const at = pool.indexOf(entry)
    if (at >= 0) pool.splice(at, 1)
  }
  worker.on('error', leave)
  worker.on('exit', leave)
  pool.push(entry)
  return entry
}

async function bcryptHash(password: string, salt: string): Promise<string> {
  let entry = idleWorker()
  // The hash slots bound the checks to the pool's size; wait in case a worker is being replaced.
  while (!entry) {
    await new Promise((resolve) => setTimeout(resolve, 5))
    entry = idleWorker()
  }
  const id = nextId++
  const { worker } = entry
  entry.busy = true
  worker.ref()
  try {
    return await new Promise<string>((resolve, reject) => {
      const stop = () => {
        worker.off('message', onMessage)
        worker.off('error', onError)
        worker.off('exit', onExit)
      }
      const onMessage = (message: { id: number; hash?: string; error?: string }) => {
        if (message.id !== id) return
        stop()
        if (message.hash !== undefined) resolve(message.hash)
        else reject(new Error(message.error ?? 'bcrypt failed'))
      }
      const onError = (err: Error) => {
        stop()
        reject(err)
      }
      // Without this, a worker that exits without an error would leave the sign-in waiting forever.
      const onExit = (code: number) => {
        stop()
        reject(new Error(`bcrypt worker exited (${code})`))
      }
      worker.on('message', onMessage)
      worker.once('error', onError)
      worker.once('exit', onExit)
      worker.postMessage({ id, password, salt })
    })
  } finally {
    entry.busy = false
    worker.unref()
  }
}

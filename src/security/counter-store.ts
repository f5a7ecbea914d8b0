// Fixed-window counters for rate limits. In memory for one process; in Redis (REDIS_URL) so that
// several processes or machines share them.
import { createRequire } from 'node:module'
import type { Redis } from 'ioredis'

export interface WindowCount {
  count: number
  /** Milliseconds until the window ends and the count starts over. */
  resetInMs: number
}

export interface CounterStore {
  /** Adds one to `key`; the window of `windowMs` starts with the first hit. */
  increment(key: string, windowMs: number): Promise<WindowCount>
  peek(key: string): Promise<WindowCount>
  reset(key: string): Promise<void>
  close(): Promise<void>
}

const EMPTY: WindowCount = { count: 0, resetInMs: 0 }

export class MemoryCounterStore implements CounterStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>()
  private readonly sweeper: NodeJS.Timeout

  constructor(private readonly maxKeys = 100_000) {
    // Expired windows are dropped every minute so the map cannot grow without bound.
    this.sweeper = setInterval(() => this.sweep(), 60_000)
    this.sweeper.unref()
  }

  private sweep(now = Date.now()): void {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key)
  }

  async increment(key: string, windowMs: number): Promise<WindowCount> {
    return this.incrementSync(key, windowMs)
  }

  /** Synchronous form for the per-request limiter: no promise on the hot path. */
  incrementSync(key: string, windowMs: number): WindowCount {
    const now = Date.now()
    let w = this.windows.get(key)
    if (!w || w.resetAt <= now) {
      if (this.windows.size >= this.maxKeys) this.sweep(now)
      w = { count: 0, resetAt: now + windowMs }
      this.windows.set(key, w)
    }
    w.count++
    return { count: w.count, resetInMs: w.resetAt - now }
  }

  async peek(key: string): Promise<WindowCount> {
    const now = Date.now()
    const w = this.windows.get(key)
    return w && w.resetAt > now ? { count: w.count, resetInMs: w.resetAt - now } : EMPTY
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key)
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper)
  }
}

// INCR and set the expiry on the first hit, atomically: a crash between the two cannot leave a key forever.
const INCREMENT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`

export class RedisCounterStore implements CounterStore {
  private readonly redis: Redis

  constructor(url: string, private readonly prefix = 'leavedesk:rl:') {
    // Loaded only when Redis is configured: ioredis adds about 20 MB to every process that loads it.
    const { Redis: RedisClient } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis')
    this.redis = new RedisClient(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false })
    // Errors surface on each command; the connection retries in the background.
    this.redis.on('error', () => {})
  }

  async increment(key: string, windowMs: number): Promise<WindowCount> {
    const [count, ttl] = (await this.redis.eval(INCREMENT, 1, this.prefix + key, String(windowMs))) as [number, number]
    return { count, resetInMs: ttl }
  }

  async peek(key: string): Promise<WindowCount> {
    const [value, ttl] = await this.redis.multi().get(this.prefix + key).pttl(this.prefix + key).exec().then((r) => (r ?? []).map((x) => x[1]))
    if (value === null || value === undefined) return EMPTY
    return { count: Number(value), resetInMs: Math.max(0, Number(ttl)) }
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.prefix + key)
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect())
  }
}

export function createCounterStore(redisUrl: string | null): CounterStore {
  return redisUrl ? new RedisCounterStore(redisUrl) : new MemoryCounterStore()
}

// autocannon, driven from the benchmark process, with a hard deadline on every run.
import autocannon, { type Options, type Result } from 'autocannon'

export interface LoadStats {
  requests: number
  rps: number
  p50: number
  p90: number
  p99: number
  max: number
  errors: number
  timeouts: number
  non2xx: number
  statusCodes: Record<string, number>
  seconds: number
}

export function summarize(result: Result): LoadStats {
  const statusCodes: Record<string, number> = {}
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = count
  const seconds = result.duration || 1
  return {
    requests: result.requests.total,
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
    seconds,
  }
}

/** Runs autocannon; stops it if it overruns its duration by `graceS` and fails if it still does not end. */
export function runLoad(options: Options, graceS = 30): Promise<LoadStats> {
  const duration = options.duration ?? 10
  return new Promise((resolve, reject) => {
    let settled = false
    const instance = autocannon({ timeout: 10, ...options, duration }, (err, result) => {
      if (settled) return
      settled = true
      clearTimeout(soft)
      clearTimeout(hard)
      if (err) reject(err)
      else resolve(summarize(result))
    })
    const soft = setTimeout(() => instance.stop(), (duration + graceS) * 1000)
    const hard = setTimeout(() => {
      if (settled) return
      settled = true
      reject(new Error(`autocannon did not finish within ${duration + graceS + 15} s`))
    }, (duration + graceS + 15) * 1000)
  })
}

export const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T

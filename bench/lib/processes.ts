// Child processes of the benchmark: the server under test and the bare node:http server. Every
// child runs in its own process group so that it and its cluster workers can always be killed,
// whatever happens to the benchmark itself.
import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'

export interface Child {
  name: string
  proc: ChildProcess
  pid: number
  port: number
  /** Last lines written to stderr and stdout, shown when the child fails. */
  output: string[]
  exited: Promise<number | null>
  hasExited(): boolean
}

const live = new Set<Child>()

/** Kills every child still alive (and its process group): for exit paths that cannot wait. */
export function killAllNow(): void {
  for (const child of live) {
    if (child.hasExited()) continue
    try {
      process.kill(-child.pid, 'SIGKILL')
    } catch {
      try {
        child.proc.kill('SIGKILL')
      } catch {
        // already gone
      }
    }
  }
  live.clear()
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export function startChild(name: string, args: string[], env: NodeJS.ProcessEnv, port: number): Child {
  const proc = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  const output: string[] = []
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) output.push(line)
    if (output.length > 60) output.splice(0, output.length - 60)
  }
  proc.stdout?.on('data', keep)
  proc.stderr?.on('data', keep)
  let exitedFlag = false
  const exited = new Promise<number | null>((resolve) => {
    proc.on('exit', (code, signal) => {
      exitedFlag = true
      resolve(code ?? (signal ? -1 : null))
    })
    proc.on('error', (err) => {
      output.push(String(err))
      exitedFlag = true
      resolve(-1)
    })
  })
  if (proc.pid === undefined) throw new Error(`could not start ${name}`)
  const child: Child = { name, proc, pid: proc.pid, port, output, exited, hasExited: () => exitedFlag }
  live.add(child)
  void exited.then(() => live.delete(child))
  return child
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Polls `path` until it answers 200; fails when the child exits or the time is up. */
export async function waitForHttp(child: Child, path: string, timeoutMs = 30_000, minProcesses = 1): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let lastError = ''
  while (Date.now() < deadline) {
    if (child.hasExited()) throw new Error(`${child.name} exited before answering:\n${child.output.join('\n')}`)
    try {
      const res = await fetch(`http://127.0.0.1:${child.port}${path}`, { signal: AbortSignal.timeout(2000) })
      await res.arrayBuffer()
      if (res.status === 200 && processTree(child.pid).length >= minProcesses) return
      lastError = `status ${res.status}`
    } catch (err) {
      lastError = (err as Error).message
    }
    await sleep(100)
  }
  throw new Error(`${child.name} did not answer ${path} within ${timeoutMs} ms (${lastError}):\n${child.output.join('\n')}`)
}

/** Asks the child to stop (SIGTERM: graceful, writes --cpu-prof output), then kills its group. */
export async function stopChild(child: Child, graceMs = 15_000): Promise<void> {
  if (child.hasExited()) return
  try {
    child.proc.kill('SIGTERM')
  } catch {
    // gone
  }
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref())
  await Promise.race([child.exited, timer])
  // Cluster workers normally leave with their primary; the group kill catches stragglers.
  try {
    process.kill(-child.pid, 'SIGKILL')
  } catch {
    // group already gone
  }
  await Promise.race([child.exited, new Promise((r) => setTimeout(r, 2000).unref())])
  live.delete(child)
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    // Kernels without CONFIG_PROC_CHILDREN: scan /proc for the parent id.
    const out: number[] = []
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
        if (ppid === pid) out.push(Number(entry))
      } catch {
        // exited meanwhile
      }
    }
    return out
  }
}

/** The process and its direct children (cluster workers). */
export function processTree(pid: number): number[] {
  return [pid, ...childrenOf(pid)]
}

export function rssBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]
    return kb ? Number(kb) * 1024 : 0
  } catch {
    return 0
  }
}

export interface RssSample {
  /** Peak of the summed RSS of the serving processes (the workers when there are several, else the one process). */
  peak: number
  mean: number
  /** Peak RSS of the cluster primary when it does not serve (workers > 1), else 0. */
  primaryPeak: number
}

/** Samples the server's RSS every `everyMs` until stopped. */
export function sampleRss(pid: number, everyMs = 200): { stop(): RssSample } {
  let peak = 0
  let primaryPeak = 0
  let sum = 0
  let n = 0
  const take = () => {
    const children = childrenOf(pid)
    const serving = children.length > 0 ? children : [pid]
    const total = serving.reduce((acc, p) => acc + rssBytes(p), 0)
    if (children.length > 0) primaryPeak = Math.max(primaryPeak, rssBytes(pid))
    peak = Math.max(peak, total)
    sum += total
    n++
  }
  take()
  const timer = setInterval(take, everyMs)
  return {
    stop() {
      clearInterval(timer)
      take()
      return { peak, mean: n ? sum / n : 0, primaryPeak }
    },
  }
}

function cpuTimes(): { busy: number; total: number } {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
    const total = fields.reduce((a, b) => a + b, 0)
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
    return { busy: total - idle, total }
  } catch {
    return { busy: 0, total: 0 }
  }
}

/** Share of the machine's CPU time (0-1) spent busy over `ms`: taken while the benchmark idles, it is other processes' load. */
export async function machineBusy(ms = 1500): Promise<number> {
  const a = cpuTimes()
  await new Promise((r) => setTimeout(r, ms))
  const b = cpuTimes()
  return b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : 0
}

/** CPU seconds (user + system, all threads) used so far by these processes; USER_HZ is 100 on Linux. */
export function cpuSeconds(pids: number[]): number {
  return pids.reduce((acc, p) => acc + processTicks(p), 0) / 100
}

function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    return Number(fields[11]) + Number(fields[12])
  } catch {
    return 0
  }
}

/**
 * Measures how much CPU other processes took while the benchmark ran: machine busy time minus the
 * time of the given processes (this one and the server tree), as a share of the machine.
 */
export function otherCpu(pids: () => number[]): { stop(): number } {
  const a = cpuTimes()
  // Per process: one that exits during the window (an idle database connection closed by its
  // pool) must not subtract the time it had used before the window.
  const before = new Map(pids().map((p) => [p, processTicks(p)]))
  return {
    stop() {
      const b = cpuTimes()
      let mine = 0
      for (const p of pids()) mine += processTicks(p) - (before.get(p) ?? 0)
      const total = b.total - a.total
      return total > 0 ? Math.min(1, Math.max(0, (b.busy - a.busy - mine) / total)) : 0
    },
  }
}

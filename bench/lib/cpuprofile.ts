// Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went: self time by package or
// source file, the hottest functions, and inclusive time of the functions on the hot path.
import { readFileSync } from 'node:fs'

interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
  columnNumber: number
}

interface ProfileNode {
  id: number
  callFrame: CallFrame
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

export interface Share {
  name: string
  ms: number
  percent: number
}

export interface ProfileSummary {
  file: string
  totalMs: number
  /** Time the process was busy (everything but "(idle)"). */
  busyMs: number
  byArea: Share[]
  topSelf: Share[]
  topInclusive: Share[]
}

/** node_modules package, Leavedesk source file, node: builtin, or one of V8's pseudo frames. */
export function areaOf(frame: CallFrame): string {
  const url = frame.url
  if (!url) {
    if (frame.functionName.startsWith('(')) return frame.functionName
    return '(native)'
  }
  const nm = url.lastIndexOf('/node_modules/')
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/')
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url)
  }
  if (url.startsWith('node:')) return url
  const dist = url.indexOf('/dist/')
  if (dist >= 0) return `leavedesk ${url.slice(dist + 1)}`
  return url.replace(/^file:\/\//, '')
}

function frameName(frame: CallFrame): string {
  const fn = frame.functionName || '(anonymous)'
  if (!frame.url) return fn
  return `${fn} ${areaOf(frame)}:${frame.lineNumber + 1}`
}

function top(map: Map<string, number>, total: number, n: number): Share[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({ name, ms: us / 1000, percent: (100 * us) / total }))
}

/** Monotonic-clock microseconds, the clock V8 stamps profile samples with (CLOCK_MONOTONIC on Linux). */
export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n)

/** `window` (monotonic µs) keeps only the samples of the measured run: no start-up, no warm-up, no shutdown. */
export function summarizeProfile(file: string, n = 30, window?: { fromUs: number; toUs: number }): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const byId = new Map<number, ProfileNode>()
  const parent = new Map<number, number>()
  for (const node of profile.nodes) {
    byId.set(node.id, node)
    for (const child of node.children ?? []) parent.set(child, node.id)
  }
  const selfUs = new Map<number, number>()
  let totalUs = 0
  let at = profile.startTime
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] as number
    at += profile.timeDeltas[i] ?? 0
    if (window && (at < window.fromUs || at > window.toUs)) continue
    // timeDeltas[i] is the time before sample i; attribute the following delta to it instead.
    const dt = profile.timeDeltas[i + 1] ?? 0
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt)
    totalUs += dt
  }
  const area = new Map<string, number>()
  const self = new Map<string, number>()
  const inclusive = new Map<string, number>()
  let idleUs = 0
  for (const [id, us] of selfUs) {
    const node = byId.get(id)
    if (!node) continue
    if (node.callFrame.functionName === '(idle)') {
      idleUs += us
      continue
    }
    const a = areaOf(node.callFrame)
    area.set(a, (area.get(a) ?? 0) + us)
    const name = frameName(node.callFrame)
    self.set(name, (self.get(name) ?? 0) + us)
    // Inclusive: every distinct function on the stack gets this node's self time once.
    const seen = new Set<string>()
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)?.callFrame
      if (!frame || frame.functionName === '(root)') continue
      const key = frameName(frame)
      if (seen.has(key)) continue
      seen.add(key)
      inclusive.set(key, (inclusive.get(key) ?? 0) + us)
    }
  }
  const busy = totalUs - idleUs
  return {
    file,
    totalMs: totalUs / 1000,
    busyMs: busy / 1000,
    byArea: top(area, busy || 1, n),
    topSelf: top(self, busy || 1, n),
    topInclusive: top(inclusive, busy || 1, n * 2),
  }
}

export function formatProfile(s: ProfileSummary): string {
  const lines = [`profile ${s.file}: ${(s.totalMs / 1000).toFixed(1)} s sampled, ${(s.busyMs / 1000).toFixed(1)} s busy (percentages are of busy time)`]
  const section = (title: string, rows: Share[]) => {
    lines.push('', title)
    for (const r of rows) lines.push(`  ${r.percent.toFixed(1).padStart(5)}%  ${r.ms.toFixed(0).padStart(7)} ms  ${r.name}`)
  }
  section('self time by area', s.byArea)
  section('hottest functions (self time)', s.topSelf)
  section('inclusive time', s.topInclusive)
  return lines.join('\n')
}

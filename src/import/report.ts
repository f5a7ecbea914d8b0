// What an import did (or, in a dry run, would do), as the command prints it; and the progress line.
import type { Plan } from './plan.js'
import type { WriteResult } from './write.js'

export interface ReportInput {
  label: string
  dryRun: boolean
  plan: Plan
  sourceUsers: number
  sourceRequests: number
  written: WriteResult | null
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

export function formatReport({ label, dryRun, plan, sourceUsers, sourceRequests, written }: ReportInput): string {
  const count = <T extends { action: string }>(rows: readonly T[], action: string) => rows.filter((r) => r.action === action).length
  const make = dryRun ? 'to create' : 'created'
  const lines = [`Import from ${label}${dryRun ? ' (dry run: nothing was changed)' : ''}`]
  const renumberedUsers = dryRun ? plan.users.filter((u) => u.action === 'create' && !u.keepsId).length : (written?.renumberedUsers.size ?? 0)
  const renumberedRequests = dryRun ? plan.requests.filter((r) => r.action === 'create' && !r.keepsId).length : (written?.renumberedRequests.size ?? 0)
  const renumbered = (n: number) => (n > 0 ? ` (${n} with a new id: the original's is taken here)` : '')
  lines.push(
    `Users: ${count(plan.users, 'create')} ${make}${renumbered(renumberedUsers)}, ${count(plan.users, 'match')} matched to an existing account, ` +
      `${count(plan.users, 'merge')} merged into an older account (case duplicates), ${count(plan.users, 'skip')} already imported (skipped), ` +
      `${sourceUsers - plan.users.length} not imported`,
  )
  lines.push(
    `Leave requests: ${count(plan.requests, 'create')} ${make}${renumbered(renumberedRequests)}, ${count(plan.requests, 'skip')} already imported (skipped), ` +
      `${sourceRequests - plan.requests.length} not imported`,
  )
  if (plan.newTypes.length > 0) lines.push(`Leave types ${make} (retired, for old requests of unknown types): ${plan.newTypes.join(', ')}`)
  if (written && written.renumberedRequests.size + written.renumberedUsers.size > 0) {
    lines.push('New ids (original → Leavedesk):')
    for (const [from, to] of written.renumberedUsers) lines.push(`  user ${from} → ${to}`)
    for (const [from, to] of written.renumberedRequests) lines.push(`  request ${from} → ${to}`)
  } else if (dryRun && renumberedUsers + renumberedRequests > 0) {
    const taken = [...plan.users.filter((u) => u.action === 'create' && !u.keepsId).map((u) => `user ${u.sourceId}`), ...plan.requests.filter((r) => r.action === 'create' && !r.keepsId).map((r) => `request ${r.sourceId}`)]
    lines.push(`Ids already taken here, to be given new ones: ${taken.join(', ')}`)
  }
  lines.push(plan.problems.length === 0 ? 'Problems: none' : `Problems (${plan.problems.length}):`)
  const sorted = [...plan.problems].sort((a, b) => (a.entity === b.entity ? a.id - b.id : a.entity === 'user' ? -1 : 1))
  for (const p of sorted) lines.push(`  ${p.entity} ${p.id}: ${p.reason}`)
  if (!dryRun) lines.push(`Done: ${plural(count(plan.users, 'create'), 'account')} and ${plural(count(plan.requests, 'create'), 'leave request')} written.`)
  return lines.join('\n')
}

/** A progress line for a terminal: rows done, rows per second, time left. */
export function progressLine(done: number, total: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0
  const left = rate > 0 ? Math.ceil((total - done) / rate) : null
  const eta = left === null ? '' : `, ${left >= 60 ? `${Math.floor(left / 60)} min ${left % 60} s` : `${left} s`} left`
  return `${done}/${total} rows, ${Math.round(rate)} rows/s${eta}`
}

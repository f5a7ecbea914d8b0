// Exports: absences and balances as CSV, streamed record by record from keyset batches.
import { parallel } from '../db/parallel.js'
import { pipeline, Readable } from 'node:stream'
import type { FastifyBaseLogger } from 'fastify'
import { balanceOn, needsFacts, withPending, yearShares } from '../balances/balance.js'
import { balanceContext, bookingRules } from '../balances/balance-book.js'
import { pendingOf } from '../balances/bookings.js'
import { effectiveWorkingTime } from '../working-time/effective.js'
import type { BalancesRepository } from '../balances/balances.repository.js'
import { toFact } from '../balances/balances.repository.js'
import { balanceBody, countingTypes } from '../balances/balances.service.js'
import { leaveYearOf } from '../balances/leave-year.js'
import type { LeaveStatus } from '../db/schema.js'
import { PermissionDeniedError, ValidationError } from '../errors.js'
import type { UserRow } from '../users/users.repository.js'
import { addDays, todayIn } from '../working-time/calendar.js'
import { configVersionOf, type ConfigCache } from '../working-time/config-cache.js'
import { csvStringifier } from './csv.js'
import type { ExportScope, ReportsRepository } from './reports.repository.js'

export const ABSENCE_COLUMNS = ['user_id', 'email', 'first_name', 'last_name', 'type', 'status', 'start_date', 'end_date', 'half_day_start', 'half_day_end', 'days', 'hours'] as const
export const BALANCE_COLUMNS = [
  'user_id', 'email', 'first_name', 'last_name', 'type', 'year_start', 'year_end', 'allowance', 'accrued', 'carried_over',
  'carried_over_expires', 'expired', 'adjustments', 'used', 'pending', 'balance', 'available',
] as const

/** What the calendar shows, and so what an absence export holds unless asked for other statuses. */
const SHOWN: LeaveStatus[] = ['PENDING', 'APPROVED', 'CANCELLATION_REQUESTED']

export interface Csv {
  filename: string
  stream: Readable
}

export interface ReportsDeps {
  reports: ReportsRepository
  balances: BalancesRepository
  config: ConfigCache
  clock: () => number
  /** Where a failure in the middle of a stream goes: its answer has already begun. */
  log: FastifyBaseLogger
}

export class ReportsService {
  constructor(private readonly d: ReportsDeps) {}

  /** One row per request and leave-year part of it, by start date. */
  async absences(caller: UserRow, query: { from?: string; to?: string; scope?: 'team' | 'all'; status?: string }): Promise<Csv> {
    const scope = scopeOf(caller, query.scope)
    const config = await this.d.config.get(configVersionOf(caller))
    const lys = config.settings.leave_year_start
    const current = leaveYearOf(todayIn(config.settings.default_time_zone, this.d.clock()), lys)
    const from = query.from ?? current.start
    const to = query.to ?? current.end
    if (to < from) throw ValidationError.field('to', 'to must not be before from.')
    const statuses = parseStatuses(query.status)
    const rows = this.d.reports.absences(scope, statuses, from, to)
    async function* records() {
      for await (const r of rows) {
        const counts = JSON.parse(r.day_counts) as number[]
        const total = counts.reduce((a, b) => a + b, 0)
        const parts = yearShares(r.start_date, counts, lys)
        // A request of no working day still is one row.
        if (parts.length <= 1) {
          yield { ...r, half_day_start: r.half_day_start === 1, half_day_end: r.half_day_end === 1 }
          continue
        }
        for (const part of parts) {
          const end = addDays(part.leave_from, part.day_counts.length - 1)
          if (end < from || part.leave_from > to) continue
          yield {
            ...r,
            start_date: part.leave_from,
            end_date: end,
            half_day_start: r.half_day_start === 1 && part.leave_from === r.start_date,
            half_day_end: r.half_day_end === 1 && end === r.end_date,
            days: part.total / 1000,
            hours: Math.round(((r.hours * part.total) / total) * 100) / 100,
          }
        }
      }
    }
    return { filename: `absences-${from}-${to}.csv`, stream: this.stream(records(), ABSENCE_COLUMNS) }
  }

  /** One row per person and counting type with the balance fields, as of a day (today in the company's zone). */
  async balances(caller: UserRow, query: { as_of?: string; scope?: 'team' | 'all' }): Promise<Csv> {
    const scope = scopeOf(caller, query.scope)
    const config = await this.d.config.get(configVersionOf(caller))
    const asOf = query.as_of ?? todayIn(config.settings.default_time_zone, this.d.clock())
    const year = leaveYearOf(asOf, config.settings.leave_year_start).year
    const { reports, balances } = this.d
    const rules = bookingRules(config)
    const todayOf = (person: UserRow) => todayIn(effectiveWorkingTime(person, config.settings).timeZone, this.d.clock())
    async function* records() {
      for await (const people of reports.people(scope)) {
        const ids = people.map((p) => p.id)
        const [totals, pendingRows] = await parallel([balances.totalsOf(ids), balances.pendingRequests(ids)])
        const needing = people.filter((p) => [...(totals.get(p.id)?.values() ?? [])].some((years) => needsFacts(years.get(year), asOf)))
        const facts = (await balances.factsOf(needing.map((p) => p.id), year)).map((row) => ({ row, fact: toFact(row) }))
        for (const person of people) {
          const mine = totals.get(person.id) ?? new Map()
          const reserved = pendingOf(pendingRows.filter((r) => r.user_id === person.id), todayOf(person), rules)
          for (const type of countingTypes(config, mine)) {
            const ctx = balanceContext(config, type, person.employment_start, withPending(mine.get(type), reserved.get(type)))
            const own = facts.filter((f) => f.row.user_id === person.id && f.row.type === type).map((f) => f.fact)
            const b = balanceBody(type, balanceOn(ctx, asOf, needsFacts(ctx.totals.get(year), asOf) ? own : undefined))
            yield {
              user_id: person.id,
              email: person.email,
              first_name: person.first_name,
              last_name: person.last_name,
              ...b,
              year_start: b.year.start,
              year_end: b.year.end,
            }
          }
        }
      }
    }
    return { filename: `balances-${asOf}.csv`, stream: this.stream(records(), BALANCE_COLUMNS) }
  }

  /**
   * Records as CSV. pipeline() ends the reading when the answer ends early (a client hangs up, a
   * HEAD request), so no batch is read for nobody, and a failure mid-stream is logged, never thrown.
   */
  private stream(records: AsyncGenerator<Record<string, unknown>>, columns: readonly string[]): Readable {
    const csv = csvStringifier(columns)
    pipeline(Readable.from(records), csv, (err) => {
      if (err && err.code !== 'ERR_STREAM_PREMATURE_CLOSE') this.d.log.error({ err }, 'a CSV export failed after its answer had begun')
    })
    return csv
  }
}

/** Managers export their direct reports; admins everyone (or their reports with scope=team); employees nothing. */
function scopeOf(caller: UserRow, asked: 'team' | 'all' | undefined): ExportScope {
  if (caller.role === 'admin') return asked === 'team' ? { kind: 'team', managerId: caller.id } : { kind: 'all' }
  if (caller.role === 'manager' && asked !== 'all') return { kind: 'team', managerId: caller.id }
  throw new PermissionDeniedError()
}

const STATUSES: LeaveStatus[] = ['PENDING', 'APPROVED', 'REJECTED', 'CANCELLATION_REQUESTED', 'CANCELLED']

function parseStatuses(raw: string | undefined): LeaveStatus[] {
  if (raw === undefined) return SHOWN
  const asked = raw.split(',').map((s) => s.trim())
  const bad = asked.find((s) => !STATUSES.includes(s as LeaveStatus))
  if (bad !== undefined) throw ValidationError.field('status', `"${bad}" is not a valid choice.`)
  return asked as LeaveStatus[]
}

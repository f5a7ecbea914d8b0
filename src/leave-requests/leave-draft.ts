// What a leave request would be if it were written now: its period both ways, its leave type, the
// working time it takes, and everything that would stop it being written. Create and update write a
// draft that has no problem; the preview shows a draft as it is.
import type { Executor } from '../db/executor.js'
import type { LeaveStatus } from '../db/schema.js'
import type { LeaveTypeRow } from '../leave-types/leave-types.repository.js'
import { invalidChoice } from '../leave-types/leave-types.service.js'
import { ConflictError, ValidationError, type FieldErrorMap } from '../errors.js'
import { insufficientMessage, type BalanceBook, type FitOfType } from '../balances/balance-book.js'
import type { Breach } from '../coverage/coverage.js'
import { coverageConflict, type CoverageService } from '../coverage/coverage.service.js'
import { parseDateTime } from '../http/validation.js'
import { configVersionOf, type ConfigCache, type WorkingConfig } from '../working-time/config-cache.js'
import type { UserRow } from '../users/users.repository.js'
import { daysBetween } from '../working-time/calendar.js'
import type { Duration } from '../working-time/duration.js'
import { effectiveWorkingTime, type WorkingTime } from '../working-time/effective.js'
import type { Instants, LocalPeriod } from '../working-time/period.js'
import { resolvePeriod, type PeriodInput, type WorkingTimeService } from '../working-time/working-time.service.js'
import { computedFields, type ComputedFields, type LeaveRequestRow, type LeaveRequestsRepository } from './leave-requests.repository.js'

export interface LeaveInput {
  start?: string
  end?: string
  start_date?: string
  end_date?: string
  half_day_start?: boolean
  half_day_end?: boolean
  description?: string
  type?: string
  status?: LeaveStatus
}

export interface DraftOptions {
  /** The request being changed. */
  current?: LeaveRequestRow
  /** PUT: the period is replaced whole (its pair is required), not merged with the current one. */
  replace?: boolean
}

export type ProblemCode = 'invalid_period' | 'no_working_day' | 'overlap' | 'invalid_type' | 'before_employment_start' | 'insufficient_balance' | 'coverage'

export interface Problem {
  code: ProblemCode
  message: string
  /** The field create answers the problem under ("error": the request as a whole). */
  field: string
  request_id?: number
}

export interface Draft {
  config: WorkingConfig
  type: LeaveTypeRow
  time: WorkingTime
  /** Absent when the period is invalid. */
  period?: LocalPeriod
  instants?: Instants
  duration?: Duration
  /** What create or update would store. */
  fields?: ComputedFields
  /** How it fits each leave year it takes days in (types that count against a balance). */
  balance: FitOfType[]
  /** The days it would break a coverage rule on (warn and block). */
  coverage: Breach[]
  problems: Problem[]
}

/** Longest period a request may span: three years, enough for parental leave. */
export const MAX_PERIOD_DAYS = 1096

export const NO_WORKING_DAY = 'The request covers no working day.'
export const END_AFTER_START = 'end must be after start'

const INSTANT_FIELDS = ['start', 'end'] as const
const DATE_FIELDS = ['start_date', 'end_date', 'half_day_start', 'half_day_end'] as const

/**
 * Which form of the period a body uses. `complete` (create, PUT): the pair of that form is required;
 * a body with neither is read as the original's form, so its clients hear "start" and "end" are missing.
 */
export function periodForm(input: LeaveInput, complete: boolean): 'instants' | 'dates' | 'none' {
  const instants = INSTANT_FIELDS.some((f) => input[f] !== undefined)
  const dates = DATE_FIELDS.some((f) => input[f] !== undefined)
  if (instants && dates) {
    throw ValidationError.object('Send the period either as start and end, or as start_date and end_date (with half_day_start and half_day_end), not both.')
  }
  const form = dates ? 'dates' : instants ? 'instants' : 'none'
  if (complete) {
    const required = form === 'dates' ? (['start_date', 'end_date'] as const) : INSTANT_FIELDS
    const missing: FieldErrorMap = {}
    for (const field of required) if (input[field] === undefined) missing[field] = ['This field is required.']
    if (Object.keys(missing).length > 0) throw new ValidationError(missing)
  }
  return form
}

/** Schema validation has already checked the format; this only converts. */
export function millis(value: string): number {
  const ms = parseDateTime(value)
  if (ms === null) throw new Error(`unvalidated date-time ${value}`)
  return ms
}

export interface DraftDeps {
  book: BalanceBook
  coverage: CoverageService
  config: ConfigCache
  requests: LeaveRequestsRepository
  workingTime: WorkingTimeService
}

export class LeaveDrafts {
  constructor(private readonly d: DraftDeps) {}

  /**
   * The draft of `owner`'s request from `input`, over `options.current` when it changes one (fields
   * left out keep their value). Malformed input (an unknown type, a missing pair) throws at once, as create
   * answers it; problems that the preview explains are collected.
   */
  async build(owner: UserRow, input: LeaveInput, options: DraftOptions = {}, ex?: Executor): Promise<Draft> {
    const current = options.current ?? null
    const form = periodForm(input, current === null || options.replace === true)
    const code = input.type ?? current?.type ?? 'VACATION'
    const config = await this.d.config.get(configVersionOf(owner), ex)
    const type = config.leaveType(code)
    if (!type) throw ValidationError.field('type', invalidChoice(code))
    const time = effectiveWorkingTime(owner, config.settings)
    const problems: Problem[] = []
    // A retired type can no longer be chosen; a request that has it keeps it.
    if (type.active !== 1 && type.code !== current?.type) problems.push({ code: 'invalid_type', field: 'type', message: invalidChoice(code) })

    const periodInput = this.periodInput(form, input, options.replace ? null : current)
    const invalid = periodProblem(periodInput)
    const draft = { config, type, time, balance: [] as FitOfType[], coverage: [] as Breach[] }
    if (invalid) return { ...draft, problems: [invalid, ...problems] }

    const resolved = resolvePeriod(periodInput, time.timeZone)
    // Dates a zone skipped (Pacific/Kiritimati had no 1994-12-31) can make an empty or reversed period.
    if (resolved.instants.end <= resolved.instants.start) {
      return { ...draft, problems: [{ code: 'invalid_period', field: 'error', message: `This period does not exist in the time zone ${time.timeZone}.` }, ...problems] }
    }
    // Checked before any day is counted: a period of millennia must not cost millennia of days.
    if (daysBetween(resolved.period.start_date, resolved.period.end_date) + 1 > MAX_PERIOD_DAYS) {
      return { ...draft, problems: [{ code: 'invalid_period', field: 'error', message: `A request may span at most ${MAX_PERIOD_DAYS} days.` }, ...problems] }
    }
    const measured = this.d.workingTime.measure(config, time, type.unit, resolved)
    if (measured.duration.days === 0 && measured.duration.hours === 0) problems.push({ code: 'no_working_day', field: 'error', message: NO_WORKING_DAY })
    const overlap = await this.d.requests.findOverlap(owner.id, measured.instants.start, measured.instants.end, current?.id ?? null, ex)
    if (overlap !== undefined) {
      problems.push({ code: 'overlap', field: 'error', message: `This request overlaps leave request ${overlap}.`, request_id: overlap })
    }
    const employmentStart = owner.employment_start
    if (employmentStart !== null && measured.period.start_date < employmentStart) {
      problems.push({ code: 'before_employment_start', field: 'error', message: `The employment starts on ${employmentStart}: no leave can start before it.` })
    }
    const stored = computedFields(measured.instants, measured.period, time.timeZone, measured.duration)
    const balance = await this.d.book.fits(config, { id: owner.id, timeZone: time.timeZone, employmentStart }, { type: type.code, ...stored }, current, ex)
    for (const fit of balance) if (!fit.fits) problems.push({ code: 'insufficient_balance', field: 'error', message: insufficientMessage(fit, config) })
    const leave = { request_id: current?.id ?? 0, user_id: owner.id, start_date: stored.start_date, day_counts: JSON.parse(stored.day_counts) as number[] }
    const coverage = await this.d.coverage.forRequest(config, owner.id, leave, ex)
    const blocking = coverage.find((b) => b.mode === 'block')
    if (blocking) problems.push({ code: 'coverage', field: 'error', message: coverageConflict(blocking).detail })
    return { ...draft, ...measured, fields: stored, balance, coverage, problems }
  }

  /** Whether a leave type has this code, as `caller` (signed in) sees the company's config. */
  async typeExists(caller: UserRow, code: string): Promise<boolean> {
    return (await this.d.config.get(configVersionOf(caller))).leaveType(code) !== undefined
  }

  private periodInput(form: 'instants' | 'dates' | 'none', input: LeaveInput, current: LeaveRequestRow | null): PeriodInput {
    if (form === 'dates') {
      return {
        kind: 'dates',
        period: {
          start_date: input.start_date ?? current!.start_date,
          end_date: input.end_date ?? current!.end_date,
          half_day_start: input.half_day_start ?? (current ? current.half_day_start === 1 : false),
          half_day_end: input.half_day_end ?? (current ? current.half_day_end === 1 : false),
        },
      }
    }
    return {
      kind: 'instants',
      instants: {
        start: input.start !== undefined ? millis(input.start) : current!.start,
        end: input.end !== undefined ? millis(input.end) : current!.end,
      },
    }
  }
}

/** What is wrong with a period before any day is counted, if anything. */
function periodProblem(input: PeriodInput): Problem | undefined {
  const invalid = (message: string): Problem => ({ code: 'invalid_period', field: 'error', message })
  if (input.kind === 'instants') {
    if (input.instants.end <= input.instants.start) return invalid(END_AFTER_START)
    return undefined
  }
  const { start_date, end_date, half_day_start, half_day_end } = input.period
  if (end_date < start_date) return invalid('end_date must not be before start_date.')
  if (start_date === end_date && half_day_start && half_day_end) {
    return invalid('A one-day request cannot have both half days: send neither for the whole day, or one for its morning or afternoon.')
  }
  return undefined
}

/** Problems of state rather than of input: 409 with their code, not 400. */
const CONFLICTS: readonly ProblemCode[] = ['insufficient_balance', 'coverage']

/**
 * Create and update refuse a draft with problems: every one at once, under its field (400); when
 * only the balance or a block coverage rule stands in the way, 409 with that code.
 */
export function throwProblems(draft: Draft): void {
  const invalid = draft.problems.filter((p) => !CONFLICTS.includes(p.code))
  if (invalid.length > 0) {
    const fields: FieldErrorMap = {}
    for (const p of invalid) (fields[p.field] ??= []).push(p.message)
    throw new ValidationError(fields)
  }
  const conflict = draft.problems[0]
  if (conflict) throw new ConflictError(conflict.message, conflict.code)
}

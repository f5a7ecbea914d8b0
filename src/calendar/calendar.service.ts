// Who's out: the calendar of a window for a scope, and the same view as an iCalendar feed that
// calendar clients subscribe to with a derived token.
import { parallel } from '../db/parallel.js'
import { createHash } from 'node:crypto'
import { NotFoundError, PermissionDeniedError, ValidationError } from '../errors.js'
import type { UserRow } from '../users/users.repository.js'
import { addDays, daysBetween, eachYear, todayIn } from '../working-time/calendar.js'
import { configVersionOf, type ConfigCache, type WorkingConfig } from '../working-time/config-cache.js'
import { effectiveWorkingTime } from '../working-time/effective.js'
import type { HolidaySource } from '../working-time/holidays.js'
import type { CoverageService } from '../coverage/coverage.service.js'
import { absenceFor, displayName, halfDayNote, personSummary, summaryOf } from './calendar-view.js'
import type { CalendarAbsence, CalendarAudience, CalendarPerson, CalendarRepository } from './calendar.repository.js'
import { FEED_KINDS, type FeedKind, type FeedTokens } from './feed-tokens.js'
import { renderCalendar, type AllDayEvent } from './ical.js'

export const MAX_WINDOW_DAYS = 366
const DEFAULT_WINDOW_DAYS = 14
/** A feed covers a year back and two years ahead of today. */
const FEED_BACK_DAYS = 366
const FEED_AHEAD_DAYS = 731

export interface CalendarDeps {
  calendar: CalendarRepository
  coverage: CoverageService
  config: ConfigCache
  holidays: HolidaySource
  tokens: FeedTokens
  appUrl: string
  clock: () => number
}

export interface CalendarQueryInput {
  from?: string
  to?: string
  scope?: FeedKind
  user_id?: number
}

type Viewer = Pick<UserRow, 'id' | 'role' | 'manager_id' | 'time_zone' | 'holiday_region' | 'work_week'>

export class CalendarService {
  constructor(private readonly d: CalendarDeps) {}

  async calendar(caller: UserRow, query: CalendarQueryInput) {
    const config = await this.d.config.get(configVersionOf(caller))
    const from = query.from ?? todayIn(effectiveWorkingTime(caller, config.settings).timeZone, this.d.clock())
    const to = query.to ?? addDays(from, DEFAULT_WINDOW_DAYS - 1)
    if (to < from) throw ValidationError.field('to', 'to must not be before from.')
    if (daysBetween(from, to) + 1 > MAX_WINDOW_DAYS) throw ValidationError.field('to', `A calendar window spans at most ${MAX_WINDOW_DAYS} days.`)
    const audience = audienceOf(caller, query.scope ?? 'team', config)
    if (!audience) throw new PermissionDeniedError()
    const [[people, absences], coverage] = await parallel([this.window(audience, query.user_id, from, to), this.d.coverage.inWindow(config, caller, from, to)])
    if (query.user_id !== undefined && people.length === 0) throw new NotFoundError()
    const byPerson = groupByPerson(absences)
    return {
      from,
      to,
      people: people.map((p) => ({ user: personSummary(p), absences: (byPerson.get(p.id) ?? []).map((a) => absenceFor(caller, a)) })),
      holidays: this.holidaysOf(config, people, from, to),
      coverage,
    }
  }

  /** The caller's feed URLs, the same every time until a rotation. */
  async feeds(caller: UserRow, version = caller.feed_version) {
    const config = await this.d.config.get(configVersionOf(caller))
    const url = (kind: FeedKind) => `${this.d.appUrl}/ical/${this.d.tokens.token(caller.id, kind, version)}.ics`
    return { me: url('me'), team: url('team'), all: audienceOf(caller, 'all', config) ? url('all') : null }
  }

  /** New tokens: every old feed URL of the caller stops working at once. */
  async rotate(caller: UserRow) {
    return this.feeds(caller, await this.d.calendar.rotateFeeds(caller.id))
  }

  /**
   * A feed by its token, as iCalendar text with an ETag; null when `ifNoneMatch` already names it.
   * An unknown, rotated or malformed token, or a deactivated owner, is not found.
   */
  async feed(file: string, ifNoneMatch: string | undefined): Promise<{ body: string | null; etag: string }> {
    const claim = file.endsWith('.ics') ? this.d.tokens.parse(file.slice(0, -4)) : null
    if (!claim) throw new NotFoundError()
    const owner = await this.d.calendar.feedOwner(claim.userId)
    if (!owner || owner.is_active !== 1 || !this.d.tokens.verify(claim, owner.feed_version)) throw new NotFoundError()
    const config = await this.d.config.get(configVersionOf(owner as UserRow))
    const audience = audienceOf(owner, claim.kind, config)
    if (!audience) throw new NotFoundError()
    const time = effectiveWorkingTime(owner, config.settings)
    const today = todayIn(time.timeZone, this.d.clock())
    const from = addDays(today, -FEED_BACK_DAYS)
    const to = addDays(today, FEED_AHEAD_DAYS)
    const [people, absences] = await this.window(audience, undefined, from, to)
    const byId = new Map(people.map((p) => [p.id, p]))
    const events: AllDayEvent[] = []
    for (const a of absences) {
      const person = byId.get(a.user_id)
      if (!person) continue
      const shown = absenceFor(owner, a)
      events.push({
        uid: `${a.uid ?? `request-${a.id}`}@leavedesk`,
        sequence: a.sequence,
        stamp: a.updated_at,
        start: a.start_date,
        endExclusive: addDays(a.end_date, 1),
        summary: summaryOf(person, shown, shown.type === null ? null : (config.leaveType(shown.type)?.name ?? shown.type)),
        status: a.status === 'PENDING' ? 'TENTATIVE' : 'CONFIRMED',
      })
    }
    // The owner's own days off, as their own events.
    for (const h of this.holidaysOf(config, [{ holiday_region: owner.holiday_region }], from, to)) {
      const id = createHash('sha256').update(`${h.region ?? ''}\0${h.date}\0${h.name}`).digest('hex').slice(0, 24)
      events.push({
        uid: `holiday-${id}@leavedesk`,
        sequence: 0,
        stamp: Date.parse(`${h.date}T00:00:00Z`),
        start: h.date,
        endExclusive: addDays(h.date, 1),
        summary: `${h.name}${halfDayNote({ start_date: h.date, end_date: h.date, half_day_start: h.half_day, half_day_end: false })}`,
        status: 'CONFIRMED',
        categories: 'Holiday',
      })
    }
    const name = claim.kind === 'me' ? `Leavedesk: ${displayName(owner)}` : claim.kind === 'team' ? `Leavedesk: team of ${displayName(owner)}` : 'Leavedesk: everyone'
    const body = renderCalendar(name, events)
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
    return { body: matches(ifNoneMatch, etag) ? null : body, etag }
  }

  /**
   * The people in view and their absences: two queries. Everyone's are read side by side; a team's
   * absences by the ids the first query found, so that they come through (user_id, end_date).
   */
  private async window(audience: CalendarAudience, onlyUserId: number | undefined, from: string, to: string): Promise<[CalendarPerson[], CalendarAbsence[]]> {
    if (audience.kind === 'all' && onlyUserId === undefined) {
      return parallel([this.d.calendar.people(audience, undefined), this.d.calendar.absences('all', from, to)])
    }
    const people = await this.d.calendar.people(audience, onlyUserId)
    return [people, await this.d.calendar.absences(people.map((p) => p.id), from, to)]
  }

  /** Public holidays of the regions in view and the company's days off, in the window, by date. */
  private holidaysOf(config: WorkingConfig, people: readonly Pick<CalendarPerson, 'holiday_region'>[], from: string, to: string) {
    const regions = new Set(people.map((p) => p.holiday_region ?? config.settings.default_holiday_region))
    const out: { date: string; name: string; half_day: boolean; region: string | null }[] = []
    const seen = new Set<string>()
    const add = (h: (typeof out)[number]) => {
      const key = `${h.date}\0${h.name}\0${h.region}`
      if (!seen.has(key)) {
        seen.add(key)
        out.push(h)
      }
    }
    for (const region of regions) {
      if (region !== null) {
        for (const year of eachYear(from, to)) {
          for (const h of this.d.holidays.publicHolidays(region, year)) if (h.date >= from && h.date <= to) add({ date: h.date, name: h.name, half_day: h.half_day, region })
        }
      }
      for (const c of config.companyHolidays(from, to, region)) add({ date: c.date, name: c.name, half_day: c.half_day === 1, region: c.region })
    }
    return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : (a.region ?? '') < (b.region ?? '') ? -1 : 1))
  }
}

/** The audience of a scope for a viewer, or null when they may not read it. */
function audienceOf(viewer: Viewer, scope: FeedKind, config: WorkingConfig): CalendarAudience | null {
  if (!FEED_KINDS.includes(scope)) return null
  if (scope === 'me') return { kind: 'me', userId: viewer.id }
  if (scope === 'team') return { kind: 'team', userId: viewer.id, managerId: viewer.manager_id }
  return viewer.role === 'admin' || config.settings.calendar_visible_to_everyone ? { kind: 'all' } : null
}

function groupByPerson(absences: CalendarAbsence[]): Map<number, CalendarAbsence[]> {
  const out = new Map<number, CalendarAbsence[]>()
  for (const a of absences) {
    let list = out.get(a.user_id)
    if (!list) out.set(a.user_id, (list = []))
    list.push(a)
  }
  return out
}

/** Whether an If-None-Match header names this ETag (weak or strong, in a list, or *). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false
  return header.split(',').some((part) => {
    const tag = part.trim().replace(/^W\//, '')
    return tag === '*' || tag === etag
  })
}

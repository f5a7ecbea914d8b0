// /calendar?month=YYYY-MM&scope=team|me|all: who is away in a month, as a wall chart (an agenda
// list on a phone). The month and scope live in the URL, so back, forward and deep links work.
import { useMemo } from 'react'
import { Link, useSearchParams } from 'react-router'
import { ApiError } from '../../api/errors'
import { formatDate } from '../../i18n/format'
import { useLocale, useT } from '../../preferences'
import { useMe } from '../../session-context'
import { Page } from '../../ui/page'
import { EmptyState, Loaded } from '../../ui/states'
import { Agenda } from './agenda'
import { holidaysByDate, useCalendar, useFeeds, useLeaveTypeNames, type CalendarAnswer } from './calendar-data'
import { CoverageTable } from './coverage-table'
import { Legend } from './legend'
import { daysOfMonth, parseMonth, parseScope, SCOPES, shiftMonth, todayIn, type Scope } from './month'
import { PHONE_QUERY, useMediaQuery } from './use-media-query'
import { WallChart } from './wall-chart'

function search(month: string, scope: Scope): string {
  return `?month=${month}&scope=${scope}`
}

export function CalendarPage() {
  const t = useT()
  const locale = useLocale()
  const me = useMe()
  const [params] = useSearchParams()
  const today = todayIn(me.effective_time_zone)
  const month = parseMonth(params.get('month'), today)
  const scope = parseScope(params.get('scope'))
  const days = useMemo(() => daysOfMonth(month), [month])
  // Everyone's calendar: admins, or everyone when the company allows it, which the feeds say (an
  // "all" feed exists exactly then). Not asked for without it: the 403 would be a console error.
  const feeds = useFeeds(me.role !== 'admin')
  const canSeeAll = me.role === 'admin' || Boolean(feeds.data?.all)
  const allUnknown = scope === 'all' && me.role !== 'admin' && feeds.data === undefined && feeds.error === undefined
  const allowed = scope !== 'all' || canSeeAll || feeds.error !== undefined
  const query = useCalendar(days[0]!, days[days.length - 1]!, scope, allowed && !allUnknown)
  const isPhone = useMediaQuery(PHONE_QUERY)
  const typeName = useLeaveTypeNames()
  const monthName = formatDate(`${month}-01`, locale, { month: 'long', year: 'numeric' })
  const caption = t.calendar.caption(monthName, t.calendar.scopes[scope])
  const forbidden = (!allowed && !allUnknown) || (query.error instanceof ApiError && query.error.status === 403)

  const show = (data: CalendarAnswer) => {
    if (data.people.length === 0) {
      return (
        <EmptyState title={t.calendar.nobody}>
          <p>{t.calendar.nobodyHint}</p>
        </EmptyState>
      )
    }
    const holidays = holidaysByDate(data.holidays)
    const common = { days, people: data.people, holidays, today, locale, t, typeName }
    return (
      <>
        {isPhone ? <Agenda title={caption} {...common} /> : <WallChart caption={caption} {...common} />}
        {isPhone ? null : <Legend t={t} />}
        <CoverageTable coverage={data.coverage} locale={locale} t={t} />
      </>
    )
  }

  return (
    <Page title={t.calendar.title} actions={<Link className="button" to="/calendar/feeds">{t.calendar.feedsLink}</Link>}>
      <div className="cal-toolbar">
        <nav aria-label={t.calendar.scopeNav} className="cal-scopes">
          <ul>
            {SCOPES.filter((s) => s !== 'all' || canSeeAll || scope === 'all').map((s) => (
              <li key={s}>
                <Link to={search(month, s)} className="button button-small" aria-current={s === scope ? 'page' : undefined}>
                  {t.calendar.scopes[s]}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <nav aria-label={t.calendar.monthNav} className="cal-months">
          <Link to={search(shiftMonth(month, -1), scope)} className="button button-small">
            <span aria-hidden="true">←</span> {t.calendar.previousMonth}
          </Link>
          <Link to={search(today.slice(0, 7), scope)} className="button button-small" aria-current={month === today.slice(0, 7) ? 'date' : undefined}>
            {t.calendar.thisMonth}
          </Link>
          <Link to={search(shiftMonth(month, 1), scope)} className="button button-small">
            {t.calendar.nextMonth} <span aria-hidden="true">→</span>
          </Link>
        </nav>
      </div>
      {forbidden ? (
        <div className="alert alert-info" role="status">
          <p>{t.calendar.forbiddenAll}</p>
          <Link className="button" to={search(month, 'team')}>
            {t.calendar.showTeam}
          </Link>
        </div>
      ) : (
        <Loaded query={query}>{show}</Loaded>
      )}
    </Page>
  )
}

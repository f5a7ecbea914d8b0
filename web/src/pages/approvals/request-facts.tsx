// What an approver needs to decide: the request, the balance it leaves, the coverage rules it
// breaks and who else is away then. Every number is the server's.
import { formatDate, formatInstant, formatNumber, formatDateRange } from '../../i18n/format'
import { useLocale, useT } from '../../preferences'
import { useMe } from '../../session-context'
import { useCalendar, type LeaveType } from '../calendar/calendar-data'
import { personName } from '../../people'
import { useBalances, type ApprovalItem } from './approvals-data'
import { amountText, periodText } from './request-text'

function BalanceLine({ item }: { item: ApprovalItem }) {
  const t = useT()
  const locale = useLocale()
  const balances = useBalances(item.user.id, item.start_date)
  if (balances.error !== undefined) return <span className="muted">{t.approvals.balanceUnknown}</span>
  if (!balances.data) return <span className="muted">{t.common.loading}</span>
  const entry = balances.data.find((b) => b.type === item.type)
  if (!entry) return <>{t.approvals.noBalance}</>
  const year = formatDateRange(entry.year.start, entry.year.end, locale)
  const available = t.common.days(entry.available)
  // Pending days are already reserved in "available": for a pending request it is what remains.
  return <>{item.status === 'PENDING' ? t.approvals.balanceAfter(available, year) : t.approvals.balanceNow(available, year)}</>
}

export function CoverageList({ item }: { item: ApprovalItem }) {
  const t = useT()
  const locale = useLocale()
  return (
    <ul className="appr-coverage">
      {item.coverage.map((c) => (
        <li key={`${c.rule_id}-${c.date}`} className={c.mode === 'block' ? 'appr-block' : 'appr-warn'}>
          {t.approvals.coverageLine(
            c.group,
            formatDate(c.date, locale, { weekday: 'short', day: 'numeric', month: 'short' }),
            formatNumber(c.present, locale),
            formatNumber(c.min_present, locale),
          )}{' '}
          <span className="muted">({c.mode === 'block' ? t.approvals.coverageBlock : t.approvals.coverageWarn})</span>
        </li>
      ))}
    </ul>
  )
}

/** Others away in the request's period, from the calendar of everyone the approver may see. */
function AwayList({ item }: { item: ApprovalItem }) {
  const t = useT()
  const locale = useLocale()
  const me = useMe()
  const calendar = useCalendar(item.start_date, item.end_date, me.role === 'admin' ? 'all' : 'team')
  if (calendar.error !== undefined) return <span className="muted">{t.common.loadFailed}</span>
  if (!calendar.data) return <span className="muted">{t.common.loading}</span>
  const others = calendar.data.people.filter((p) => p.user.id !== item.user.id && p.absences.length > 0)
  if (others.length === 0) return <>{t.approvals.nobodyElse}</>
  return (
    <ul className="appr-away">
      {others.map((person) => (
        <li key={person.user.id}>
          <strong>{personName(person.user)}</strong>:{' '}
          {person.absences
            .map((a) => `${periodText(a, locale, t)}, ${t.approvals.awayStatus[a.status] ?? a.status}`)
            .join('; ')}
        </li>
      ))}
    </ul>
  )
}

export function RequestFacts({ item, leaveType }: { item: ApprovalItem; leaveType: LeaveType | undefined }) {
  const t = useT()
  const locale = useLocale()
  const me = useMe()
  return (
    <dl className="facts appr-facts">
      <dt>{t.approvals.facts.dates}</dt>
      <dd>{periodText(item, locale, t)}</dd>
      <dt>{t.approvals.facts.days}</dt>
      <dd>{amountText(item, leaveType?.unit, t)}</dd>
      <dt>{t.approvals.facts.type}</dt>
      <dd>{leaveType?.name ?? item.type}</dd>
      {item.description ? (
        <>
          <dt>{t.approvals.facts.comment}</dt>
          <dd className="appr-comment">{item.description}</dd>
        </>
      ) : null}
      <dt>{t.approvals.facts.submitted}</dt>
      <dd>{formatInstant(item.created_at, locale, me.effective_time_zone)}</dd>
      <dt>{t.approvals.facts.balance}</dt>
      <dd>
        <BalanceLine item={item} />
      </dd>
      {item.coverage.length > 0 ? (
        <>
          <dt>{t.approvals.facts.coverage}</dt>
          <dd>
            <CoverageList item={item} />
          </dd>
        </>
      ) : null}
      <dt>{t.approvals.facts.away}</dt>
      <dd>
        <AwayList item={item} />
      </dd>
    </dl>
  )
}

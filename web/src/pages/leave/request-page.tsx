// One leave request: /leave-requests/<id>/, the page the mails link to. Its facts, the buttons its
// allowed_actions offers the caller (owner or approver), and its history.
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { useQuery } from '../../api/query'
import { formatDateRange, formatInstant } from '../../i18n/format'
import { useLocale, useT } from '../../preferences'
import { useMe } from '../../session-context'
import { Page, Section } from '../../ui/page'
import { Loading, Notice } from '../../ui/states'
import { LeaveActions, type LeaveActionsProps } from './leave-actions'
import { loadRequest, requestKey, type LeaveRequest } from './leave-api'
import { useTypeName } from './leave-types'
import { useCarriedNotice, type NoticeState } from './notice-state'
import { HalfDays } from './request-list'
import { RequestHistory } from './request-history'
import { RequestLoadError } from './request-load-error'
import { StatusBadge } from './status-badge'
import './leave.css'
import { personName } from '../../people'

export default function LeaveRequestPage() {
  const t = useT()
  const locale = useLocale()
  const { id = '' } = useParams()
  const navigate = useNavigate()
  const carried = useCarriedNotice()
  const [notice, setNotice] = useState<string | undefined>(undefined)
  const request = useQuery(requestKey(id), () => loadRequest(id))

  const onDone: LeaveActionsProps['onDone'] = (action, updated) => {
    const done = t.leave.actions.done[action]
    if (!updated) {
      navigate('/leave', { state: { notice: done } satisfies NoticeState })
      return
    }
    setNotice(`${done} ${t.leave.actions.nowStatus(t.common.status[updated.status] ?? updated.status)}`)
  }

  if (request.data === undefined) {
    if (request.error !== undefined) return <RequestLoadError error={request.error} onRetry={() => void request.reload()} />
    return (
      <Page title={t.leave.detail.loadingTitle}>
        <Loading />
      </Page>
    )
  }
  const current = request.data
  return (
    <Page
      title={t.leave.detail.title(formatDateRange(current.start_date, current.end_date, locale))}
      actions={
        <Link className="button" to="/leave">
          {t.leave.detail.backToList}
        </Link>
      }
    >
      <div aria-live="polite">{(notice ?? carried) ? <Notice>{notice ?? carried}</Notice> : null}</div>
      <RequestFacts request={current} />
      <LeaveActions request={current} onDone={onDone} />
      <Section title={t.leave.detail.historyTitle}>
        <RequestHistory id={id} />
      </Section>
    </Page>
  )
}

function RequestFacts({ request }: { request: LeaveRequest }) {
  const t = useT()
  const locale = useLocale()
  const me = useMe()
  const typeName = useTypeName()
  const d = t.leave.detail
  const when = (iso: string) => formatInstant(iso, locale, me.effective_time_zone)
  return (
    <section className="card request-facts" aria-labelledby="request-facts-title">
      <h2 id="request-facts-title">{d.facts}</h2>
      <dl className="facts">
        <dt>{d.status}</dt>
        <dd>
          <StatusBadge status={request.status} />
        </dd>
        <dt>{d.owner}</dt>
        <dd>
          {personName(request.user)} {request.user.id === me.id ? null : <span className="muted">({request.user.email})</span>}
        </dd>
        <dt>{d.dates}</dt>
        <dd>
          {formatDateRange(request.start_date, request.end_date, locale)} <HalfDays request={request} />
        </dd>
        <dt>{d.days}</dt>
        <dd>
          {t.leave.days(request.days)} <span className="muted">({t.leave.preview.hours(request.hours)})</span>
        </dd>
        <dt>{d.type}</dt>
        <dd>{typeName(request.type)}</dd>
        <dt>{d.description}</dt>
        <dd className="pre-line">{request.description || <span className="muted">{d.noDescription}</span>}</dd>
        <dt>{d.filedAt}</dt>
        <dd>{when(request.created_at)}</dd>
        <dt>{d.decidedBy}</dt>
        <dd>
          {request.decided_by ? (
            <>
              {personName(request.decided_by)}
              {request.decided_at ? <span className="muted">, {when(request.decided_at)}</span> : null}
            </>
          ) : (
            <span className="muted">{d.notDecided}</span>
          )}
        </dd>
        {request.decision_comment ? (
          <>
            <dt>{d.decisionComment}</dt>
            <dd className="pre-line">{request.decision_comment}</dd>
          </>
        ) : null}
      </dl>
    </section>
  )
}

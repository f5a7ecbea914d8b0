// /approvals: every request waiting for the caller's decision, oldest first; new leave and
// cancellation requests apart. After a decision the result is announced and focus moves to the
// next request (or the page heading when none is left).
import { useEffect, useRef, useState } from 'react'
import { Link } from 'react-router'
import { invalidate } from '../../api/query'
import { useLocale, useT } from '../../preferences'
import { Page, Section } from '../../ui/page'
import { EmptyState, Loaded } from '../../ui/states'
import { useLeaveTypes } from '../calendar/calendar-data'
import { ApprovalCard, approvalHeadingId } from './approval-card'
import { useApprovals, type ApprovalItem, type Decision } from './approvals-data'
import { periodText } from './request-text'
import { ApprovalsTabs } from './tabs'
import { personName } from '../../people'

export function InboxPage() {
  const t = useT()
  const locale = useLocale()
  const query = useApprovals()
  const types = useLeaveTypes()
  const [announcement, setAnnouncement] = useState('')
  const focusAfter = useRef<{ decided: number; next: number | null } | null>(null)

  const onDecided = (item: ApprovalItem, decision: Decision) => {
    // The order on screen: new requests, then cancellations.
    const all = query.data?.items ?? []
    const order = [...all.filter((i) => i.status !== 'CANCELLATION_REQUESTED'), ...all.filter((i) => i.status === 'CANCELLATION_REQUESTED')].map((i) => i.id)
    const at = order.indexOf(item.id)
    focusAfter.current = { decided: item.id, next: order[at + 1] ?? order[at - 1] ?? null }
    setAnnouncement(t.approvals.announced[decision](personName(item.user), periodText(item, locale, t)))
    invalidate('/api/approvals', '/api/leave-requests', '/api/balances', '/api/calendar')
  }

  useEffect(() => {
    const target = focusAfter.current
    if (!target || !query.data || query.data.items.some((i) => i.id === target.decided)) return
    focusAfter.current = null
    const next = target.next === null ? null : document.getElementById(approvalHeadingId(target.next))
    ;(next ?? document.querySelector<HTMLElement>('main h1'))?.focus()
  }, [query.data])

  const cards = (items: ApprovalItem[]) => (
    <div className="appr-list">
      {items.map((item) => (
        <ApprovalCard key={item.id} item={item} leaveType={types.get(item.type)} onDecided={onDecided} />
      ))}
    </div>
  )

  return (
    <Page title={t.approvals.title}>
      <ApprovalsTabs />
      <div role="status" className="appr-live">
        {announcement ? <p className="alert alert-success">{announcement}</p> : null}
      </div>
      <Loaded query={query}>
        {({ items, total }) => {
          if (items.length === 0) {
            return (
              <EmptyState title={t.approvals.emptyTitle}>
                <p>{t.approvals.emptyHint}</p>
                <Link to="/approvals/team">{t.approvals.emptyLink}</Link>
              </EmptyState>
            )
          }
          const requests = items.filter((i) => i.status !== 'CANCELLATION_REQUESTED')
          const cancellations = items.filter((i) => i.status === 'CANCELLATION_REQUESTED')
          return (
            <>
              {total > items.length ? <p className="alert alert-info">{t.approvals.more(items.length, total)}</p> : null}
              {requests.length > 0 ? <Section title={t.approvals.requestsTitle}>{cards(requests)}</Section> : null}
              {cancellations.length > 0 ? <Section title={t.approvals.cancellationsTitle}>{cards(cancellations)}</Section> : null}
            </>
          )
        }}
      </Loaded>
    </Page>
  )
}

// My leave (/leave): the balances, then the person's own requests with their actions.
import { useRef, useState } from 'react'
import { Link } from 'react-router'
import { useT } from '../../preferences'
import { Page, Section } from '../../ui/page'
import { Notice } from '../../ui/states'
import { BalanceCards } from './balance-cards'
import type { LeaveActionsProps } from './leave-actions'
import { useCarriedNotice } from './notice-state'
import { RequestList } from './request-list'

export function MyLeavePage() {
  const t = useT()
  const carried = useCarriedNotice()
  const [notice, setNotice] = useState<string | undefined>(undefined)
  const noticeArea = useRef<HTMLDivElement>(null)
  const onDone: LeaveActionsProps['onDone'] = (action, updated) => {
    const done = t.leave.actions.done[action]
    setNotice(updated ? `${done} ${t.leave.actions.nowStatus(t.common.status[updated.status] ?? updated.status)}` : done)
    // The button that was pressed may be gone with its row (deleted, cancelled): keyboard focus goes
    // to the result instead of falling to the page, once the dialog has given it back.
    setTimeout(() => noticeArea.current?.focus(), 0)
  }
  return (
    <Page
      title={t.leave.myLeave.title}
      actions={
        <Link className="button button-primary" to="/leave/new">
          {t.leave.myLeave.newRequest}
        </Link>
      }
    >
      <div aria-live="polite" ref={noticeArea} tabIndex={-1} className="notice-area">{(notice ?? carried) ? <Notice>{notice ?? carried}</Notice> : null}</div>
      <Section title={t.leave.myLeave.balancesTitle}>
        <BalanceCards />
      </Section>
      <Section title={t.leave.myLeave.requestsTitle}>
        <RequestList onDone={onDone} />
      </Section>
    </Page>
  )
}

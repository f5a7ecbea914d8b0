// New request (/leave/new): the form with its live preview; filing it opens the new request's page.
import { useCallback } from 'react'
import { useNavigate, useSearchParams } from 'react-router'
import { api } from '../../api/client'
import { unwrap } from '../../api/errors'
import { useMutation } from '../../api/mutation'
import { invalidate } from '../../api/query'
import { useT } from '../../preferences'
import { Page } from '../../ui/page'
import { AFFECTED_BY_LEAVE_CHANGE, type LeaveRequestBody } from './leave-api'
import type { NoticeState } from './notice-state'
import { RequestForm, type Draft } from './request-form'

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/

export function NewRequestPage() {
  const t = useT()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  // ?start=&end= (e.g. from the calendar) fill the dates in.
  const start = params.get('start')
  const end = params.get('end') ?? start
  const initial: Draft = {
    range: start && end && PLAIN_DATE.test(start) && PLAIN_DATE.test(end) && start <= end ? { start, end } : null,
    halfDayStart: false,
    halfDayEnd: false,
    type: params.get('type') ?? 'VACATION',
    description: '',
  }
  const create = useCallback(
    async (body: LeaveRequestBody) => {
      const created = unwrap(await api.POST('/api/leave-requests', { body }))
      invalidate(...AFFECTED_BY_LEAVE_CHANGE)
      navigate(`/leave-requests/${created.id}`, { state: { notice: t.leave.form.created } satisfies NoticeState })
    },
    [navigate, t],
  )
  const mutation = useMutation(create)
  return (
    <Page title={t.leave.form.newTitle}>
      <RequestForm initial={initial} submitLabel={t.leave.form.submit} mutation={mutation} onSubmit={(body) => void mutation.run(body)} />
    </Page>
  )
}

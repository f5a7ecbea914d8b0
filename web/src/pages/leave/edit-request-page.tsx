// Edit a pending request (/leave/:id/edit), when its allowed_actions has `update`: the same form,
// sent as a PATCH; the request's page opens afterwards.
import { useCallback } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { api } from '../../api/client'
import { unwrap } from '../../api/errors'
import { useMutation } from '../../api/mutation'
import { invalidate, useQuery } from '../../api/query'
import { useT } from '../../preferences'
import { Page } from '../../ui/page'
import { Loaded } from '../../ui/states'
import { AFFECTED_BY_LEAVE_CHANGE, loadRequest, requestKey, type LeaveRequestBody } from './leave-api'
import type { NoticeState } from './notice-state'
import { RequestForm } from './request-form'
import { RequestLoadError } from './request-load-error'

export function EditRequestPage() {
  const t = useT()
  const { id = '' } = useParams()
  const navigate = useNavigate()
  const request = useQuery(requestKey(id), () => loadRequest(id))
  const change = useCallback(
    async (body: LeaveRequestBody) => {
      unwrap(await api.PATCH('/api/leave-requests/{id}', { params: { path: { id } }, body }))
      invalidate(...AFFECTED_BY_LEAVE_CHANGE)
      navigate(`/leave-requests/${id}`, { state: { notice: t.leave.form.updated } satisfies NoticeState })
    },
    [id, navigate, t],
  )
  const mutation = useMutation(change)
  if (request.error !== undefined && request.data === undefined) return <RequestLoadError error={request.error} onRetry={() => void request.reload()} />
  return (
    <Page title={t.leave.form.editTitle}>
      <Loaded query={request}>
        {(current) =>
          current.allowed_actions.includes('update') ? (
            <>
              <p className="muted">{t.leave.form.editSelfNote}</p>
              <RequestForm
                initial={{
                  range: { start: current.start_date, end: current.end_date },
                  halfDayStart: current.half_day_start,
                  halfDayEnd: current.half_day_end,
                  type: current.type,
                  description: current.description,
                }}
                submitLabel={t.leave.form.saveChanges}
                mutation={mutation}
                onSubmit={(body) => void mutation.run(body)}
                editingId={current.id}
              />
            </>
          ) : (
            <div className="alert alert-info">
              <p>{t.leave.form.notEditable}</p>
              <Link to={`/leave-requests/${current.id}`}>{t.leave.detail.loadingTitle}</Link>
            </div>
          )
        }
      </Loaded>
    </Page>
  )
}

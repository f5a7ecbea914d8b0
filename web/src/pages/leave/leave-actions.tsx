// The buttons of a leave request, exactly those its `allowed_actions` lists (the server decides who
// may do what). Each one asks for confirmation in a dialog, with a comment where the endpoint takes
// one. Reusable anywhere a request is shown (My leave, a request's page, the approvals inbox).
import { useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { api } from '../../api/client'
import { ApiError, unwrap } from '../../api/errors'
import { useMutation } from '../../api/mutation'
import { invalidate } from '../../api/query'
import { useT } from '../../preferences'
import { useMe } from '../../session-context'
import { CheckboxField, TextArea } from '../../ui/fields'
import { ModalDialog } from '../../ui/modal-dialog'
import { errorMessage, Notice } from '../../ui/states'
import { AFFECTED_BY_LEAVE_CHANGE, type LeaveAction, type LeaveRequest } from './leave-api'
import './leave-actions.css'

type Transition = Exclude<LeaveAction, 'update'>
export type ActionTarget = Pick<LeaveRequest, 'id' | 'status' | 'allowed_actions' | 'user'>

/** The endpoints that take a comment; `reject` requires one. */
const TAKES_COMMENT: ReadonlySet<Transition> = new Set(['approve', 'reject', 'approve-cancellation', 'reject-cancellation'])
const DESTRUCTIVE: ReadonlySet<Transition> = new Set(['delete', 'cancel', 'reject'])

interface ActionBody {
  comment?: string
  override_coverage?: boolean
}

/** Sends one action; the updated request, or null after a delete. */
export async function performLeaveAction(requestId: number, action: Transition, body: ActionBody): Promise<LeaveRequest | null> {
  const path = { id: String(requestId) }
  const comment = body.comment ?? ''
  switch (action) {
    case 'delete':
      unwrap(await api.DELETE('/api/leave-requests/{id}', { params: { path } }))
      return null
    case 'cancel':
      return unwrap(await api.POST('/api/leave-requests/{id}/cancel', { params: { path }, body: {} }))
    case 'approve':
      return unwrap(
        await api.POST('/api/leave-requests/{id}/approve', {
          params: { path },
          body: { ...(comment ? { comment } : {}), ...(body.override_coverage ? { override_coverage: true } : {}) },
        }),
      )
    case 'reject':
      return unwrap(await api.POST('/api/leave-requests/{id}/reject', { params: { path }, body: { comment } }))
    case 'approve-cancellation':
      return unwrap(await api.POST('/api/leave-requests/{id}/approve-cancellation', { params: { path }, body: comment ? { comment } : {} }))
    case 'reject-cancellation':
      return unwrap(await api.POST('/api/leave-requests/{id}/reject-cancellation', { params: { path }, body: comment ? { comment } : {} }))
  }
}

export interface LeaveActionsProps {
  request: ActionTarget
  /** After a successful action (the lists are already invalidated); `updated` is null after a delete. */
  onDone?: (action: Transition, updated: LeaveRequest | null) => void
  /** Actions not to show here (e.g. `update` where an edit link is shown elsewhere). */
  exclude?: readonly LeaveAction[]
  /** Read after each button's label by screen readers, e.g. the request's dates in a list. */
  context?: string
  small?: boolean
}

/** One bar of buttons for whatever the caller may do with the request now. */
export function LeaveActions({ request, onDone, exclude = [], context, small }: LeaveActionsProps) {
  const t = useT()
  const shown = request.allowed_actions.filter((action) => !exclude.includes(action))
  if (shown.length === 0) return null
  const size = small ? ' button-small' : ''
  return (
    <div className="leave-actions" role="group" aria-label={context ? `${t.leave.actions.label}: ${context}` : t.leave.actions.label}>
      {shown.map((action) =>
        action === 'update' ? (
          <Link key={action} className={`button${size}`} to={`/leave/${request.id}/edit`}>
            {t.leave.actions.update}
            {context ? <span className="visually-hidden">: {context}</span> : null}
          </Link>
        ) : (
          <ActionDialog key={action} request={request} action={action} size={size} context={context} onDone={onDone} />
        ),
      )}
    </div>
  )
}

function useActionWords(request: ActionTarget, action: Transition) {
  const t = useT()
  const me = useMe()
  const a = t.leave.actions
  if (action === 'cancel') {
    const pending = request.status === 'PENDING'
    const own = request.user.id === me.id
    return {
      label: pending ? a.cancelPending : a.cancelApproved,
      title: pending ? a.confirm.cancelPending : a.confirm.cancelApproved,
      body: pending ? a.body.cancelPending : own ? a.body.cancelApproved : a.body.cancelOther,
    }
  }
  return { label: a[action], title: a.confirm[action], body: a.body[action] }
}

function ActionDialog({
  request,
  action,
  size,
  context,
  onDone,
}: {
  request: ActionTarget
  action: Transition
  size: string
  context: string | undefined
  onDone: LeaveActionsProps['onDone']
}) {
  const t = useT()
  const words = useActionWords(request, action)
  const [comment, setComment] = useState('')
  const [override, setOverride] = useState(false)
  const [missingComment, setMissingComment] = useState(false)
  const commentRequired = action === 'reject' || override
  const mutation = useMutation(async (close: () => void) => {
    const updated = await performLeaveAction(request.id, action, { comment: comment.trim(), override_coverage: override })
    invalidate(...AFFECTED_BY_LEAVE_CHANGE)
    close()
    onDone?.(action, updated)
  })
  // A block coverage rule refuses the approval; the approver may then override it with a comment.
  const coverageBlocked = action === 'approve' && mutation.error instanceof ApiError && mutation.error.code === 'coverage'
  const fieldError = missingComment ? [t.leave.actions.commentMissing] : mutation.fieldErrors.comment
  const generalError = mutation.error && !mutation.fieldErrors.comment ? errorMessage(mutation.error, t.common) : null

  const submit = (event: FormEvent, close: () => void) => {
    event.preventDefault()
    if (commentRequired && comment.trim() === '') {
      setMissingComment(true)
      return
    }
    setMissingComment(false)
    void mutation.run(close)
  }
  const danger = DESTRUCTIVE.has(action)
  const [open, setOpen] = useState(false)
  const onOpenChange = (next: boolean) => {
    setOpen(next)
    if (!next) {
      mutation.reset()
      setMissingComment(false)
    }
  }
  const close = () => onOpenChange(false)
  return (
    <>
      <button type="button" aria-haspopup="dialog" className={`button${danger ? ' button-danger' : action === 'approve' ? ' button-primary' : ''}${size}`} onClick={() => setOpen(true)}>
        {words.label}
        {context ? <span className="visually-hidden">: {context}</span> : null}
      </button>
      <ModalDialog isOpen={open} onOpenChange={onOpenChange} title={words.title} role={danger ? 'alertdialog' : 'dialog'} isDismissable={!mutation.pending}>
        <form className="modal-form" onSubmit={(event) => submit(event, close)} noValidate>
          <p>{words.body}</p>
          {TAKES_COMMENT.has(action) ? (
            <TextArea
              label={commentRequired ? t.leave.actions.commentRequired : `${t.leave.actions.comment} ${t.common.optional}`}
              hint={t.leave.actions.commentHint}
              value={comment}
              onChange={(event) => setComment(event.target.value)}
              errors={fieldError}
              maxLength={2000}
            />
          ) : null}
          {coverageBlocked || override ? (
            <CheckboxField
              label={t.leave.actions.overrideCoverage}
              hint={t.leave.actions.overrideHint}
              checked={override}
              onChange={(event) => setOverride(event.target.checked)}
            />
          ) : null}
          {generalError ? <Notice tone="error">{generalError}</Notice> : null}
          <div className="button-row">
            <button type="submit" className={danger ? 'button button-danger-solid' : 'button button-primary'} disabled={mutation.pending}>
              {mutation.pending ? t.common.saving : words.label}
            </button>
            <button type="button" className="button" onClick={close} disabled={mutation.pending}>
              {danger ? t.leave.actions.keep : t.leave.actions.back}
            </button>
          </div>
        </form>
      </ModalDialog>
    </>
  )
}

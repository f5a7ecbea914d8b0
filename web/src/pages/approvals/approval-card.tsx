// One request waiting for a decision: its facts, and exactly the decisions the server allows.
import { useState } from 'react'
import { ApiError } from '../../api/errors'
import { useMutation } from '../../api/mutation'
import { useT } from '../../preferences'
import { errorMessage } from '../../ui/states'
import type { LeaveType } from '../calendar/calendar-data'
import { decide, DECISIONS, type ApprovalItem, type Decision } from './approvals-data'
import { DecisionDialog, type DialogMode } from './decision-dialog'
import { RequestFacts } from './request-facts'
import { personName } from '../../people'

export function approvalHeadingId(id: number): string {
  return `approval-${id}`
}

interface ApprovalCardProps {
  item: ApprovalItem
  leaveType: LeaveType | undefined
  onDecided: (item: ApprovalItem, decision: Decision) => void
}

export function ApprovalCard({ item, leaveType, onDecided }: ApprovalCardProps) {
  const t = useT()
  const [dialog, setDialog] = useState<DialogMode | null>(null)
  const [conflict, setConflict] = useState<string | null>(null)
  const [decided, setDecided] = useState(false)

  const finish = (decision: Decision) => {
    setDialog(null)
    setDecided(true)
    onDecided(item, decision)
  }
  // The buttons' own decisions: approve (the server may answer 409 coverage) and approve-cancellation.
  const direct = useMutation(async (decision: Decision) => {
    try {
      await decide(item.id, decision, '')
    } catch (error) {
      if (decision === 'approve' && error instanceof ApiError && error.status === 409 && error.code === 'coverage') setConflict(error.message)
      throw error
    }
    finish(decision)
  })
  // The decisions that take a comment, from the dialog.
  const worded = useMutation(async (mode: DialogMode, comment: string) => {
    const decision: Decision = mode === 'override' ? 'approve' : mode
    await decide(item.id, decision, comment, mode === 'override')
    finish(decision)
  })
  const open = (mode: DialogMode) => {
    worded.reset()
    setDialog(mode)
  }

  const allowed = DECISIONS.filter((d) => item.allowed_actions.includes(d))
  const pending = direct.pending || worded.pending || decided
  const labels: Record<Decision, string> = {
    approve: t.approvals.approve,
    reject: t.approvals.reject,
    'approve-cancellation': t.approvals.approveCancellation,
    'reject-cancellation': t.approvals.rejectCancellation,
  }
  // The server said which days break a blocking rule: approving would answer 409, so go straight
  // to the override (a 409 from a change since the list loaded is still handled above).
  const blocked = item.coverage.some((c) => c.mode === 'block')
  const press = (decision: Decision) => {
    if (decision === 'reject' || decision === 'reject-cancellation') open(decision)
    else if (decision === 'approve' && blocked) {
      setConflict(t.approvals.blockedConflict)
      open('override')
    } else {
      setConflict(null)
      void direct.run(decision)
    }
  }
  const headingId = approvalHeadingId(item.id)
  return (
    <article className="card appr-card" aria-labelledby={headingId}>
      <div className="appr-head">
        <h3 id={headingId} tabIndex={-1}>
          {personName(item.user)}
        </h3>
        <span className={`badge badge-${item.status}`}>{t.common.status[item.status] ?? item.status}</span>
      </div>
      <RequestFacts item={item} leaveType={leaveType} />
      {conflict ? (
        <div className="alert alert-warn" role="alert">
          <p>
            <strong>{t.approvals.conflictTitle}.</strong> {conflict}
          </p>
          <button type="button" className="button" onClick={() => open('override')} disabled={pending}>
            {t.approvals.overrideOffer}
          </button>
        </div>
      ) : direct.error !== undefined ? (
        <p className="alert alert-error" role="alert">
          {errorMessage(direct.error, t.common)}
        </p>
      ) : null}
      {allowed.length > 0 ? (
        <div className="button-row">
          {allowed.map((decision) => (
            <button
              key={decision}
              type="button"
              className={decision.startsWith('approve') ? 'button button-primary' : 'button button-danger'}
              disabled={pending}
              onClick={() => press(decision)}
            >
              {direct.pending && (decision === 'approve' || decision === 'approve-cancellation') ? t.approvals.deciding : labels[decision]}
            </button>
          ))}
        </div>
      ) : null}
      <DecisionDialog mode={dialog} item={item} mutation={worded} onClose={() => setDialog(null)} conflict={conflict} />
    </article>
  )
}

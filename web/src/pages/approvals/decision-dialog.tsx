// The decisions that take words: reject (a comment is required), approve over a coverage rule (a
// comment is required), keep approved leave (a comment is optional). The server checks the comment.
import { useState, type FormEvent } from 'react'
import type { Mutation } from '../../api/mutation'
import { useT } from '../../preferences'
import { TextArea } from '../../ui/fields'
import { errorMessage } from '../../ui/states'
import { ModalDialog } from '../../ui/modal-dialog'
import type { ApprovalItem } from './approvals-data'
import { CoverageList } from './request-facts'
import { personName } from '../../people'

export type DialogMode = 'reject' | 'override' | 'reject-cancellation'

interface DecisionDialogProps {
  mode: DialogMode | null
  item: ApprovalItem
  mutation: Mutation<[DialogMode, string], unknown>
  onClose: () => void
  /** The coverage conflict the server named, shown again where the reason is written. */
  conflict: string | null
}

export function DecisionDialog({ mode, item, mutation, onClose, conflict }: DecisionDialogProps) {
  const t = useT()
  const [comment, setComment] = useState('')
  const name = personName(item.user)
  const text = {
    reject: { title: t.approvals.rejectTitle(name), intro: t.approvals.rejectIntro, confirm: t.approvals.confirmReject, required: true },
    override: { title: t.approvals.overrideTitle(name), intro: t.approvals.overrideIntro, confirm: t.approvals.confirmOverride, required: true },
    'reject-cancellation': {
      title: t.approvals.rejectCancellationTitle(name),
      intro: t.approvals.rejectCancellationIntro,
      confirm: t.approvals.confirmRejectCancellation,
      required: false,
    },
  }[mode ?? 'reject']
  // A required comment left empty is said here rather than sent for the server's 400.
  const [missing, setMissing] = useState(false)
  const commentErrors = missing ? [t.approvals.commentMissing] : mutation.fieldErrors.comment
  const otherError = mutation.error !== undefined && !commentErrors ? errorMessage(mutation.error, t.common) : null
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!mode) return
    const empty = text.required && comment.trim() === ''
    setMissing(empty)
    if (!empty) void mutation.run(mode, comment)
  }
  return (
    <ModalDialog
      isOpen={mode !== null}
      onOpenChange={(open) => {
        if (!open) {
          setMissing(false)
          onClose()
        }
      }}
      title={text.title}
      isDismissable={!mutation.pending}
    >
      <form onSubmit={submit} noValidate>
        <p>{text.intro}</p>
        {mode === 'override' && item.coverage.length > 0 ? (
          <div className="alert alert-warn">
            <CoverageList item={item} />
          </div>
        ) : mode === 'override' && conflict ? (
          <p className="alert alert-warn">{conflict}</p>
        ) : null}
        <TextArea
          label={text.required ? t.approvals.comment : `${t.approvals.comment} ${t.common.optional}`}
          hint={text.required ? t.approvals.commentRequired : undefined}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
          errors={commentErrors}
          aria-required={text.required || undefined}
          autoFocus
        />
        {otherError ? (
          <p className="alert alert-error" role="alert">
            {otherError}
          </p>
        ) : null}
        <div className="button-row">
          <button type="submit" className={mode === 'override' ? 'button button-primary' : 'button button-danger-solid'} disabled={mutation.pending}>
            {mutation.pending ? t.approvals.deciding : text.confirm}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              setMissing(false)
              onClose()
            }}
            disabled={mutation.pending}
          >
            {t.common.cancel}
          </button>
        </div>
      </form>
    </ModalDialog>
  )
}

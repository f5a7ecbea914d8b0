// A button that asks for confirmation in a modal dialog before it acts (deactivate, delete, new
// feed addresses). The action runs while the dialog stays open, so the server's refusal shows where
// the person is looking; the dialog closes when it worked.
import { useState, type ReactNode } from 'react'
import { useT } from '../preferences'
import { ModalDialog } from './modal-dialog'
import { errorMessage, Notice } from './states'

interface ConfirmButtonProps {
  /** The button that opens the dialog. */
  label: string
  /** Its accessible name where the visible label alone is ambiguous (a row's "Remove"). */
  ariaLabel?: string
  title: string
  body: ReactNode
  confirmLabel: string
  /** Shown on the confirming button while the action runs. */
  pendingLabel?: string
  /** Resolves true when it worked (the dialog closes), false to keep it open with `error`. */
  onConfirm: () => Promise<boolean>
  pending?: boolean
  error?: unknown
  small?: boolean
  /** Destructive (the default): a danger-styled trigger, an alertdialog. */
  danger?: boolean
  /** Called as the dialog opens (to forget the last attempt's error). */
  onOpen?: () => void
}

export function ConfirmButton({ label, ariaLabel, title, body, confirmLabel, pendingLabel, onConfirm, pending = false, error, small, danger = true, onOpen }: ConfirmButtonProps) {
  const t = useT()
  const [open, setOpen] = useState(false)
  const kind = danger ? 'button button-danger' : 'button'
  return (
    <>
      <button
        type="button"
        className={small ? `${kind} button-small` : kind}
        aria-label={ariaLabel}
        aria-haspopup="dialog"
        onClick={() => {
          onOpen?.()
          setOpen(true)
        }}
      >
        {label}
      </button>
      <ModalDialog isOpen={open} onOpenChange={setOpen} title={title} role={danger ? 'alertdialog' : 'dialog'} isDismissable={!pending}>
        {typeof body === 'string' ? <p>{body}</p> : body}
        {error ? <Notice tone="error">{errorMessage(error, t.common)}</Notice> : null}
        <div className="button-row modal-buttons">
          <button type="button" className="button" onClick={() => setOpen(false)} disabled={pending}>
            {t.common.cancel}
          </button>
          <button
            type="button"
            className={danger ? 'button button-danger-solid' : 'button button-primary'}
            disabled={pending}
            onClick={() => void onConfirm().then((done) => done && setOpen(false))}
          >
            {pending && pendingLabel ? pendingLabel : confirmLabel}
          </button>
        </div>
      </ModalDialog>
    </>
  )
}

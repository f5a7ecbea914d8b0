// A button that asks for confirmation in a modal dialog before it acts. The action runs while the
// dialog stays open, so its error shows where the person is looking.
import { useState, type ReactNode } from 'react'
import { useT } from '../../preferences'
import { errorMessage } from '../../ui/states'
import { ModalDialog } from '../../ui/modal-dialog'

interface ConfirmDialogProps {
  trigger: string
  title: string
  children: ReactNode
  confirm: string
  pendingLabel: string
  pending: boolean
  error: unknown
  /** Resolves true when done: the dialog then closes. */
  onConfirm: () => Promise<boolean>
  danger?: boolean
}

export function ConfirmDialog({ trigger, title, children, confirm, pendingLabel, pending, error, onConfirm, danger }: ConfirmDialogProps) {
  const t = useT()
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" className={danger ? 'button button-danger' : 'button'} onClick={() => setOpen(true)}>
        {trigger}
      </button>
      <ModalDialog isOpen={open} onOpenChange={setOpen} title={title} role="alertdialog" isDismissable={!pending}>
        {children}
        {error ? (
          <p className="alert alert-error" role="alert">
            {errorMessage(error, t.common.offline)}
          </p>
        ) : null}
        <div className="button-row">
          <button
            type="button"
            className={danger ? 'button button-danger-solid' : 'button button-primary'}
            disabled={pending}
            onClick={() => void onConfirm().then((done) => done && setOpen(false))}
          >
            {pending ? pendingLabel : confirm}
          </button>
          <button type="button" className="button" onClick={() => setOpen(false)} disabled={pending}>
            {t.common.cancel}
          </button>
        </div>
      </ModalDialog>
    </>
  )
}

// A destructive action behind a confirmation: an accessible modal dialog (react-aria-components:
// focus trapped, Escape closes it, focus returns to the button), showing the server's refusal in
// place. The buttons are native ones: react-aria's pressable Button injects a <style> element,
// which the app's CSP (style-src 'self') refuses with a console error.
import { useState } from 'react'
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components'
import { useT } from '../../preferences'
import { errorMessage, Notice } from '../../ui/states'

interface ConfirmProps {
  /** The button that opens the dialog. */
  label: string
  /** Its accessible name where the visible label alone is ambiguous (a row's "Remove"). */
  ariaLabel?: string
  title: string
  body: string
  confirmLabel: string
  /** Resolves true when it worked (the dialog closes), false to keep it open with `error`. */
  onConfirm: () => Promise<boolean>
  pending?: boolean
  error?: unknown
  small?: boolean
  danger?: boolean
  /** Called as the dialog opens (to forget the last attempt's error). */
  onOpen?: () => void
}

export function ConfirmButton({ label, ariaLabel, title, body, confirmLabel, onConfirm, pending, error, small, danger = true, onOpen }: ConfirmProps) {
  const t = useT()
  const [open, setOpen] = useState(false)
  const kind = danger ? 'button button-danger' : 'button'
  return (
    <>
      <button type="button" className={small ? `${kind} button-small` : kind} aria-label={ariaLabel} aria-haspopup="dialog" onClick={() => {
          onOpen?.()
          setOpen(true)
        }}>
        {label}
      </button>
      <ModalOverlay className="admin-modal-overlay" isDismissable isOpen={open} onOpenChange={setOpen}>
        <Modal className="admin-modal">
          <Dialog role="alertdialog" className="admin-dialog">
            <Heading slot="title" level={2}>
              {title}
            </Heading>
            <p>{body}</p>
            {error ? <Notice tone="error">{errorMessage(error, t.common.offline)}</Notice> : null}
            <div className="button-row">
              <button type="button" className="button" onClick={() => setOpen(false)}>
                {t.admin.confirm.cancel}
              </button>
              <button
                type="button"
                className={danger ? 'button button-danger' : 'button button-primary'}
                disabled={pending}
                onClick={() => {
                  void onConfirm().then((done) => {
                    if (done) setOpen(false)
                  })
                }}
              >
                {confirmLabel}
              </button>
            </div>
          </Dialog>
        </Modal>
      </ModalOverlay>
    </>
  )
}

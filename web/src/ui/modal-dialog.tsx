// A modal dialog from react-aria-components (focus kept inside, Escape closes, focus back where it
// was), opened by a plain <button> and with plain buttons inside.
import type { ReactNode } from 'react'
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components'
import './modal-dialog.css'

interface ModalDialogProps {
  isOpen: boolean
  onOpenChange: (open: boolean) => void
  title: string
  /** alertdialog for a confirmation of something that cannot be undone. */
  role?: 'dialog' | 'alertdialog'
  /** False while a request runs: no closing half-way. */
  isDismissable?: boolean
  children: ReactNode
}

export function ModalDialog({ isOpen, onOpenChange, title, role = 'dialog', isDismissable = true, children }: ModalDialogProps) {
  return (
    <ModalOverlay className="modal-overlay" isOpen={isOpen} onOpenChange={onOpenChange} isDismissable={isDismissable} isKeyboardDismissDisabled={!isDismissable}>
      <Modal className="modal">
        <Dialog role={role} className="modal-dialog">
          <Heading slot="title">{title}</Heading>
          {children}
        </Dialog>
      </Modal>
    </ModalOverlay>
  )
}

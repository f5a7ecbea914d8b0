// The leave area: its pages and their URLs below /leave/.
import { Route, Routes } from 'react-router'
import { NotFoundPage } from '../core/not-found'
import { EditRequestPage } from './edit-request-page'
import { MyLeavePage } from './my-leave-page'
import { NewRequestPage } from './new-request-page'
import './leave.css'

export { LeaveActions, performLeaveAction } from './leave-actions'
export { StatusBadge } from './status-badge'

export default function LeaveArea() {
  return (
    <Routes>
      <Route index element={<MyLeavePage />} />
      <Route path="new" element={<NewRequestPage />} />
      <Route path=":id/edit" element={<EditRequestPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  )
}

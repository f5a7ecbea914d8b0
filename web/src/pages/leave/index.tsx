// The leave area: its pages and their URLs below /leave/. The request form (with the date picker
// and its calendar) is a chunk of its own, so My leave, the first page after sign-in, stays small.
import { lazy, Suspense } from 'react'
import { Route, Routes } from 'react-router'
import { Loading } from '../../ui/states'
import { NotFoundPage } from '../core/not-found'
import { MyLeavePage } from './my-leave-page'
import './leave.css'

const NewRequestPage = lazy(() => import('./new-request-page').then((m) => ({ default: m.NewRequestPage })))
const EditRequestPage = lazy(() => import('./edit-request-page').then((m) => ({ default: m.EditRequestPage })))

export { LeaveActions, performLeaveAction } from './leave-actions'
export { StatusBadge } from './status-badge'

export default function LeaveArea() {
  return (
    <Routes>
      <Route index element={<MyLeavePage />} />
      <Route path="new" element={<Suspense fallback={<Loading />}><NewRequestPage /></Suspense>} />
      <Route path=":id/edit" element={<Suspense fallback={<Loading />}><EditRequestPage /></Suspense>} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  )
}

// The approvals area (managers and admins): its pages and their URLs below /approvals/.
import { Route, Routes } from 'react-router'
import { NotFoundPage } from '../core/not-found'
import { InboxPage } from './inbox-page'
import { TeamPage } from './team-page'
import './approvals.css'

export default function ApprovalsArea() {
  return (
    <Routes>
      <Route index element={<InboxPage />} />
      <Route path="team" element={<TeamPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  )
}

// The admin area: its pages and their URLs below /admin/, each under the admin sub-navigation.
import { Route, Routes } from 'react-router'
import { NotFoundPage } from '../core/not-found'
import { AdminLayout } from './admin-page'
import { AdjustmentsPage } from './adjustments'
import { EditLeaveTypePage, NewLeaveTypePage } from './leave-type-form'
import { LeaveTypesPage } from './leave-types'
import { AdminOverviewPage } from './overview'
import { EditPersonPage } from './person-edit'
import { InvitePersonPage } from './person-invite'
import { PeopleListPage } from './people-list'
import { CoveragePage } from './coverage'
import { ExportsPage } from './exports'
import { GroupsPage } from './groups'
import { HolidaysPage } from './holidays'
import { SettingsPage } from './settings'
import { WebhookDetailPage } from './webhook-detail'
import { WebhooksPage } from './webhooks'
import './admin.css'

export default function AdminArea() {
  return (
    <Routes>
      <Route element={<AdminLayout />}>
        <Route index element={<AdminOverviewPage />} />
        <Route path="people" element={<PeopleListPage />} />
        <Route path="people/new" element={<InvitePersonPage />} />
        <Route path="people/:id" element={<EditPersonPage />} />
        <Route path="leave-types" element={<LeaveTypesPage />} />
        <Route path="leave-types/new" element={<NewLeaveTypePage />} />
        <Route path="leave-types/:code" element={<EditLeaveTypePage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="holidays" element={<HolidaysPage />} />
        <Route path="exports" element={<ExportsPage />} />
        <Route path="adjustments" element={<AdjustmentsPage />} />
        <Route path="groups" element={<GroupsPage />} />
        <Route path="coverage" element={<CoveragePage />} />
        <Route path="webhooks" element={<WebhooksPage />} />
        <Route path="webhooks/:id" element={<WebhookDetailPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  )
}

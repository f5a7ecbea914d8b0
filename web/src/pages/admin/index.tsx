// The admin area: its pages and their URLs below /admin/, each under the admin sub-navigation.
import { Route, Routes } from 'react-router'
import { NotFoundPage } from '../core/not-found'
import { AdminLayout } from './admin-page'
import { EditLeaveTypePage, NewLeaveTypePage } from './leave-type-form'
import { LeaveTypesPage } from './leave-types'
import { AdminOverviewPage } from './overview'
import { EditPersonPage } from './person-edit'
import { InvitePersonPage } from './person-invite'
import { PeopleListPage } from './people-list'
import { ExportsPage } from './exports'
import { HolidaysPage } from './holidays'
import { SettingsPage } from './settings'
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
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  )
}

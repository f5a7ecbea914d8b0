// The calendar area: its pages and their URLs below /calendar/.
import { Route, Routes } from 'react-router'
import { NotFoundPage } from '../core/not-found'
import { CalendarPage } from './calendar-page'
import { FeedsPage } from './feeds-page'
import './calendar.css'

export default function CalendarArea() {
  return (
    <Routes>
      <Route index element={<CalendarPage />} />
      <Route path="feeds" element={<FeedsPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  )
}

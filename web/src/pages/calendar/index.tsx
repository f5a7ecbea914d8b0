// The calendar area: its pages and their URLs below /calendar/.
import { Route, Routes } from 'react-router'
import { NotFoundPage } from '../core/not-found'
import { useT } from '../../preferences'
import { Page } from '../../ui/page'

function Placeholder() {
  const t = useT()
  return <Page title={t.calendar.title}>{null}</Page>
}

export default function CalendarArea() {
  return (
    <Routes>
      <Route index element={<Placeholder />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  )
}

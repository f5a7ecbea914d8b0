// The admin area: its pages and their URLs below /admin/.
import { Route, Routes } from 'react-router'
import { NotFoundPage } from '../core/not-found'
import { useT } from '../../preferences'
import { Page } from '../../ui/page'

function Placeholder() {
  const t = useT()
  return <Page title={t.admin.title}>{null}</Page>
}

export default function AdminArea() {
  return (
    <Routes>
      <Route index element={<Placeholder />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  )
}

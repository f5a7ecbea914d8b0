// The approvals area: its pages and their URLs below /approvals/.
import { Route, Routes } from 'react-router'
import { NotFoundPage } from '../core/not-found'
import { useT } from '../../preferences'
import { Page } from '../../ui/page'

function Placeholder() {
  const t = useT()
  return <Page title={t.approvals.title}>{null}</Page>
}

export default function ApprovalsArea() {
  return (
    <Routes>
      <Route index element={<Placeholder />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  )
}

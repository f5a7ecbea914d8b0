// One leave request: /leave-requests/<id>/, the page the mails link to.
import { useParams } from 'react-router'
import { useT } from '../../preferences'
import { Page } from '../../ui/page'

export default function LeaveRequestPage() {
  const t = useT()
  const { id } = useParams()
  return <Page title={`${t.leave.title} #${id ?? ''}`}>{null}</Page>
}

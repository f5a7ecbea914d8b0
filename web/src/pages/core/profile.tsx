// Profile: the person's own details and time zone, this browser's language, theme and first day of
// the week, the password, and signing out everywhere.
import { Page } from '../../ui/page'
import { useT } from '../../preferences'

export default function ProfilePage() {
  const t = useT()
  return <Page title={t.common.nav.profile}>{null}</Page>
}

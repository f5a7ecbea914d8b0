import { Link } from 'react-router'
import { useT } from '../../preferences'
import { Page } from '../../ui/page'

export function NotFoundPage() {
  const t = useT()
  return (
    <Page title={t.common.notFoundTitle}>
      <p>{t.common.notFoundBody}</p>
      <p>
        <Link to="/leave">{t.common.goHome}</Link>
      </p>
    </Page>
  )
}

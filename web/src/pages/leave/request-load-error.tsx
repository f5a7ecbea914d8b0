// A request that cannot be loaded: not found (or not visible: the API answers 404 for both),
// forbidden, or another failure with a retry.
import { Link } from 'react-router'
import { ApiError } from '../../api/errors'
import { useT } from '../../preferences'
import { Page } from '../../ui/page'
import { ErrorState } from '../../ui/states'

export function RequestLoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const t = useT()
  const d = t.leave.detail
  const status = error instanceof ApiError ? error.status : 0
  if (status === 404 || status === 403) {
    return (
      <Page title={status === 404 ? d.notFoundTitle : d.forbiddenTitle}>
        <p>{status === 404 ? d.notFoundBody : d.forbiddenBody}</p>
        <p>
          <Link to="/leave">{d.backToList}</Link>
        </p>
      </Page>
    )
  }
  return (
    <Page title={d.loadingTitle}>
      <ErrorState error={error} onRetry={onRetry} />
    </Page>
  )
}

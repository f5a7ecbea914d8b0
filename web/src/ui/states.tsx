// Loading, error and empty states, the same on every page.
import type { ReactNode } from 'react'
import { ApiError, UnexplainedError } from '../api/errors'
import type { Messages } from '../i18n/messages'
import type { QueryState } from '../api/query'
import { useT } from '../preferences'

export function Loading({ label }: { label?: string }) {
  const t = useT()
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ?? t.common.loading}
    </p>
  )
}

/**
 * The message a person reads for a failed call: the server's own words, "the server answered N" when
 * it gave none, or "cannot reach" when nothing came back (fetch rejects with a TypeError).
 */
export function errorMessage(error: unknown, common: Messages['common']): string {
  if (error instanceof UnexplainedError) return common.serverError(error.status)
  if (error instanceof ApiError) return error.message
  return common.offline
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT()
  return (
    <div className="alert alert-error" role="alert">
      <p>
        <strong>{t.common.loadFailed}</strong> {errorMessage(error, t.common)}
      </p>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          {t.common.retry}
        </button>
      ) : null}
    </div>
  )
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children}
    </div>
  )
}

/** Renders the loading or error state of a query, else its data. */
export function Loaded<T>({ query, children }: { query: QueryState<T> & { reload: () => Promise<void> }; children: (data: T) => ReactNode }) {
  if (query.data !== undefined) return <>{children(query.data)}</>
  if (query.error !== undefined) return <ErrorState error={query.error} onRetry={() => void query.reload()} />
  return <Loading />
}

/** A status line that screen readers announce politely (saved, copied). */
export function Notice({ children, tone = 'success' }: { children: ReactNode; tone?: 'success' | 'error' | 'info' }) {
  if (!children) return null
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  )
}

// /calendar/feeds: the person's iCalendar feed addresses, each with a copy button, and a way to
// replace them all when one has leaked (the old ones stop working at once).
import { useRef, useState } from 'react'
import { Link } from 'react-router'
import { api } from '../../api/client'
import { unwrap } from '../../api/errors'
import { useMutation } from '../../api/mutation'
import { invalidate } from '../../api/query'
import { useT } from '../../preferences'
import { TextField } from '../../ui/fields'
import { Page } from '../../ui/page'
import { Loaded } from '../../ui/states'
import { FEEDS_KEY, useFeeds, type Feeds } from './calendar-data'
import { ConfirmButton } from '../../ui/confirm-button'

function FeedRow({ name, url, onCopied }: { name: string; url: string; onCopied: (message: string, ok: boolean) => void }) {
  const t = useT()
  const row = useRef<HTMLDivElement>(null)
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url)
      onCopied(t.calendar.copied(name), true)
    } catch {
      // No clipboard here (an insecure origin, a refused permission): select it for a manual copy.
      row.current?.querySelector('input')?.select()
      onCopied(t.calendar.copyFailed, false)
    }
  }
  return (
    <div className="feed-row" ref={row}>
      <TextField label={name} value={url} readOnly onFocus={(event) => event.currentTarget.select()} />
      <button type="button" className="button" onClick={() => void copy()}>
        {t.common.copy}
        <span className="visually-hidden"> {t.calendar.copyFeedTarget(name)}</span>
      </button>
    </div>
  )
}

export function FeedsPage() {
  const t = useT()
  const feeds = useFeeds()
  const [status, setStatus] = useState<{ message: string; ok: boolean } | null>(null)
  const rotate = useMutation(async () => {
    unwrap(await api.POST('/api/calendar/feeds/rotate'))
    invalidate(FEEDS_KEY)
    setStatus({ message: t.calendar.rotated, ok: true })
    return true
  })
  const rows = (data: Feeds) => [
    { name: t.calendar.feedMe, url: data.me },
    { name: t.calendar.feedTeam, url: data.team },
    ...(data.all ? [{ name: t.calendar.feedAll, url: data.all }] : []),
  ]
  return (
    <Page title={t.calendar.feedsTitle} actions={<Link to="/calendar">{t.calendar.backToCalendar}</Link>}>
      <p className="page-narrow">{t.calendar.feedsIntro}</p>
      <div role="status" className="feed-status">
        {status ? <p className={status.ok ? 'alert alert-success' : 'alert alert-warn'}>{status.message}</p> : null}
      </div>
      <Loaded query={feeds}>
        {(data) => (
          <>
            <div className="feed-list">
              {rows(data).map((row) => (
                <FeedRow key={row.name} name={row.name} url={row.url} onCopied={(message, ok) => setStatus({ message, ok })} />
              ))}
            </div>
            <div className="button-row feed-rotate">
              <ConfirmButton
                label={t.calendar.rotate}
                title={t.calendar.rotateTitle}
                body={t.calendar.rotateBody}
                confirmLabel={t.calendar.rotateConfirm}
                pendingLabel={t.calendar.rotating}
                pending={rotate.pending}
                error={rotate.error}
                onConfirm={async () => Boolean(await rotate.run())}
              />
            </div>
          </>
        )}
      </Loaded>
    </Page>
  )
}

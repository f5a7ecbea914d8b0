// The frame of every page: its title in the tab and as the one <h1>, which takes focus after a
// navigation so that a screen reader announces where the person arrived.
import { useEffect, useRef, type ReactNode } from 'react'
import { useT } from '../preferences'

export function Page({ title, actions, children, narrow }: { title: string; actions?: ReactNode; children: ReactNode; narrow?: boolean }) {
  const t = useT()
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    document.title = `${title} · ${t.common.appName}`
  }, [title, t])
  useEffect(() => {
    // Not on the first page load: focus stays where the browser puts it.
    if (document.body.dataset.navigated) heading.current?.focus()
    document.body.dataset.navigated = '1'
  }, [])
  return (
    <div className={narrow ? 'page page-narrow' : 'page'}>
      <div className="page-head">
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
      {children}
    </div>
  )
}

/** A titled part of a page. */
export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="section">
      <div className="section-head">
        <h2>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  )
}

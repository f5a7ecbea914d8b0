// The frame around every signed-in page: skip link, header with the navigation the person's role
// allows, and the main landmark. On a phone the navigation folds into a disclosure button.
import { useEffect, useState } from 'react'
import { NavLink, Outlet, useLocation } from 'react-router'
import { useT } from './preferences'
import { useMe, useSession } from './session-context'

export function canApprove(role: string): boolean {
  return role === 'manager' || role === 'admin'
}

export function Layout() {
  const t = useT()
  const me = useMe()
  const { signOut } = useSession()
  const [open, setOpen] = useState(false)
  const location = useLocation()
  useEffect(() => setOpen(false), [location.pathname])

  const links = [
    { to: '/leave', label: t.common.nav.myLeave, end: true },
    { to: '/leave/new', label: t.common.nav.newRequest, end: true },
    { to: '/calendar', label: t.common.nav.calendar, end: false },
    ...(canApprove(me.role) ? [{ to: '/approvals', label: t.common.nav.approvals, end: false }] : []),
    ...(me.role === 'admin' ? [{ to: '/admin', label: t.common.nav.admin, end: false }] : []),
    { to: '/profile', label: t.common.nav.profile, end: true },
  ]
  return (
    <>
      <a className="skip-link" href="#main">
        {t.common.skipToContent}
      </a>
      <header className="app-header">
        <NavLink to="/leave" className="brand">
          {t.common.appName}
        </NavLink>
        <button type="button" className="button nav-toggle" aria-expanded={open} aria-controls="main-nav" onClick={() => setOpen(!open)}>
          {t.common.nav.menu}
        </button>
        <nav id="main-nav" aria-label={t.common.mainNavigation} className={open ? 'main-nav open' : 'main-nav'}>
          <ul>
            {links.map((link) => (
              <li key={link.to}>
                <NavLink to={link.to} end={link.end}>
                  {link.label}
                </NavLink>
              </li>
            ))}
            <li>
              <button type="button" className="link-button" onClick={() => void signOut()}>
                {t.common.nav.signOut}
              </button>
            </li>
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  )
}

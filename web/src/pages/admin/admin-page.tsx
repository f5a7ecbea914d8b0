// The frame of every admin page: the admin sub-navigation above the page's own content.
import { NavLink, Outlet } from 'react-router'
import { useT } from '../../preferences'

export function AdminLayout() {
  const t = useT()
  const n = t.admin.nav
  const links = [
    { to: '/admin', label: n.overview, end: true },
    { to: '/admin/people', label: n.people },
    { to: '/admin/leave-types', label: n.leaveTypes },
    { to: '/admin/holidays', label: n.holidays },
    { to: '/admin/settings', label: n.settings },
    { to: '/admin/groups', label: n.groups },
    { to: '/admin/coverage', label: n.coverage },
    { to: '/admin/adjustments', label: n.adjustments },
    { to: '/admin/webhooks', label: n.webhooks },
    { to: '/admin/exports', label: n.exports },
  ]
  return (
    <>
      <nav aria-label={t.admin.sectionsNav} className="admin-nav">
        <ul>
          {links.map((link) => (
            <li key={link.to}>
              <NavLink to={link.to} end={link.end ?? false}>
                {link.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  )
}

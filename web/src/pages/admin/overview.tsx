// /admin: one card per admin section, each saying what it is for.
import { Link } from 'react-router'
import { useT } from '../../preferences'
import { Page } from '../../ui/page'

export function AdminOverviewPage() {
  const t = useT()
  const n = t.admin.nav
  const o = t.admin.overview
  const sections = [
    { to: '/admin/people', title: n.people, body: o.people },
    { to: '/admin/leave-types', title: n.leaveTypes, body: o.leaveTypes },
    { to: '/admin/holidays', title: n.holidays, body: o.holidays },
    { to: '/admin/settings', title: n.settings, body: o.settings },
    { to: '/admin/groups', title: n.groups, body: o.groups },
    { to: '/admin/coverage', title: n.coverage, body: o.coverage },
    { to: '/admin/adjustments', title: n.adjustments, body: o.adjustments },
    { to: '/admin/webhooks', title: n.webhooks, body: o.webhooks },
    { to: '/admin/exports', title: n.exports, body: o.exports },
  ]
  return (
    <Page title={t.admin.title}>
      <p>{o.intro}</p>
      <ul className="cards admin-cards">
        {sections.map((section) => (
          <li key={section.to} className="card">
            <h2>
              <Link to={section.to}>{section.title}</Link>
            </h2>
            <p className="muted">{section.body}</p>
          </li>
        ))}
      </ul>
    </Page>
  )
}

// The two views of the approvals area, as links (each its own URL).
import { NavLink } from 'react-router'
import { useT } from '../../preferences'

export function ApprovalsTabs() {
  const t = useT()
  return (
    <nav aria-label={t.approvals.tabs} className="appr-tabs">
      <ul>
        <li>
          <NavLink to="/approvals" end className="button button-small">
            {t.approvals.inboxTab}
          </NavLink>
        </li>
        <li>
          <NavLink to="/approvals/team" className="button button-small">
            {t.approvals.teamTab}
          </NavLink>
        </li>
      </ul>
    </nav>
  )
}

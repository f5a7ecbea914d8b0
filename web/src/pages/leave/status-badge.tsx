// A request's status as a word on a coloured badge (the colour is never the only sign).
import { useT } from '../../preferences'
import type { LeaveStatus } from './leave-api'

export function StatusBadge({ status }: { status: LeaveStatus }) {
  const t = useT()
  return <span className={`badge badge-${status}`}>{t.common.status[status] ?? status}</span>
}

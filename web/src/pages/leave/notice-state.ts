// A success notice carried to the next page in the history entry's state (e.g. "Your request was
// filed." on the new request's page), so a reload or a shared link does not repeat it.
import { useLocation } from 'react-router'

export interface NoticeState {
  notice?: string
}

export function useCarriedNotice(): string | undefined {
  const location = useLocation()
  const state = location.state as NoticeState | null
  return typeof state?.notice === 'string' ? state.notice : undefined
}

// A success notice carried to the next page in the history entry's state (e.g. "Your request was
// filed." on the new request's page). It is read once and then cleared from the entry, so a reload or
// going back and forth does not repeat it; a shared link never has it.
import { useEffect, useState } from 'react'
import { useLocation, useNavigate } from 'react-router'

export interface NoticeState {
  notice?: string
}

export function useCarriedNotice(): string | undefined {
  const location = useLocation()
  const navigate = useNavigate()
  const carried = (location.state as NoticeState | null)?.notice
  const [notice, setNotice] = useState(typeof carried === 'string' ? carried : undefined)
  useEffect(() => {
    if (typeof carried !== 'string') return
    setNotice(carried)
    navigate(location.pathname + location.search + location.hash, { replace: true, state: null })
  }, [carried, navigate, location.pathname, location.search, location.hash])
  return notice
}

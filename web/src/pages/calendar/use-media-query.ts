// Whether a CSS media query matches now, kept in step as the window changes.
import { useCallback, useSyncExternalStore } from 'react'

export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (listener: () => void) => {
      const list = window.matchMedia(query)
      list.addEventListener('change', listener)
      return () => list.removeEventListener('change', listener)
    },
    [query],
  )
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches)
}

/** The width below which the wall chart gives way to the agenda (the layout's own phone width). */
export const PHONE_QUERY = '(max-width: 720px)'

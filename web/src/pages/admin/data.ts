// Server data the admin pages share. Keys start with the API path (so other areas' invalidate()
// calls reach them) and end with #admin (so they never collide with another area's own shape).
import { api } from '../../api/client'
import { unwrap } from '../../api/errors'
import { useQuery } from '../../api/query'

/** Everyone, for manager and member pickers and for names (the API's page maximum: 500). */
export function usePeople() {
  return useQuery('/api/users?limit=500#admin', async () => unwrap(await api.GET('/api/users', { params: { query: { limit: 500 } } })))
}

export function useLeaveTypes() {
  return useQuery('/api/leave-types#admin', async () => unwrap(await api.GET('/api/leave-types')))
}

export function useRegions() {
  return useQuery('/api/regions#admin', async () => unwrap(await api.GET('/api/regions')))
}

export function useSettings() {
  return useQuery('/api/settings#admin', async () => unwrap(await api.GET('/api/settings')))
}

/** Every IANA zone the browser knows, plus UTC and the current value where the list lacks them. */
export function timeZones(current?: string | null): string[] {
  let zones: string[] = []
  try {
    zones = Intl.supportedValuesOf('timeZone')
  } catch {
    zones = []
  }
  const all = new Set(zones)
  all.add('UTC')
  if (current) all.add(current)
  return [...all].sort()
}

/** Today's plain date in the browser's zone (a default for date fields, never for rules). */
export function todayPlain(): string {
  const now = new Date()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

// Server data in one small layer: each answer is cached under a key, shared by every component that
// shows it, shown at once when a page is revisited and revalidated in the background; a change
// (a mutation) invalidates the keys it affects, and whatever is on screen reloads.
import { useCallback, useEffect, useSyncExternalStore } from 'react'

export interface QueryState<T> {
  data: T | undefined
  error: unknown
  /** True until the first answer (or error) for this key. */
  loading: boolean
  /** True while a newer answer is being fetched behind the shown one. */
  refreshing: boolean
}

interface Entry {
  state: QueryState<unknown>
  load: () => Promise<unknown>
  inFlight: Promise<void> | null
  stale: boolean
  listeners: Set<() => void>
}

const entries = new Map<string, Entry>()
/**
 * Answers no component shows are kept for revisits, up to this many; beyond it the least recently
 * shown go (every month of the calendar and every search typed would otherwise stay for the session).
 */
export const KEPT_HIDDEN = 100
/** Keys of hidden entries, least recently shown first. */
const hidden = new Set<string>()

function forgetOldHidden(): void {
  for (const key of hidden) {
    if (hidden.size <= KEPT_HIDDEN) return
    hidden.delete(key)
    const entry = entries.get(key)
    if (entry && entry.listeners.size === 0 && !entry.inFlight) entries.delete(key)
  }
}
const EMPTY: QueryState<never> = { data: undefined, error: undefined, loading: true, refreshing: false }

function set(entry: Entry, patch: Partial<QueryState<unknown>>): void {
  entry.state = { ...entry.state, ...patch }
  for (const listener of entry.listeners) listener()
}

function fetchEntry(entry: Entry): Promise<void> {
  if (entry.inFlight) return entry.inFlight
  entry.stale = false
  set(entry, { refreshing: entry.state.data !== undefined })
  entry.inFlight = entry
    .load()
    .then(
      (data) => set(entry, { data, error: undefined, loading: false, refreshing: false }),
      (error: unknown) => set(entry, { error, loading: false, refreshing: false }),
    )
    .finally(() => {
      entry.inFlight = null
      // Invalidated while loading: the answer may predate the change.
      if (entry.stale && entry.listeners.size > 0) void fetchEntry(entry)
    })
  return entry.inFlight
}

function entryFor(key: string, load: () => Promise<unknown>): Entry {
  let entry = entries.get(key)
  if (!entry) {
    entry = { state: EMPTY, load, inFlight: null, stale: true, listeners: new Set() }
    entries.set(key, entry)
  }
  entry.load = load
  return entry
}

/**
 * The answer of `load` under `key` (null: nothing to load yet). The key must name everything the
 * answer depends on, e.g. `balances?as_of=2027-01-01`.
 */
export function useQuery<T>(key: string | null, load: () => Promise<T>): QueryState<T> & { reload: () => Promise<void> } {
  const entry = key === null ? null : entryFor(key, load)
  const subscribe = useCallback(
    (listener: () => void) => {
      if (!entry || key === null) return () => {}
      entry.listeners.add(listener)
      hidden.delete(key)
      return () => {
        entry.listeners.delete(listener)
        if (entry.listeners.size === 0) {
          hidden.add(key)
          forgetOldHidden()
        }
      }
    },
    [entry, key],
  )
  const state = useSyncExternalStore(subscribe, () => (entry ? entry.state : EMPTY)) as QueryState<T>
  useEffect(() => {
    // Shown again (after an answer or a failure), or invalidated while hidden: revalidate.
    if (entry && (entry.stale || entry.state.data !== undefined || entry.state.error !== undefined)) void fetchEntry(entry)
  }, [entry])
  const reload = useCallback(() => (entry ? fetchEntry(entry) : Promise.resolve()), [entry])
  return { ...state, loading: key === null ? false : state.loading, reload }
}

/** Marks every key that starts with one of the prefixes as stale and reloads those on screen. */
export function invalidate(...prefixes: string[]): void {
  for (const [key, entry] of entries) {
    if (!prefixes.some((prefix) => key.startsWith(prefix))) continue
    entry.stale = true
    if (entry.listeners.size > 0) void fetchEntry(entry)
  }
}

/** Forgets everything (sign-out: the next person must not see the last one's data). */
export function clearQueries(): void {
  entries.clear()
  hidden.clear()
}

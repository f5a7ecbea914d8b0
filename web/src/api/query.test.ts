// The fetching layer's rules: one answer per key shared by every component, revisits show the cached
// answer while revalidating, invalidate() reloads exactly the matching keys on screen, and an answer
// that was in flight when its key was invalidated is fetched again.
//
// The three React hooks query.ts uses are replaced by a minimal runtime (renders run synchronously,
// effects after each render, a store change re-renders): no DOM is needed, and what is tested is the
// cache's logic, not React's.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

interface Mounted {
  slots: unknown[]
  cursor: number
  effects: (() => void)[]
  cleanups: (() => void)[]
  render: () => void
  alive: boolean
  /** A store change during a render or its effects renders again after it, not inside it (as React). */
  busy: boolean
  dirty: boolean
}

let rendering: Mounted | null = null
const sameDeps = (a: readonly unknown[] | undefined, b: readonly unknown[] | undefined) => !!a && !!b && a.length === b.length && a.every((x, i) => Object.is(x, b[i]))

vi.mock('react', () => ({
  useCallback<F>(fn: F, deps: readonly unknown[]): F {
    const m = rendering!
    const slot = m.slots[m.cursor] as { fn: F; deps: readonly unknown[] } | undefined
    const kept = slot && sameDeps(slot.deps, deps) ? slot : { fn, deps }
    m.slots[m.cursor++] = kept
    return kept.fn
  },
  useEffect(effect: () => void | (() => void), deps: readonly unknown[]) {
    const m = rendering!
    const index = m.cursor++
    const slot = m.slots[index] as { deps: readonly unknown[]; cleanup?: () => void } | undefined
    if (slot && sameDeps(slot.deps, deps)) return
    const next: { deps: readonly unknown[]; cleanup?: () => void } = { deps }
    m.slots[index] = next
    m.effects.push(() => {
      slot?.cleanup?.()
      const cleanup = effect()
      if (cleanup) {
        next.cleanup = cleanup
        m.cleanups.push(cleanup)
      }
    })
  },
  useSyncExternalStore<T>(subscribe: (listener: () => void) => () => void, snapshot: () => T): T {
    const m = rendering!
    const slot = m.slots[m.cursor] as { subscribe: typeof subscribe; unsubscribe: () => void } | undefined
    if (!slot || slot.subscribe !== subscribe) {
      slot?.unsubscribe()
      const unsubscribe = subscribe(() => m.alive && m.render())
      m.slots[m.cursor] = { subscribe, unsubscribe }
      m.cleanups.push(unsubscribe)
    }
    m.cursor++
    return snapshot()
  },
}))

const { clearQueries, invalidate, KEPT_HIDDEN, useQuery } = await import('./query')
type Result<T> = ReturnType<typeof useQuery<T>>

/** Mounts a "component" that calls useQuery(key, load); `current` is what it rendered last. */
function mount<T>(key: string | null, load: () => Promise<T>) {
  const renders: Result<T>[] = []
  const m: Mounted = {
    slots: [],
    cursor: 0,
    effects: [],
    cleanups: [],
    alive: true,
    busy: false,
    dirty: false,
    render() {
      if (m.busy) {
        m.dirty = true
        return
      }
      m.busy = true
      do {
        m.dirty = false
        m.cursor = 0
        rendering = m
        renders.push(useQuery(key, load))
        rendering = null
        const effects = m.effects.splice(0)
        for (const effect of effects) effect()
      } while (m.dirty)
      m.busy = false
    },
  }
  m.render()
  return {
    renders,
    get current() {
      return renders[renders.length - 1]!
    },
    unmount() {
      m.alive = false
      for (const cleanup of m.cleanups) cleanup()
    },
  }
}

/** A load whose answers the test releases one by one. */
function controlled<T>() {
  const pending: { resolve: (value: T) => void; reject: (error: unknown) => void }[] = []
  const load = vi.fn(() => new Promise<T>((resolve, reject) => pending.push({ resolve, reject })))
  return {
    load,
    pending,
    async answer(value: T) {
      pending.shift()!.resolve(value)
      await settle()
    },
    async fail(error: unknown) {
      pending.shift()!.reject(error)
      await settle()
    },
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

beforeEach(() => clearQueries())
afterEach(() => vi.restoreAllMocks())

describe('useQuery', () => {
  it('a failed load is tried again when the page is visited again', async () => {
    const list = controlled<string>()
    const first = mount('/api/leave-requests', list.load)
    await list.fail(new Error('offline'))
    expect(first.current).toMatchObject({ loading: false, data: undefined })
    expect(first.current.error).toBeInstanceOf(Error)
    first.unmount()
    const again = mount('/api/leave-requests', list.load)
    expect(list.load).toHaveBeenCalledTimes(2)
    await list.answer('back online')
    expect(again.current).toMatchObject({ data: 'back online', error: undefined })
  })

  it('keeps at most KEPT_HIDDEN hidden answers, forgetting the least recently shown first', async () => {
    const loads = new Map<string, ReturnType<typeof controlled<string>>>()
    const visit = async (key: string) => {
      const load = loads.get(key) ?? controlled<string>()
      loads.set(key, load)
      const view = mount(key, load.load)
      await load.answer(key)
      view.unmount()
    }
    for (let i = 0; i <= KEPT_HIDDEN; i++) await visit(`/api/calendar?month=${i}`)
    // The first month was the least recently shown: a revisit starts from nothing.
    const oldest = loads.get('/api/calendar?month=0')!
    const revisit = mount('/api/calendar?month=0', oldest.load)
    expect(revisit.current).toMatchObject({ loading: true, data: undefined })
    await oldest.answer('again')
    // The newest is still kept: shown at once.
    const newest = loads.get(`/api/calendar?month=${KEPT_HIDDEN}`)!
    const kept = mount(`/api/calendar?month=${KEPT_HIDDEN}`, newest.load)
    expect(kept.current).toMatchObject({ loading: false, data: `/api/calendar?month=${KEPT_HIDDEN}` })
  })

  it('loads once per key for every component that shows it, and all show the answer', async () => {
    const balances = controlled<number[]>()
    const a = mount('/api/balances?as_of=2027-03-03', balances.load)
    const b = mount('/api/balances?as_of=2027-03-03', balances.load)
    expect(a.current).toMatchObject({ loading: true, data: undefined })
    expect(balances.load).toHaveBeenCalledTimes(1)
    await balances.answer([25])
    expect(a.current).toMatchObject({ loading: false, refreshing: false, data: [25], error: undefined })
    expect(b.current.data).toEqual([25])
  })

  it('another key is another answer', async () => {
    const march = controlled<string>()
    const april = controlled<string>()
    const a = mount('/api/calendar?month=2027-03', march.load)
    const b = mount('/api/calendar?month=2027-04', april.load)
    await march.answer('march')
    await april.answer('april')
    expect([a.current.data, b.current.data]).toEqual(['march', 'april'])
  })

  it('a revisit shows the cached answer at once and revalidates it behind', async () => {
    const list = controlled<string>()
    const first = mount('/api/leave-requests', list.load)
    await list.answer('old')
    first.unmount()
    const again = mount('/api/leave-requests', list.load)
    expect(again.current).toMatchObject({ loading: false, data: 'old', refreshing: true })
    expect(list.load).toHaveBeenCalledTimes(2)
    await list.answer('new')
    expect(again.current).toMatchObject({ data: 'new', refreshing: false })
  })

  it('invalidate reloads the matching keys on screen only, and a hidden matching key on its next visit', async () => {
    const balances = controlled<string>()
    const requests = controlled<string>()
    const types = controlled<string>()
    const shown = mount('/api/balances?as_of=2027-03-03', balances.load)
    const other = mount('/api/leave-types', types.load)
    const hidden = mount('/api/leave-requests?status=PENDING', requests.load)
    await balances.answer('b1')
    await types.answer('t1')
    await requests.answer('r1')
    hidden.unmount()

    invalidate('/api/balances', '/api/leave-requests')
    expect(balances.load).toHaveBeenCalledTimes(2)
    expect(requests.load).toHaveBeenCalledTimes(1)
    expect(types.load).toHaveBeenCalledTimes(1)
    expect(shown.current).toMatchObject({ data: 'b1', refreshing: true })
    await balances.answer('b2')
    expect(shown.current.data).toBe('b2')
    expect(other.current).toMatchObject({ data: 't1', refreshing: false })

    const back = mount('/api/leave-requests?status=PENDING', requests.load)
    expect(requests.load).toHaveBeenCalledTimes(2)
    await requests.answer('r2')
    expect(back.current.data).toBe('r2')
  })

  it('an answer in flight when its key is invalidated is fetched again, and the newer answer wins', async () => {
    const balances = controlled<string>()
    const view = mount('/api/balances', balances.load)
    expect(balances.load).toHaveBeenCalledTimes(1)
    // The request was filed while the first read was on its way: that answer may predate it.
    invalidate('/api/balances')
    expect(balances.load).toHaveBeenCalledTimes(1)
    await balances.answer('before the change')
    expect(balances.load).toHaveBeenCalledTimes(2)
    await balances.answer('after the change')
    expect(view.current).toMatchObject({ data: 'after the change', refreshing: false, loading: false })
  })

  it('an error is shown, the last answer kept, and reload tries again', async () => {
    const approvals = controlled<string>()
    const view = mount('/api/approvals', approvals.load)
    await approvals.fail(new Error('offline'))
    expect(view.current).toMatchObject({ loading: false, data: undefined })
    expect((view.current.error as Error).message).toBe('offline')
    const reloading = view.current.reload()
    await approvals.answer('inbox')
    await reloading
    expect(view.current).toMatchObject({ data: 'inbox', error: undefined })
    void view.current.reload()
    await approvals.fail(new Error('offline again'))
    expect(view.current).toMatchObject({ data: 'inbox' })
    expect((view.current.error as Error).message).toBe('offline again')
  })

  it('a null key loads nothing and is not loading', () => {
    const load = vi.fn(() => Promise.resolve(1))
    const view = mount(null, load)
    expect(load).not.toHaveBeenCalled()
    expect(view.current).toMatchObject({ loading: false, data: undefined })
  })

  it('clearQueries forgets every answer (the next person must not see the last one’s)', async () => {
    const me = controlled<string>()
    const first = mount('/api/balances', me.load)
    await me.answer('alice')
    first.unmount()
    clearQueries()
    const next = mount('/api/balances', me.load)
    expect(next.current).toMatchObject({ loading: true, data: undefined })
    await me.answer('bob')
    expect(next.current.data).toBe('bob')
  })
})

// Who is signed in, for every page: resolved once at start from the refresh cookie (a reload keeps
// the session), then kept in step with the in-memory access token.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { api } from './api/client'
import { unwrap } from './api/errors'
import { clearQueries } from './api/query'
import { currentAccessToken, onSessionChange, refreshAccessToken, signOut as endSession } from './api/session'

async function loadMe() {
  return unwrap(await api.GET('/api/auth/me'))
}

export type Me = Awaited<ReturnType<typeof loadMe>>

type SessionState = { status: 'checking' } | { status: 'signed-out'; expired: boolean } | { status: 'signed-in'; me: Me }

interface SessionContext {
  session: SessionState
  /** Call after a successful sign-in (the access token is already set). */
  signedIn: () => Promise<void>
  signOut: () => Promise<void>
  /** Reloads the profile after the person changed it. */
  reloadMe: () => Promise<void>
}

const Context = createContext<SessionContext | null>(null)

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: 'checking' })

  const signedIn = useCallback(async () => {
    try {
      setSession({ status: 'signed-in', me: await loadMe() })
    } catch {
      setSession({ status: 'signed-out', expired: false })
    }
  }, [])

  useEffect(() => {
    let active = true
    void refreshAccessToken().then(async (token) => {
      if (!active) return
      if (token) await signedIn()
      else setSession({ status: 'signed-out', expired: false })
    })
    // The refresh cookie ended (expired, revoked by sign-out elsewhere or logout-all): back to sign-in.
    const stop = onSessionChange(() => {
      if (currentAccessToken() === null) {
        clearQueries()
        setSession((previous) => ({ status: 'signed-out', expired: previous.status === 'signed-in' }))
      }
    })
    return () => {
      active = false
      stop()
    }
  }, [signedIn])

  const signOut = useCallback(async () => {
    await endSession()
    clearQueries()
    setSession({ status: 'signed-out', expired: false })
  }, [])

  const value = useMemo(() => ({ session, signedIn, signOut, reloadMe: signedIn }), [session, signedIn, signOut])
  return <Context.Provider value={value}>{children}</Context.Provider>
}

export function useSession(): SessionContext {
  const context = useContext(Context)
  if (!context) throw new Error('useSession outside SessionProvider')
  return context
}

/** The signed-in person; only for pages behind <RequireSession>. */
export function useMe() {
  const { session } = useSession()
  if (session.status !== 'signed-in') throw new Error('useMe without a session')
  return session.me
}

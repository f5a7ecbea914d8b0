// The signed-in session. The access token lives in this module's memory only; the refresh token is
// an HttpOnly cookie that script never sees (POST /api/auth/session). A reload trades the cookie for
// a new access token, so nothing secret is ever in localStorage or sessionStorage.

/** Sent with every cookie-authenticated call: a cross-site form cannot set it (CSRF). */
export const CSRF_HEADER = { 'X-Requested-With': 'leavedesk' } as const

let accessToken: string | null = null
let refreshing: Promise<string | null> | null = null
const listeners = new Set<() => void>()

export function currentAccessToken(): string | null {
  return accessToken
}

/** Also for a sign-in by another route (first-admin setup). */
export function setAccessToken(token: string | null): void {
  if (token === accessToken) return
  accessToken = token
  for (const listener of listeners) listener()
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

async function postSession(path: string, body?: unknown): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { ...CSRF_HEADER, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

/** Bumped by sign-in and sign-out: a refresh that started before one of them must not undo it. */
let generation = 0

async function refreshOnce(): Promise<string | null> {
  const started = generation
  const res = await postSession('/api/auth/session/refresh')
  if (started !== generation) return accessToken
  // Only a 401 means the session is over; a 429 or a restart's 502 leaves it as it was.
  if (res.status === 401) {
    setAccessToken(null)
    return null
  }
  if (!res.ok) return accessToken
  const token = ((await res.json()) as { access: string }).access
  if (started === generation) setAccessToken(token)
  return accessToken
}

/**
 * A new access token from the refresh cookie, or null when there is no session. Concurrent callers
 * (several requests that met an expired token at once) share one refresh, and tabs take turns
 * (Web Locks): with rotating refresh tokens, two tabs sending the same cookie at once would look
 * like a stolen token to the server, which then ends the session.
 */
export function refreshAccessToken(): Promise<string | null> {
  refreshing ??= (async () => {
    try {
      const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
      return locks ? await locks.request('leavedesk-session-refresh', refreshOnce) : await refreshOnce()
    } catch {
      // Offline: keep what we have; the next call tries again.
      return accessToken
    } finally {
      refreshing = null
    }
  })()
  return refreshing
}

/** Signs in; the server sets the refresh cookie. Returns the failed Response for the caller to read. */
export async function signIn(email: string, password: string): Promise<Response> {
  const res = await postSession('/api/auth/session', { email, password })
  if (res.ok) {
    generation++
    setAccessToken(((await res.clone().json()) as { access: string }).access)
  }
  return res
}

/** Ends this browser's session on the server (the cookie is revoked and cleared), then here. */
export async function signOut(): Promise<void> {
  generation++
  try {
    await fetch('/api/auth/session', { method: 'DELETE', credentials: 'same-origin', headers: { ...CSRF_HEADER } })
  } finally {
    setAccessToken(null)
  }
}

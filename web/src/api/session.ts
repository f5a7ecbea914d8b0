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

/**
 * A new access token from the refresh cookie, or null when there is no session. Concurrent callers
 * (several requests that met an expired token at once) share one refresh.
 */
export function refreshAccessToken(): Promise<string | null> {
  refreshing ??= (async () => {
    try {
      const res = await postSession('/api/auth/session/refresh')
      const token = res.ok ? ((await res.json()) as { access: string }).access : null
      setAccessToken(token)
      return token
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
  if (res.ok) setAccessToken(((await res.clone().json()) as { access: string }).access)
  return res
}

/** Ends this browser's session on the server (the cookie is revoked and cleared), then here. */
export async function signOut(): Promise<void> {
  try {
    await fetch('/api/auth/session', { method: 'DELETE', credentials: 'same-origin', headers: { ...CSRF_HEADER } })
  } finally {
    setAccessToken(null)
  }
}

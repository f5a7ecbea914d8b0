// The typed API client: every path, body and answer comes from schema.d.ts, generated from the
// server's OpenAPI document. The bearer is added here, and an expired access token is renewed once
// from the refresh cookie before the call is retried.
import createClient from 'openapi-fetch'
import type { paths } from './schema'
import { currentAccessToken, refreshAccessToken } from './session'

const SESSION_PATHS = ['/api/auth/token', '/api/auth/refresh', '/api/auth/session']

async function authorizedFetch(request: Request): Promise<Response> {
  const send = (token: string | null, req: Request) => {
    if (token) req.headers.set('Authorization', `Bearer ${token}`)
    return fetch(req)
  }
  const retry = request.clone()
  const token = currentAccessToken() ?? (await refreshAccessToken())
  const response = await send(token, request)
  // A 401 from signing in or from the session endpoints is the answer itself, not an expired token.
  if (response.status !== 401 || SESSION_PATHS.some((path) => new URL(request.url).pathname.startsWith(path))) return response
  const renewed = await refreshAccessToken()
  if (!renewed || renewed === token) return response
  return send(renewed, retry)
}

export const api = createClient<paths>({ baseUrl: '', fetch: authorizedFetch })

/** A GET of a non-JSON answer (CSV exports) with the same authorisation, as a Blob to save. */
export async function fetchBlob(path: string): Promise<Response> {
  return authorizedFetch(new Request(path))
}

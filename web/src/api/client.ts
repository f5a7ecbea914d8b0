// The typed API client: every path, body and answer comes from schema.d.ts, generated from the
// server's OpenAPI document. The bearer is added here, and an expired access token is renewed once
// from the refresh cookie before the call is retried.
import createClient from 'openapi-fetch'
import type { paths } from './schema'
import { currentAccessToken, refreshAccessToken } from './session'

async function authorizedFetch(request: Request): Promise<Response> {
  const send = (token: string | null, req: Request) => {
    if (token) req.headers.set('Authorization', `Bearer ${token}`)
    return fetch(req)
  }
  const retry = request.clone()
  const token = currentAccessToken() ?? (await refreshAccessToken())
  const response = await send(token, request)
  if (response.status !== 401 || request.url.includes('/api/auth/')) return response
  const renewed = await refreshAccessToken()
  if (!renewed || renewed === token) return response
  return send(renewed, retry)
}

export const api = createClient<paths>({ baseUrl: '', fetch: authorizedFetch })

/** A GET of a non-JSON answer (CSV exports) with the same authorisation, as a Blob to save. */
export async function fetchBlob(path: string): Promise<Response> {
  return authorizedFetch(new Request(path))
}

// The cookie variant of sign-in, for the web app served from the same origin: the access token is
// answered in the body (the app keeps it in memory), the refresh token is set in an HttpOnly cookie
// that scripts cannot read. The JSON endpoints of auth.routes.ts stay as they are for other clients;
// every rule (throttles, rotation, revocation) is AuthService's, reused as it is.
//
// CSRF: the browser sends the cookie by itself, so every endpoint that reads or sets it (sign-in too,
// against login CSRF) requires `X-Requested-With: leavedesk`, a header a cross-site form cannot send and
// a cross-origin script cannot send without a CORS preflight this server does not grant; and a present
// Origin header must be the app's own (APP_URL's origin) or a configured CORS origin.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../config.js'
import { AuthenticationError, PermissionDeniedError } from '../errors.js'
import { NoContent, responses } from '../http/schemas.js'
import type { App } from '../http/types.js'
import type { AuthService } from './auth.service.js'
import { SessionAccess, TokenBody } from './auth.schemas.js'

export const SESSION_COOKIE = 'leavedesk_refresh'
export const SESSION_COOKIE_PATH = '/api/auth/'
export const CSRF_HEADER = 'X-Requested-With'
export const CSRF_VALUE = 'leavedesk'

/** The longest cookie value read: a refresh token is about 250 characters; the JSON API takes at most 4096. */
const MAX_TOKEN_LENGTH = 4096
/** What a JWT is made of (base64url and dots); anything else in the cookie is not a token of ours. */
const JWT_TEXT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]']

// Secure always: browsers accept Secure cookies from http://localhost and http://127.0.0.1 too.
const ATTRIBUTES = `Path=${SESSION_COOKIE_PATH}; HttpOnly; Secure; SameSite=Strict`

/** The Set-Cookie value that stores a refresh token for `maxAge` seconds. */
export function sessionCookie(refreshToken: string, maxAge: number): string {
  if (!JWT_TEXT.test(refreshToken)) throw new Error('a refresh token is a JWT')
  return `${SESSION_COOKIE}=${refreshToken}; Max-Age=${maxAge}; ${ATTRIBUTES}`
}

/** The Set-Cookie value that removes the session cookie. */
export const CLEARED_SESSION_COOKIE = `${SESSION_COOKIE}=; Max-Age=0; ${ATTRIBUTES}`

export function setSessionCookie(reply: FastifyReply, refreshToken: string, config: Pick<Config, 'refreshTokenLifetime'>): void {
  reply.header('set-cookie', sessionCookie(refreshToken, config.refreshTokenLifetime))
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.header('set-cookie', CLEARED_SESSION_COOKIE)
}

/**
 * The refresh token in the request's Cookie header, or null when there is none or it cannot be one
 * (too long, not JWT text). The first cookie of that name counts, as in browsers' own order.
 */
export function readSessionCookie(request: FastifyRequest): string | null {
  const header = request.headers.cookie
  if (typeof header !== 'string' || header.length === 0) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue
    let value = part.slice(eq + 1).trim()
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    return value.length <= MAX_TOKEN_LENGTH && JWT_TEXT.test(value) ? value : null
  }
  return null
}

/** The origins a cookie request may come from: APP_URL's (with its loopback aliases) and CORS_ORIGINS. */
export function allowedOrigins(config: Pick<Config, 'appUrl' | 'corsOrigins'>): Set<string> {
  const app = new URL(config.appUrl)
  const origins = new Set<string>([app.origin, ...config.corsOrigins])
  // The default APP_URL is http://localhost:8000 while `npm start` prints http://127.0.0.1:8000: on a
  // loopback address the names of the same machine are the same app.
  if (LOOPBACK_HOSTS.includes(app.hostname)) {
    for (const host of LOOPBACK_HOSTS) origins.add(`${app.protocol}//${host}${app.port ? `:${app.port}` : ''}`)
  }
  return origins
}

export type CsrfGuard = (request: FastifyRequest) => Promise<void>

/** An onRequest hook: before the body is read, a request without the CSRF header or from another origin answers 403. */
export function createCsrfGuard(config: Pick<Config, 'appUrl' | 'corsOrigins'>): CsrfGuard {
  const origins = allowedOrigins(config)
  return async function csrfGuard(request) {
    if (request.headers['x-requested-with'] !== CSRF_VALUE) {
      throw new PermissionDeniedError(`CSRF check failed: this endpoint requires the header "${CSRF_HEADER}: ${CSRF_VALUE}".`)
    }
    const origin = request.headers.origin
    if (origin !== undefined && !origins.has(origin)) {
      throw new PermissionDeniedError("CSRF check failed: the request's Origin is not this app's origin.")
    }
  }
}

const tags = ['auth']
const CSRF_NOTE = `Requires the header \`${CSRF_HEADER}: ${CSRF_VALUE}\` (403 without it, or with an Origin that is not the app's).`
const COOKIE_NOTE = `The refresh token is in the cookie \`${SESSION_COOKIE}\` (HttpOnly; Secure; SameSite=Strict; Path=${SESSION_COOKIE_PATH}).`

export function registerSessionRoutes(app: App, auth: AuthService, config: Config): void {
  const csrfGuard = createCsrfGuard(config)

  app.post(
    '/api/auth/session',
    {
      onRequest: csrfGuard,
      schema: {
        tags,
        operationId: 'createSession',
        summary: 'Sign in from the web app: the access token in the body, the refresh token in a cookie',
        description: `Takes the same body, throttles and errors as POST /api/auth/token. Sets the cookie \`${SESSION_COOKIE}\` (HttpOnly; Secure; SameSite=Strict; Path=${SESSION_COOKIE_PATH}; Max-Age = REFRESH_TOKEN_LIFETIME). ${CSRF_NOTE}`,
        body: TokenBody,
        response: responses({ 200: SessionAccess }, [401, 403], { body: true }),
      },
    },
    async (request, reply) => {
      const { access, refresh } = await auth.login(request.body.email, request.body.password, request.ip)
      setSessionCookie(reply, refresh, config)
      return { access }
    },
  )

  app.post(
    '/api/auth/session/refresh',
    {
      onRequest: csrfGuard,
      schema: {
        tags,
        operationId: 'refreshSession',
        summary: 'A new access token for the session cookie (and a new cookie with ROTATE_REFRESH_TOKENS=true)',
        description: `${COOKIE_NOTE} A missing, invalid, expired or revoked one answers 401 and clears the cookie. ${CSRF_NOTE}`,
        response: responses({ 200: SessionAccess }, [401, 403]),
      },
    },
    async (request, reply) => {
      const token = readSessionCookie(request)
      if (token === null) {
        clearSessionCookie(reply)
        throw new AuthenticationError(`No session: the ${SESSION_COOKIE} cookie is missing or malformed. Sign in again.`, 'session_missing')
      }
      let result: { access: string; refresh?: string }
      try {
        result = await auth.refresh(token)
      } catch (err) {
        if (err instanceof AuthenticationError) clearSessionCookie(reply)
        throw err
      }
      if (result.refresh !== undefined) setSessionCookie(reply, result.refresh, config)
      return { access: result.access }
    },
  )

  app.delete(
    '/api/auth/session',
    {
      onRequest: csrfGuard,
      schema: {
        tags,
        operationId: 'deleteSession',
        summary: "Sign out from the web app: revokes the session cookie's refresh token and clears the cookie",
        description: `${COOKIE_NOTE} Needs no bearer token (a sign-out works after the access token expired): 204 whether or not the cookie held a live session. ${CSRF_NOTE}`,
        response: responses({ 204: NoContent }, [403]),
      },
    },
    async (request, reply) => {
      const token = readSessionCookie(request)
      if (token !== null) {
        try {
          await auth.logoutByRefreshToken(token)
        } catch (err) {
          // Already revoked, expired or not ours: there is nothing left to end.
          if (!(err instanceof AuthenticationError)) throw err
        }
      }
      clearSessionCookie(reply)
      return reply.code(204).send()
    },
  )
}

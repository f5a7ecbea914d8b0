// Headers every response carries (OWASP secure headers), CORS for the configured origins only,
// and the request id echoed back.
import type { Duplex } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../config.js'
import type { App } from './types.js'

const API_CSP = "default-src 'none'; frame-ancestors 'none'"
// Swagger UI needs its own scripts, styles and inline images.
const DOCS_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'"
const ALLOWED_HEADERS = 'Authorization, Content-Type, X-Request-Id'
const EXPOSED_HEADERS = 'Location, Link, X-Total-Count, X-Request-Id, Retry-After'
const CORS_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE'

/**
 * Sets the headers of every response. Returns true for a CORS preflight from an allowed origin, which
 * the caller answers with 204. Also used for the router's own errors, which no hook sees.
 */
export function securityHeaders(config: Config): (request: FastifyRequest, reply: FastifyReply) => boolean {
  const origins = new Set(config.corsOrigins)
  const hsts = config.appUrl.startsWith('https:')

  return (request, reply) => {
    reply.header('x-request-id', request.id)
    reply.header('x-content-type-options', 'nosniff')
    reply.header('referrer-policy', 'no-referrer')
    reply.header('x-frame-options', 'DENY')
    const docs = request.url.startsWith('/api/docs')
    reply.header('content-security-policy', docs ? DOCS_CSP : API_CSP)
    // Tokens and personal data must not sit in shared or browser caches.
    if (!docs) reply.header('cache-control', 'no-store')
    if (hsts) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains')

    if (origins.size === 0) return false
    reply.header('vary', 'Origin')
    const origin = request.headers.origin
    if (!origin || !origins.has(origin)) return false
    reply.header('access-control-allow-origin', origin)
    reply.header('access-control-expose-headers', EXPOSED_HEADERS)
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      reply.header('access-control-allow-methods', CORS_METHODS)
      reply.header('access-control-allow-headers', ALLOWED_HEADERS)
      reply.header('access-control-max-age', '600')
      return true
    }
    return false
  }
}

export function registerSecurityHeaders(app: App, config: Config): void {
  const setHeaders = securityHeaders(config)
  // Callback style: an async hook costs a promise and a microtask on every request.
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    // A preflight is answered here; the request goes no further.
    if (setHeaders(request, reply)) reply.code(204).send()
    else done()
  })
}

/**
 * Requests that node's HTTP parser refuses (malformed, a body longer than its Content-Length,
 * headers too large, too slow) never reach Fastify: they are answered here, in the API's error
 * shape and with its security headers, and the connection is closed.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex, config: Config): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const [status, reason, detail] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', 'The request took too long to arrive.']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'The request headers are too large.']
        : [400, 'Bad Request', 'Malformed HTTP request.']
  const body = JSON.stringify({ detail })
  const head = [
    `HTTP/1.1 ${status} ${reason}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    'x-content-type-options: nosniff',
    'referrer-policy: no-referrer',
    'x-frame-options: DENY',
    `content-security-policy: ${API_CSP}`,
    'cache-control: no-store',
    ...(config.appUrl.startsWith('https:') ? ['strict-transport-security: max-age=31536000; includeSubDomains'] : []),
    'connection: close',
  ]
  if (socket.writable) socket.write(`${head.join('\r\n')}\r\n\r\n${body}`)
  socket.destroy()
}

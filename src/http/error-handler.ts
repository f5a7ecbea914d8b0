// The one error handler: typed domain errors and framework errors become the original API's error
// bodies; anything unexpected becomes a bare 500 that reveals nothing but the request id.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  TooManyRequestsError,
  ValidationError,
} from '../errors.js'
import { JsonParseError } from './json-body.js'
import { toFieldErrors } from './validation.js'

export const WWW_AUTHENTICATE = 'Bearer realm="api"'
export const NOT_FOUND = { detail: 'Not found.' }

function send(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(body)
}

export function sendTooManyRequests(reply: FastifyReply, retryAfter: number, detail: string): FastifyReply {
  reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfter))))
  return send(reply, 429, { detail })
}

function handle(err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof ValidationError) return send(reply, 400, err.fields)
  if (err instanceof AuthenticationError) {
    reply.header('www-authenticate', WWW_AUTHENTICATE)
    return send(reply, 401, err.code ? { detail: err.detail, code: err.code } : { detail: err.detail })
  }
  if (err instanceof PermissionDeniedError) return send(reply, 403, { detail: err.detail })
  if (err instanceof NotFoundError) return send(reply, 404, NOT_FOUND)
  if (err instanceof ConflictError) return send(reply, 409, { detail: err.detail, code: err.code })
  if (err instanceof TooManyRequestsError) return sendTooManyRequests(reply, err.retryAfter, err.detail)
  if (err instanceof JsonParseError) return send(reply, 400, { detail: `JSON parse error - ${err.message}` })

  if (err.validation) {
    // A path parameter that cannot be an id names nothing that exists.
    if (err.validationContext === 'params') return send(reply, 404, NOT_FOUND)
    return send(reply, 400, toFieldErrors(err.validation as never))
  }
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return send(reply, 415, {
        detail: `Unsupported media type "${String(request.headers['content-type'] ?? '')}" in request. Send application/json.`,
      })
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return send(reply, 413, { detail: 'Request body is larger than the 64 KiB limit.' })
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return send(reply, 400, { detail: 'Content-Length does not match the body.' })
  }
  const status = err.statusCode ?? 500
  if (status >= 400 && status < 500) return send(reply, status, { detail: 'Bad request.' })

  request.log.error({ err }, 'unhandled error')
  return send(reply, 500, { detail: 'Server error.' })
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(handle)
  app.setNotFoundHandler((_request, reply) => send(reply, 404, NOT_FOUND))
}

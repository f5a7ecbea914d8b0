import type { FastifyReply, FastifyRequest } from 'fastify'
import { currentUser, type Authenticate } from '../auth/authenticate.js'
import { NotFoundError } from '../errors.js'
import { IdParams, NoContent, parseId, responses } from '../http/schemas.js'
import type { App } from '../http/types.js'
import {
  LeaveRequest,
  LeaveRequestList,
  LeaveRequestPatch,
  LeaveRequestQuery,
  LeaveRequestWrite,
} from './leave-requests.schemas.js'
import { toLeaveRequest, type LeaveRequestsService } from './leave-requests.service.js'

const tags = ['leave requests']
const security = [{ bearer: [] }]
const BASE = '/api/leave-requests'

function idOf(request: { params: { id: string } }): number {
  const id = parseId(request.params.id)
  if (id === null) throw new NotFoundError()
  return id
}

/** X-Total-Count and an RFC 8288 next link (relative, so it never trusts the Host header). */
export function setPagingHeaders(reply: FastifyReply, request: FastifyRequest, page: { total: number; limit: number; offset: number; count: number }) {
  reply.header('x-total-count', String(page.total))
  if (page.offset + page.count < page.total) {
    const params = new URLSearchParams(request.query as Record<string, string>)
    params.set('limit', String(page.limit))
    params.set('offset', String(page.offset + page.limit))
    const path = request.url.split('?')[0]
    reply.header('link', `<${path}?${params.toString()}>; rel="next"`)
  }
}

export function registerLeaveRequestRoutes(app: App, service: LeaveRequestsService, authenticate: Authenticate): void {
  app.get(
    BASE,
    {
      onRequest: authenticate,
      schema: {
        tags,
        security,
        summary: 'The caller’s leave requests, newest start first',
        querystring: LeaveRequestQuery,
        response: responses({ 200: LeaveRequestList }, [400, 401]),
      },
    },
    async (request, reply) => {
      const page = await service.list(currentUser(request), request.query)
      setPagingHeaders(reply, request, { ...page, count: page.items.length })
      return page.items
    },
  )

  app.post(
    BASE,
    {
      onRequest: authenticate,
      schema: {
        tags,
        security,
        summary: 'File a leave request',
        body: LeaveRequestWrite,
        response: responses({ 201: LeaveRequest }, [401], { body: true }),
      },
    },
    async (request, reply) => {
      const row = await service.create(currentUser(request), request.body)
      reply.code(201).header('location', `${BASE}/${row.id}`)
      return toLeaveRequest(row)
    },
  )

  app.get(
    `${BASE}/:id`,
    {
      onRequest: authenticate,
      schema: { tags, security, summary: 'One of the caller’s leave requests', params: IdParams, response: responses({ 200: LeaveRequest }, [401, 404]) },
    },
    async (request) => toLeaveRequest(await service.getOwned(currentUser(request), idOf(request))),
  )

  for (const [method, body, summary] of [
    ['PUT', LeaveRequestWrite, 'Replace a pending leave request (start and end required)'],
    ['PATCH', LeaveRequestPatch, 'Change some fields of a pending leave request'],
  ] as const) {
    app.route({
      method,
      url: `${BASE}/:id`,
      onRequest: authenticate,
      schema: { tags, security, summary, params: IdParams, body, response: responses({ 200: LeaveRequest }, [401, 404, 409], { body: true }) },
      handler: async (request) => toLeaveRequest(await service.update(currentUser(request), idOf(request), request.body)),
    })
  }

  app.delete(
    `${BASE}/:id`,
    {
      onRequest: authenticate,
      schema: { tags, security, summary: 'Delete a pending leave request', params: IdParams, response: responses({ 204: NoContent }, [401, 404, 409]) },
    },
    async (request, reply) => {
      await service.remove(currentUser(request), idOf(request))
      return reply.code(204).send()
    },
  )
}

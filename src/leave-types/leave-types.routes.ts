import type { FastifyRequest } from 'fastify'
import { currentUser, type Authenticate } from '../auth/authenticate.js'
import { responses } from '../http/schemas.js'
import type { App } from '../http/types.js'
import { requireAdmin } from '../users/users.service.js'
import { CodeParams, LeaveTypeBody, LeaveTypeCreate, LeaveTypeList, LeaveTypePatch } from './leave-types.schemas.js'
import type { LeaveTypesService } from './leave-types.service.js'

const tags = ['leave types']
const security = [{ bearer: [] }]
const BASE = '/api/leave-types'

export function registerLeaveTypeRoutes(app: App, service: LeaveTypesService, authenticate: Authenticate): void {
  const adminOnly = [authenticate, async (request: FastifyRequest) => requireAdmin(currentUser(request))]

  app.get(
    BASE,
    { onRequest: authenticate, schema: { tags, security, summary: 'Every leave type, retired ones too', response: responses({ 200: LeaveTypeList }, [401]) } },
    async () => service.list(),
  )

  app.get(
    `${BASE}/:code`,
    {
      onRequest: authenticate,
      schema: { tags, security, summary: 'One leave type', params: CodeParams, response: responses({ 200: LeaveTypeBody }, [401, 404]) },
    },
    async (request) => service.get(request.params.code),
  )

  app.post(
    BASE,
    {
      onRequest: adminOnly,
      schema: { tags, security, summary: 'Admin: add a leave type', body: LeaveTypeCreate, response: responses({ 201: LeaveTypeBody }, [401, 403], { body: true }) },
    },
    async (request, reply) => {
      const created = await service.create(currentUser(request), request.body)
      reply.code(201).header('location', `${BASE}/${created.code}`)
      return created
    },
  )

  app.patch(
    `${BASE}/:code`,
    {
      onRequest: adminOnly,
      schema: {
        tags,
        security,
        summary: 'Admin: change or retire (active: false) a leave type; its code never changes',
        params: CodeParams,
        body: LeaveTypePatch,
        response: responses({ 200: LeaveTypeBody }, [401, 403, 404, 409], { body: true }),
      },
    },
    async (request) => service.update(currentUser(request), request.params.code, request.body),
  )
}

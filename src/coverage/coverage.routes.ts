import type { FastifyRequest } from 'fastify'
import { currentUser, type Authenticate } from '../auth/authenticate.js'
import { IdParams, NoContent, pathId, responses } from '../http/schemas.js'
import type { App } from '../http/types.js'
import { requireAdmin } from '../users/users.service.js'
import { PermissionDeniedError } from '../errors.js'
import { GroupBody, GroupCreate, GroupList, GroupPatch, RuleBody, RuleCreate, RuleList, RulePatch } from './coverage.schemas.js'
import type { CoverageService } from './coverage.service.js'

const tags = ['coverage']
const security = [{ bearer: [] }]

export function registerCoverageRoutes(app: App, service: CoverageService, authenticate: Authenticate): void {
  const adminOnly = [authenticate, async (request: FastifyRequest) => requireAdmin(currentUser(request))]
  // Managers see the groups and rules their people are held to; employees see neither.
  const managersToo = [
    authenticate,
    async (request: FastifyRequest) => {
      if (currentUser(request).role === 'employee') throw new PermissionDeniedError()
    },
  ]

  app.get('/api/groups', { onRequest: managersToo, schema: { tags, security, summary: 'Groups of people coverage rules count (managers, admins)', response: responses({ 200: GroupList }, [401, 403]) } }, async () => service.groups())
  app.post(
    '/api/groups',
    { onRequest: adminOnly, schema: { tags, security, summary: 'Admin: add a group', body: GroupCreate, response: responses({ 201: GroupBody }, [401, 403], { body: true }) } },
    async (request, reply) => reply.code(201).send(await service.createGroup(currentUser(request), request.body)),
  )
  app.patch(
    '/api/groups/:id',
    { onRequest: adminOnly, schema: { tags, security, summary: 'Admin: rename a group or replace its members', params: IdParams, body: GroupPatch, response: responses({ 200: GroupBody }, [401, 403, 404], { body: true }) } },
    async (request) => service.updateGroup(currentUser(request), pathId(request), request.body),
  )
  app.delete(
    '/api/groups/:id',
    { onRequest: adminOnly, schema: { tags, security, summary: 'Admin: remove a group and its rules', params: IdParams, response: responses({ 204: NoContent }, [401, 403, 404]) } },
    async (request, reply) => {
      await service.deleteGroup(currentUser(request), pathId(request))
      return reply.code(204).send()
    },
  )

  app.get('/api/coverage-rules', { onRequest: managersToo, schema: { tags, security, summary: 'Coverage rules (managers, admins)', response: responses({ 200: RuleList }, [401, 403]) } }, async () => service.rules())
  app.post(
    '/api/coverage-rules',
    { onRequest: adminOnly, schema: { tags, security, summary: 'Admin: add a coverage rule', body: RuleCreate, response: responses({ 201: RuleBody }, [401, 403], { body: true }) } },
    async (request, reply) => reply.code(201).send(await service.createRule(currentUser(request), { mode: 'warn', ...request.body })),
  )
  app.patch(
    '/api/coverage-rules/:id',
    { onRequest: adminOnly, schema: { tags, security, summary: 'Admin: change a coverage rule', params: IdParams, body: RulePatch, response: responses({ 200: RuleBody }, [401, 403, 404], { body: true }) } },
    async (request) => service.updateRule(currentUser(request), pathId(request), request.body),
  )
  app.delete(
    '/api/coverage-rules/:id',
    { onRequest: adminOnly, schema: { tags, security, summary: 'Admin: remove a coverage rule', params: IdParams, response: responses({ 204: NoContent }, [401, 403, 404]) } },
    async (request, reply) => {
      await service.deleteRule(currentUser(request), pathId(request))
      return reply.code(204).send()
    },
  )
}

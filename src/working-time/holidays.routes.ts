import type { FastifyRequest } from 'fastify'
import { currentUser, type Authenticate } from '../auth/authenticate.js'
import { IdParams, NoContent, pathId, responses } from '../http/schemas.js'
import type { App } from '../http/types.js'
import { requireAdmin } from '../users/users.service.js'
import { CompanyHolidayCreate, HolidayBody, HolidayList, HolidayQuery, RegionList } from './holidays.schemas.js'
import type { HolidaysService } from './holidays.service.js'

const tags = ['holidays']
const security = [{ bearer: [] }]

export function registerHolidayRoutes(app: App, service: HolidaysService, authenticate: Authenticate): void {
  const adminOnly = [authenticate, async (request: FastifyRequest) => requireAdmin(currentUser(request))]

  app.get(
    '/api/holidays',
    {
      onRequest: authenticate,
      schema: {
        tags,
        security,
        summary: 'A year’s public holidays and company days off in a region (the caller’s by default), by date',
        querystring: HolidayQuery,
        response: responses({ 200: HolidayList }, [400, 401]),
      },
    },
    async (request) => service.list(currentUser(request), request.query.year, request.query.region),
  )

  app.post(
    '/api/holidays',
    {
      onRequest: adminOnly,
      schema: {
        tags,
        security,
        summary: 'Admin: add a company day off (for everyone, or one region); unfinished requests over it are recomputed',
        body: CompanyHolidayCreate,
        response: responses({ 201: HolidayBody }, [401, 403], { body: true }),
      },
    },
    async (request, reply) => reply.code(201).send(await service.create(currentUser(request), request.body)),
  )

  app.delete(
    '/api/holidays/:id',
    {
      onRequest: adminOnly,
      schema: { tags, security, summary: 'Admin: remove a company day off', params: IdParams, response: responses({ 204: NoContent }, [401, 403, 404]) },
    },
    async (request, reply) => {
      await service.remove(currentUser(request), pathId(request))
      return reply.code(204).send()
    },
  )

  app.get(
    '/api/regions',
    { onRequest: authenticate, schema: { tags, security, summary: 'Every holiday region the data knows, by code', response: responses({ 200: RegionList }, [401]) } },
    async () => service.regions(),
  )
}

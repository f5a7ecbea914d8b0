import type { FastifyRequest } from 'fastify'
import { currentUser, type Authenticate } from '../auth/authenticate.js'
import { sendPage } from '../http/paging.js'
import { IdParams, pathId, responses } from '../http/schemas.js'
import type { App } from '../http/types.js'
import { User, UserCreate, UserList, UserPatch, UserQuery } from './users.schemas.js'
import { requireAdmin, type UsersService } from './users.service.js'

const tags = ['users']
const security = [{ bearer: [] }]
const BASE = '/api/users'

export function registerUserRoutes(app: App, service: UsersService, authenticate: Authenticate): void {
  // Both run before the body is parsed: a non-admin learns nothing from validation errors.
  const adminOnly = [authenticate, async (request: FastifyRequest) => requireAdmin(currentUser(request))]

  app.get(
    BASE,
    {
      onRequest: adminOnly,
      schema: {
        tags,
        security,
        summary: 'Admin: every user, oldest account first; filters role, is_active, q',
        querystring: UserQuery,
        response: responses({ 200: UserList }, [400, 401, 403]),
      },
    },
    async (request, reply) => sendPage(reply, request, await service.list(request.query)),
  )

  app.post(
    BASE,
    {
      onRequest: adminOnly,
      schema: {
        tags,
        security,
        summary: 'Admin: create a user and mail them an invitation to set their password',
        body: UserCreate,
        response: responses({ 201: User }, [401, 403], { body: true }),
      },
    },
    async (request, reply) => {
      const user = await service.invite(currentUser(request), request.body)
      reply.code(201).header('location', `${BASE}/${user.id}`)
      return user
    },
  )

  app.get(
    `${BASE}/:id`,
    {
      onRequest: adminOnly,
      schema: { tags, security, summary: 'Admin: one user', params: IdParams, response: responses({ 200: User }, [401, 403, 404]) },
    },
    async (request) => service.get(pathId(request)),
  )

  app.patch(
    `${BASE}/:id`,
    {
      onRequest: adminOnly,
      schema: {
        tags,
        security,
        summary: 'Admin: change names, email, role or manager (the last active admin keeps the role)',
        params: IdParams,
        body: UserPatch,
        response: responses({ 200: User }, [401, 403, 404, 409], { body: true }),
      },
    },
    async (request) => service.update(currentUser(request), pathId(request), request.body),
  )

  for (const [action, active, summary, errors] of [
    ['deactivate', false, 'Admin: deactivate a user and end their sessions (not the last active admin)', [401, 403, 404, 409]],
    ['activate', true, 'Admin: let a deactivated user sign in again', [401, 403, 404]],
  ] as const) {
    app.post(
      `${BASE}/:id/${action}`,
      // No fields to send, but a body that is sent is still parsed: 400, 413 and 415 remain possible.
      { onRequest: adminOnly, schema: { tags, security, summary, params: IdParams, response: responses({ 200: User }, [...errors], { body: true }) } },
      async (request) => service.setActive(currentUser(request), pathId(request), active),
    )
  }
}

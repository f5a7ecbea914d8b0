import type { FastifyRequest } from 'fastify'
import { currentUser, type Authenticate } from '../auth/authenticate.js'
import { IdParams, NoContent, pathId, responses } from '../http/schemas.js'
import type { App } from '../http/types.js'
import { requireAdmin } from '../users/users.service.js'
import { AttemptList, WebhookBody, WebhookCreate, WebhookList, WebhookPatch, WebhookWithSecret } from './webhooks.schemas.js'
import type { WebhooksService } from './webhooks.service.js'

const tags = ['webhooks']
const security = [{ bearer: [] }]

export function registerWebhookRoutes(app: App, service: WebhooksService, authenticate: Authenticate): void {
  const adminOnly = [authenticate, async (request: FastifyRequest) => requireAdmin(currentUser(request))]
  app.get('/api/webhooks', { onRequest: adminOnly, schema: { tags, security, summary: 'Admin: webhook endpoints', response: responses({ 200: WebhookList }, [401, 403]) } }, async () => service.list())
  app.post(
    '/api/webhooks',
    { onRequest: adminOnly, schema: { tags, security, summary: 'Admin: register an endpoint; the answer shows its secret once', body: WebhookCreate, response: responses({ 201: WebhookWithSecret }, [401, 403], { body: true }) } },
    async (request, reply) => reply.code(201).send(await service.create(currentUser(request), request.body)),
  )
  app.patch(
    '/api/webhooks/:id',
    { onRequest: adminOnly, schema: { tags, security, summary: 'Admin: change an endpoint, or disable or enable it', params: IdParams, body: WebhookPatch, response: responses({ 200: WebhookBody }, [401, 403, 404], { body: true }) } },
    async (request) => service.update(currentUser(request), pathId(request), request.body),
  )
  app.delete(
    '/api/webhooks/:id',
    { onRequest: adminOnly, schema: { tags, security, summary: 'Admin: remove an endpoint and its queued deliveries', params: IdParams, response: responses({ 204: NoContent }, [401, 403, 404]) } },
    async (request, reply) => {
      await service.remove(currentUser(request), pathId(request))
      return reply.code(204).send()
    },
  )
  app.post(
    '/api/webhooks/:id/rotate-secret',
    { onRequest: adminOnly, schema: { tags, security, summary: 'Admin: a new secret (shown once); the old one also signs for 24 hours', params: IdParams, response: responses({ 200: WebhookWithSecret }, [401, 403, 404]) } },
    async (request) => service.rotateSecret(currentUser(request), pathId(request)),
  )
  app.get(
    '/api/webhooks/:id/deliveries',
    { onRequest: adminOnly, schema: { tags, security, summary: 'Admin: the last 100 delivery attempts of an endpoint', params: IdParams, response: responses({ 200: AttemptList }, [401, 403, 404]) } },
    async (request) => service.deliveries(pathId(request)),
  )
}

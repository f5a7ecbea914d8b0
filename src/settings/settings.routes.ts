import type { FastifyRequest } from 'fastify'
import { currentUser, type Authenticate } from '../auth/authenticate.js'
import { responses } from '../http/schemas.js'
import type { App } from '../http/types.js'
import { requireAdmin } from '../users/users.service.js'
import { Settings, SettingsPatch } from './settings.schemas.js'
import type { SettingsService } from './settings.service.js'

const tags = ['settings']
const security = [{ bearer: [] }]

export function registerSettingsRoutes(app: App, service: SettingsService, authenticate: Authenticate): void {
  app.get(
    '/api/settings',
    { onRequest: authenticate, schema: { tags, security, summary: 'The company’s working-time defaults', response: responses({ 200: Settings }, [401]) } },
    async () => service.get(),
  )

  app.patch(
    '/api/settings',
    {
      onRequest: [authenticate, async (request: FastifyRequest) => requireAdmin(currentUser(request))],
      schema: {
        tags,
        security,
        summary: 'Admin: change defaults; unfinished requests of people who inherit them are recomputed',
        body: SettingsPatch,
        response: responses({ 200: Settings }, [401, 403, 409], { body: true }),
      },
    },
    async (request) => service.update(currentUser(request), request.body),
  )
}

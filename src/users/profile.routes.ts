import { currentUser, type Authenticate } from '../auth/authenticate.js'
import { responses } from '../http/schemas.js'
import type { App } from '../http/types.js'
import { Profile, ProfilePatch, ProfilePut } from './profile.schemas.js'
import type { ProfileService } from './profile.service.js'

const tags = ['profile']
const security = [{ bearer: [] }]

export function registerProfileRoutes(app: App, profiles: ProfileService, authenticate: Authenticate): void {
  app.get(
    '/api/auth/me',
    { onRequest: authenticate, schema: { tags, security, summary: 'The caller’s profile', response: responses({ 200: Profile }, [401]) } },
    async (request) => profiles.describe(currentUser(request)),
  )

  app.put(
    '/api/auth/me',
    {
      onRequest: authenticate,
      schema: {
        tags,
        security,
        summary: 'Replace the profile (all editable fields required; id and role are read-only)',
        body: ProfilePut,
        response: responses({ 200: Profile }, [401], { body: true }),
      },
    },
    async (request) => profiles.describe(await profiles.update(currentUser(request), request.body)),
  )

  app.patch(
    '/api/auth/me',
    {
      onRequest: authenticate,
      schema: {
        tags,
        security,
        summary: 'Change some profile fields',
        body: ProfilePatch,
        response: responses({ 200: Profile }, [401], { body: true }),
      },
    },
    async (request) => profiles.describe(await profiles.update(currentUser(request), request.body)),
  )
}

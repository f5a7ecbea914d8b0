// GET /api/setup tells the web app whether to offer the first-admin form; POST /api/setup creates that
// admin and signs them in as the cookie sign-in does (access token in the body, refresh token in the
// session cookie). Both are public; the general per-address rate limit (src/http/rate-limit.ts) applies
// to them as to every route.
import { createCsrfGuard, CSRF_HEADER, CSRF_VALUE, SESSION_COOKIE, setSessionCookie } from '../auth/session.routes.js'
import { SessionAccess } from '../auth/auth.schemas.js'
import type { Config } from '../config.js'
import { responses } from '../http/schemas.js'
import type { App } from '../http/types.js'
import { SetupBody, SetupStatus } from './setup.schemas.js'
import { alreadySetUp, type SetupService } from './setup.service.js'

const tags = ['setup']

export function registerSetupRoutes(app: App, setup: SetupService, config: Config): void {
  app.get(
    '/api/setup',
    {
      schema: {
        tags,
        operationId: 'getSetupStatus',
        summary: 'Whether this installation still needs its first admin (true only while no user exists)',
        response: responses({ 200: SetupStatus }, []),
      },
    },
    async () => ({ needed: await setup.needed() }),
  )

  app.post(
    '/api/setup',
    {
      onRequest: createCsrfGuard(config),
      // Before the body is validated: a set-up installation answers 409 to anything.
      preValidation: async () => {
        if (!(await setup.needed())) throw alreadySetUp()
      },
      schema: {
        tags,
        operationId: 'createFirstAdmin',
        summary: 'Create the first user, an admin, on a fresh install, and sign them in',
        description:
          `Only while no user exists; then 409 for good. The password policy applies. Answers as POST /api/auth/session does: ` +
          `the access token in the body, the refresh token in the cookie \`${SESSION_COOKIE}\`. ` +
          `Requires the header \`${CSRF_HEADER}: ${CSRF_VALUE}\` (403 without it, or with an Origin that is not the app's).`,
        body: SetupBody,
        response: responses({ 201: SessionAccess }, [403, 409], { body: true }),
      },
    },
    async (request, reply) => {
      const { access, refresh } = await setup.createFirstAdmin(request.body)
      setSessionCookie(reply, refresh, config)
      return reply.code(201).send({ access })
    },
  )
}

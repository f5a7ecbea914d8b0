import type { FastifyRequest } from 'fastify'
import { currentUser, type Authenticate } from '../auth/authenticate.js'
import { responses } from '../http/schemas.js'
import type { PageCache } from '../http/page-cache.js'
import type { App } from '../http/types.js'
import type { AuthenticatedUser } from '../users/users.repository.js'
import { requireAdmin } from '../users/users.service.js'
import { AdjustmentBody, AdjustmentCreate, BalanceList, BalanceQuery, LedgerList, LedgerQuery } from './balances.schemas.js'
import type { BalancesService } from './balances.service.js'

const tags = ['balances']
const security = [{ bearer: [] }]

/**
 * Answers of one's own balances are cached per process, checked against what they depend on: the
 * person's leave_version (their requests, and since 0007 every fact booked for them), the working
 * config (policies, settings), the user row itself (employment start, zone) and today's date.
 */
export function registerBalanceRoutes(app: App, service: BalancesService, authenticate: Authenticate, cache: PageCache): void {
  const adminOnly = [authenticate, async (request: FastifyRequest) => requireAdmin(currentUser(request))]

  app.get(
    '/api/balances',
    {
      onRequest: authenticate,
      schema: {
        tags,
        security,
        summary: 'Balances on a day, per leave type that counts against one (yourself, your reports, or anyone for admins)',
        querystring: BalanceQuery,
        response: responses({ 200: BalanceList }, [400, 401, 404]),
      },
    },
    async (request, reply) => {
      const caller = currentUser(request) as AuthenticatedUser
      const own = request.query.user_id === undefined || request.query.user_id === caller.id
      const version = own ? `${caller.leave_version}.${caller.config_version}.${caller.updated_at}.${await service.todayOf(caller)}` : null
      return cache.sendJson(reply, `balances ${caller.id} ${request.url}`, version, () => service.balances(caller, request.query))
    },
  )

  app.get(
    '/api/balances/ledger',
    {
      onRequest: authenticate,
      schema: {
        tags,
        security,
        summary: 'The entries that make a leave year’s balance of a type, oldest first',
        querystring: LedgerQuery,
        response: responses({ 200: LedgerList }, [400, 401, 404]),
      },
    },
    async (request) => service.ledger(currentUser(request), request.query),
  )

  app.post(
    '/api/balances/adjustments',
    {
      onRequest: adminOnly,
      schema: {
        tags,
        security,
        summary: 'Admin: add to or take from a balance, with a reason; never edited or deleted (correct with another)',
        body: AdjustmentCreate,
        response: responses({ 201: AdjustmentBody }, [401, 403], { body: true }),
      },
    },
    async (request, reply) => reply.code(201).send(await service.adjust(currentUser(request), request.body)),
  )
}

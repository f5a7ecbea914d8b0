import type { ErrorObject } from 'ajv'
import type { FastifyRequest } from 'fastify'
import type { TSchema } from 'typebox'
import { NotFoundError, ValidationError, type FieldErrorMap } from '../errors.js'
import { toFieldErrors } from '../http/validation.js'
import type { LeaveInput } from './leave-draft.js'
import { History } from '../audit/audit.schemas.js'
import { currentUser, type Authenticate } from '../auth/authenticate.js'
import type { AuthenticatedUser } from '../users/users.repository.js'
import type { PageCache } from '../http/page-cache.js'
import { IdParams, NoContent, pathId, responses } from '../http/schemas.js'
import type { App } from '../http/types.js'
import {
  ApprovalsQuery,
  LeaveRequest,
  LeaveRequestList,
  ApprovalList,
  ApproveBody,
  LeaveRequestPatch,
  LeaveRequestQuery,
  LeaveRequestWrite,
  NoFields,
  OptionalComment,
  Preview,
  RequiredComment,
  type Transition,
} from './leave-requests.schemas.js'
import type { LeaveRequestsService } from './leave-requests.service.js'

const tags = ['leave requests']
const security = [{ bearer: [] }]
const BASE = '/api/leave-requests'

const TRANSITION_ROUTES: Array<{ action: Transition; body: TSchema; summary: string }> = [
  {
    action: 'cancel',
    body: NoFields,
    summary:
      'Owner: cancel a pending request, or ask to cancel an approved one (cancelled at once when not started and CANCEL_APPROVED_NEEDS_APPROVAL=false). Admin: cancel an approved request',
  },
  { action: 'approve', body: ApproveBody, summary: 'Approver: approve a pending request (override_coverage with a comment: over a block coverage rule)' },
  { action: 'reject', body: RequiredComment, summary: 'Approver: reject a pending request (comment required)' },
  { action: 'approve-cancellation', body: OptionalComment, summary: 'Approver: agree to cancel approved leave' },
  { action: 'reject-cancellation', body: OptionalComment, summary: 'Approver: refuse to cancel approved leave; it stays approved' },
]

/**
 * What a cached page of a list depends on besides who asks and the URL, or null when that list is
 * not cached. Own pages change with the caller's leave_version; team pages and a manager's approvals
 * with the caller's team_version (their direct reports' requests); what any page shows of people
 * (names, roles, managers) with the shared users_version. All three are kept by triggers (migration
 * 0005) and read with the caller. An admin's approvals also hold every unmanaged user's requests, and
 * scope=all everyone's: no version covers those, so they are not cached.
 */
function pageVersion(caller: AuthenticatedUser, list: 'own' | 'team' | 'all' | 'approvals'): string | null {
  switch (list) {
    case 'own':
      return `own.${caller.leave_version}.${caller.users_version}`
    case 'team':
      return `team.${caller.team_version}.${caller.users_version}`
    case 'approvals':
      return caller.role === 'admin' ? null : `team.${caller.team_version}.${caller.users_version}`
    case 'all':
      return null
  }
}

/**
 * Input whose schema check failed still gets the checks the service makes (a type is a code from the
 * database; which pair of period fields is required depends on the body), so the client hears every
 * failing field at once. Routes that call this declare attachValidation.
 */
async function checked<T>(request: FastifyRequest, input: T, serviceErrors: (errors: FieldErrorMap) => Promise<void>): Promise<T> {
  const failed = request.validationError as (Error & { validation?: unknown; validationContext?: string }) | undefined
  if (!failed) return input
  if (failed.validationContext === 'params') throw new NotFoundError()
  if (!Array.isArray(failed.validation)) throw failed
  const errors = toFieldErrors(failed.validation as ErrorObject[])
  await serviceErrors(errors)
  throw new ValidationError(errors)
}

const checkedBody = (request: FastifyRequest, service: LeaveRequestsService, replace: boolean) =>
  checked(request, request.body as LeaveInput, (errors) =>
    request.validationError && (request.validationError as { validationContext?: string }).validationContext === 'body'
      ? service.addBodyErrors(currentUser(request), request.body, replace, errors)
      : Promise.resolve(),
  )

export function registerLeaveRequestRoutes(app: App, service: LeaveRequestsService, authenticate: Authenticate, pages: PageCache): void {
  app.get(
    BASE,
    {
      onRequest: authenticate,
      attachValidation: true,
      schema: {
        tags,
        security,
        summary: 'Leave requests, newest start first: the caller’s own, their team’s (scope=team) or everyone’s (scope=all, admins)',
        querystring: LeaveRequestQuery,
        response: responses({ 200: LeaveRequestList }, [400, 401, 403]),
      },
    },
    async (request, reply) => {
      const query = await checked(request, request.query, (errors) => service.addTypeError(currentUser(request), request.query.type, errors))
      const caller = currentUser(request)
      const version = pageVersion(caller, query.scope ?? 'own')
      return pages.send(request, reply, `${caller.id} ${request.url}`, version, () => service.list(caller, query))
    },
  )

  app.get(
    '/api/approvals',
    {
      onRequest: authenticate,
      schema: {
        tags,
        security,
        summary: 'Requests waiting for the caller’s decision, oldest submission first',
        querystring: ApprovalsQuery,
        response: responses({ 200: ApprovalList }, [400, 401]),
      },
    },
    async (request, reply) => {
      const caller = currentUser(request)
      const version = (await service.approvalsCacheable(caller)) ? pageVersion(caller, 'approvals') : null
      return pages.send(request, reply, `${caller.id} ${request.url}`, version, () => service.approvals(caller, request.query))
    },
  )

  app.post(
    BASE,
    {
      onRequest: authenticate,
      attachValidation: true,
      schema: {
        tags,
        security,
        summary: 'File a leave request: start and end, or start_date and end_date with half days (its approvers are told by mail)',
        body: LeaveRequestWrite,
        response: responses({ 201: LeaveRequest }, [401, 409], { body: true }),
      },
    },
    async (request, reply) => {
      const created = await service.create(currentUser(request), await checkedBody(request, service, true))
      reply.code(201).header('location', `${BASE}/${created.id}`)
      return created
    },
  )

  app.post(
    `${BASE}/preview`,
    {
      onRequest: authenticate,
      attachValidation: true,
      schema: {
        tags,
        security,
        summary: 'What filing this request would do, day by day, and every problem that would stop it; writes nothing',
        body: LeaveRequestWrite,
        response: responses({ 200: Preview }, [401], { body: true }),
      },
    },
    async (request) => service.preview(currentUser(request), await checkedBody(request, service, true)),
  )

  app.get(
    `${BASE}/:id`,
    {
      onRequest: authenticate,
      schema: {
        tags,
        security,
        summary: 'A leave request the caller owns, manages or administers',
        params: IdParams,
        response: responses({ 200: LeaveRequest }, [401, 404]),
      },
    },
    async (request) => service.get(currentUser(request), pathId(request)),
  )

  for (const [method, body, summary] of [
    ['PUT', LeaveRequestWrite, 'Owner: replace a pending leave request (its period required, as start and end or start_date and end_date)'],
    ['PATCH', LeaveRequestPatch, 'Owner: change some fields of a pending leave request'],
  ] as const) {
    app.route({
      method,
      url: `${BASE}/:id`,
      onRequest: authenticate,
      attachValidation: true,
      schema: { tags, security, summary, params: IdParams, body, response: responses({ 200: LeaveRequest }, [401, 403, 404, 409], { body: true }) },
      handler: async (request) => {
        const body = await checkedBody(request, service, method === 'PUT')
        return service.update(currentUser(request), pathId(request), body, method === 'PUT')
      },
    })
  }

  app.delete(
    `${BASE}/:id`,
    {
      onRequest: authenticate,
      schema: {
        tags,
        security,
        summary: 'Owner: delete a pending leave request',
        params: IdParams,
        response: responses({ 204: NoContent }, [401, 403, 404, 409]),
      },
    },
    async (request, reply) => {
      await service.remove(currentUser(request), pathId(request))
      return reply.code(204).send()
    },
  )

  for (const { action, body, summary } of TRANSITION_ROUTES) {
    app.post(
      `${BASE}/:id/${action}`,
      {
        onRequest: authenticate,
        schema: { tags, security, summary, params: IdParams, body, response: responses({ 200: LeaveRequest }, [401, 403, 404, 409], { body: true }) },
      },
      async (request) => {
        const { comment, override_coverage } = request.body as { comment?: string; override_coverage?: boolean }
        return service.transition(currentUser(request), pathId(request), action, comment, override_coverage === true)
      },
    )
  }

  app.get(
    `${BASE}/:id/history`,
    {
      onRequest: authenticate,
      schema: {
        tags,
        security,
        summary: 'Every change and decision of a leave request, oldest first (owner, approver, admin)',
        params: IdParams,
        response: responses({ 200: History }, [401, 404]),
      },
    },
    async (request) => service.history(currentUser(request), pathId(request)),
  )
}

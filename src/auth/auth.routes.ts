import type { App } from '../http/types.js'
import { NoContent, responses } from '../http/schemas.js'
import type { AuthService } from './auth.service.js'
import type { Authenticate } from './authenticate.js'
import { currentUser } from './authenticate.js'
import { AccessOnly, ChangeBody, ForgotBody, RefreshBody, ResetBody, TokenBody, TokenPair } from './auth.schemas.js'

const tags = ['auth']

export function registerAuthRoutes(app: App, auth: AuthService, authenticate: Authenticate): void {
  app.post(
    '/api/auth/token',
    {
      schema: {
        tags,
        summary: 'Sign in: trade an email and password for an access and a refresh token',
        body: TokenBody,
        response: responses({ 200: TokenPair }, [401], { body: true }),
      },
    },
    async (request) => {
      return auth.login(request.body.email, request.body.password, request.ip)
    },
  )

  app.post(
    '/api/auth/refresh',
    {
      schema: {
        tags,
        summary: 'Trade a refresh token for a new access token (and a new refresh token with ROTATE_REFRESH_TOKENS=true)',
        body: RefreshBody,
        response: responses({ 200: AccessOnly }, [401], { body: true }),
      },
    },
    async (request) => auth.refresh(request.body.refresh),
  )

  app.post(
    '/api/auth/forgot-password',
    {
      schema: {
        tags,
        summary: 'Mail a password reset link (answers 204 whether or not the account exists)',
        body: ForgotBody,
        response: responses({ 204: NoContent }, [], { body: true }),
      },
    },
    async (request, reply) => {
      await auth.forgotPassword(request.body.email, request.ip)
      return reply.code(204).send()
    },
  )

  app.post(
    '/api/auth/reset-password',
    {
      schema: {
        tags,
        summary: 'Set a new password with a mailed reset token',
        body: ResetBody,
        response: responses({ 204: NoContent }, [], { body: true }),
      },
    },
    async (request, reply) => {
      const { reset_token, password, confirm_password } = request.body
      await auth.resetPassword(reset_token, password, confirm_password, request.ip)
      return reply.code(204).send()
    },
  )

  app.post(
    '/api/auth/change-password',
    {
      onRequest: authenticate,
      schema: {
        tags,
        summary: 'Change the password (ends every session)',
        security: [{ bearer: [] }],
        body: ChangeBody,
        response: responses({ 204: NoContent }, [401], { body: true }),
      },
    },
    async (request, reply) => {
      const { current_password, new_password, confirm_new_password } = request.body
      await auth.changePassword(currentUser(request), current_password, new_password, confirm_new_password)
      return reply.code(204).send()
    },
  )

  app.post(
    '/api/auth/logout',
    {
      onRequest: authenticate,
      schema: {
        tags,
        summary: 'Revoke one refresh token of the caller',
        security: [{ bearer: [] }],
        body: RefreshBody,
        response: responses({ 204: NoContent }, [401], { body: true }),
      },
    },
    async (request, reply) => {
      await auth.logout(currentUser(request), request.body.refresh)
      return reply.code(204).send()
    },
  )

  app.post(
    '/api/auth/logout-all',
    {
      onRequest: authenticate,
      schema: {
        tags,
        summary: 'End every session of the caller: all refresh and access tokens stop working',
        security: [{ bearer: [] }],
        response: responses({ 204: NoContent }, [401]),
      },
    },
    async (request, reply) => {
      await auth.logoutEverywhere(currentUser(request).id)
      return reply.code(204).send()
    },
  )
}

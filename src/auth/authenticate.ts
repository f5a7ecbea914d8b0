// Bearer authentication, run as an onRequest hook: before the body is even read.
import type { FastifyRequest } from 'fastify'
import { AuthenticationError } from '../errors.js'
import type { AuthenticatedUser, UsersRepository } from '../users/users.repository.js'
import type { TokenService } from './tokens.js'

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthenticatedUser | null
  }
}

export type Authenticate = (request: FastifyRequest) => Promise<void>

export function currentUser(request: FastifyRequest): AuthenticatedUser {
  if (!request.user) throw AuthenticationError.notProvided()
  return request.user
}

export function createAuthenticate(tokens: TokenService, users: UsersRepository): Authenticate {
  return async function authenticate(request) {
    const header = request.headers.authorization
    if (!header) throw AuthenticationError.notProvided()
    const parts = header.split(' ')
    // Another scheme is not ours to judge; "Bearer" with no token or extra parts is malformed.
    if (parts[0] !== 'Bearer' || parts.length !== 2 || !parts[1]) throw AuthenticationError.notProvided()
    let userId: number
    let version: number
    try {
      const claims = tokens.verify(parts[1], 'access')
      userId = claims.user_id
      version = claims.ver
    } catch {
      throw AuthenticationError.invalidBearer()
    }
    const user = await users.findForAuth(userId)
    // A deleted or deactivated user, or a token from before a password change, is no longer valid.
    if (!user || !user.is_active || user.token_version !== version) throw AuthenticationError.invalidBearer()
    request.user = user
  }
}

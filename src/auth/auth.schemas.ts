import { Type } from 'typebox'

const Email = Type.String({ minLength: 1, maxLength: 320 })
const Password = Type.String({ minLength: 1, maxLength: 1024 })
const Jwt = Type.String({ minLength: 1, maxLength: 4096 })

export const TokenBody = Type.Object({ email: Email, password: Password })
export const TokenPair = Type.Object(
  { access: Type.String(), refresh: Type.String() },
  { description: 'An access token (short-lived) and a refresh token.' },
)
export const RefreshBody = Type.Object({ refresh: Jwt })
export const AccessOnly = Type.Object({
  access: Type.String(),
  refresh: Type.Optional(Type.String({ description: 'Only with ROTATE_REFRESH_TOKENS=true.' })),
})
export const ForgotBody = Type.Object({ email: Type.String({ minLength: 1, maxLength: 254, format: 'email' }) })
export const ResetBody = Type.Object({
  reset_token: Type.String({ minLength: 1, maxLength: 128 }),
  password: Password,
  confirm_password: Password,
})
export const ChangeBody = Type.Object({
  current_password: Password,
  new_password: Password,
  confirm_new_password: Password,
})

// The cookie variant of sign-in for the web app (session.routes.ts): the refresh token travels in the
// leavedesk_refresh cookie only, so the JSON body carries the access token alone.
export const SessionAccess = Type.Object(
  { access: Type.String() },
  { description: 'An access token (short-lived, keep it in memory). The refresh token is set in the HttpOnly cookie leavedesk_refresh.' },
)

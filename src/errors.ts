// Typed errors thrown by services and routes; src/http/error-handler.ts alone turns them into responses.

export type FieldErrorMap = Record<string, string[]>

/** 400: one or more fields (or the object as a whole, under "error") are invalid. */
export class ValidationError extends Error {
  constructor(readonly fields: FieldErrorMap) {
    super('validation failed')
  }
  static field(field: string, message: string): ValidationError {
    return new ValidationError({ [field]: [message] })
  }
  static object(message: string): ValidationError {
    return new ValidationError({ error: [message] })
  }
}

/** 401 with a body in the original simplejwt shape. */
export class AuthenticationError extends Error {
  constructor(
    readonly detail: string,
    readonly code?: string,
  ) {
    super(detail)
  }
  static notProvided(): AuthenticationError {
    return new AuthenticationError('Authentication credentials were not provided.')
  }
  static invalidBearer(): AuthenticationError {
    return new AuthenticationError('Given token not valid for any token type', 'token_not_valid')
  }
}

export class PermissionDeniedError extends Error {
  constructor(readonly detail = 'You do not have permission to perform this action.') {
    super(detail)
  }
}

export class NotFoundError extends Error {
  constructor() {
    super('Not found.')
  }
}

/** 409: the request is well-formed but the resource's state forbids it. */
export class ConflictError extends Error {
  constructor(
    readonly detail: string,
    readonly code: string,
  ) {
    super(detail)
  }
}

/** 429: a rate limit was hit; the client may try again after retryAfter seconds. */
export class TooManyRequestsError extends Error {
  constructor(
    readonly retryAfter: number,
    readonly detail = 'Request was throttled.',
  ) {
    super(detail)
  }
}

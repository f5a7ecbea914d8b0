// What the API answers when it refuses: {"detail": "..."} or {"field": ["message", ...], ...}.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Per-field messages of a 400, keyed by the body's field names. */
    readonly fields: Record<string, string[]> = {},
    /** The machine-readable code some answers carry (e.g. insufficient_balance). */
    readonly code?: string,
    readonly body?: unknown,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** Turns an error body into an ApiError whose message a person can read. */
export function apiError(status: number, body: unknown): ApiError {
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>
    const code = typeof record.code === 'string' ? record.code : undefined
    if (typeof record.detail === 'string') return new ApiError(status, record.detail, {}, code, body)
    const fields: Record<string, string[]> = {}
    for (const [name, value] of Object.entries(record)) {
      if (Array.isArray(value)) fields[name] = value.map(String)
      else if (typeof value === 'string') fields[name] = [value]
    }
    const first = Object.values(fields)[0]?.[0]
    if (first) return new ApiError(status, first, fields, code, body)
  }
  return new UnexplainedError(status, `The server answered ${status}.`, {}, undefined, body)
}

/** An error answer without a message (a proxy's 502, a crash): the page words it in the person's language. */
export class UnexplainedError extends ApiError {
  override name = 'UnexplainedError'
}

/** The result of an openapi-fetch call: its data, or the ApiError of its error body. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T
  throw apiError(result.response.status, result.error)
}

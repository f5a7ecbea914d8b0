// Paging shared by every list endpoint: ?limit=&offset= in, X-Total-Count and a Link header out.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'

export const DEFAULT_LIMIT = 100

/** The limit and offset query fields, to spread into a list endpoint's querystring schema. */
export const pagingQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: DEFAULT_LIMIT })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0 })),
}

export interface Page<T> {
  items: T[]
  total: number
  limit: number
  offset: number
}

/** X-Total-Count and an RFC 8288 next link (relative, so it never trusts the Host header). */
export function setPagingHeaders(reply: FastifyReply, request: FastifyRequest, page: { total: number; limit: number; offset: number; count: number }) {
  reply.header('x-total-count', String(page.total))
  if (page.offset + page.count < page.total) {
    const params = new URLSearchParams(request.query as Record<string, string>)
    params.set('limit', String(page.limit))
    params.set('offset', String(page.offset + page.limit))
    const path = request.url.split('?')[0]
    reply.header('link', `<${path}?${params.toString()}>; rel="next"`)
  }
}

/** Sends a page: the headers, and its items as the body (a bare JSON array, as the original). */
export function sendPage<T>(reply: FastifyReply, request: FastifyRequest, page: Page<T>): T[] {
  setPagingHeaders(reply, request, { ...page, count: page.items.length })
  return page.items
}

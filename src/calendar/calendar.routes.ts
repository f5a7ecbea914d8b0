import { currentUser, type Authenticate } from '../auth/authenticate.js'
import { responses } from '../http/schemas.js'
import type { App } from '../http/types.js'
import { CalendarBody, CalendarQuery, FeedParams, FeedsBody } from './calendar.schemas.js'
import type { CalendarService } from './calendar.service.js'

const tags = ['calendar']
const security = [{ bearer: [] }]

export function registerCalendarRoutes(app: App, service: CalendarService, authenticate: Authenticate): void {
  app.get(
    '/api/calendar',
    {
      onRequest: authenticate,
      schema: {
        tags,
        security,
        summary: 'Who is away in a window of local dates: people of a scope with their absences, and holidays',
        querystring: CalendarQuery,
        response: responses({ 200: CalendarBody }, [400, 401, 403, 404]),
      },
    },
    async (request) => service.calendar(currentUser(request), request.query),
  )

  app.get(
    '/api/calendar/feeds',
    { onRequest: authenticate, schema: { tags, security, summary: 'Your calendar feed URLs (iCalendar), the same until you rotate them', response: responses({ 200: FeedsBody }, [401]) } },
    async (request) => service.feeds(currentUser(request)),
  )

  app.post(
    '/api/calendar/feeds/rotate',
    { onRequest: authenticate, schema: { tags, security, summary: 'New feed URLs: the old ones stop working at once', response: responses({ 200: FeedsBody }, [401]) } },
    async (request) => service.rotate(currentUser(request)),
  )

  app.get(
    '/ical/:file',
    {
      schema: {
        tags,
        security: [],
        summary: 'A calendar feed (RFC 5545) by its token: no other authentication',
        params: FeedParams,
        response: {
          200: { description: 'The calendar; ETag for If-None-Match.', content: { 'text/calendar': { schema: { type: 'string' } } } },
          304: { description: 'Unchanged since the ETag sent in If-None-Match.', type: 'null' },
          ...responses({}, [404]),
        },
      },
    },
    async (request, reply) => {
      const { body, etag } = await service.feed(request.params.file, request.headers['if-none-match'])
      reply.header('etag', etag).header('cache-control', 'private, no-cache')
      if (body === null) return reply.code(304).send(null)
      return reply.type('text/calendar; charset=utf-8').send(body)
    },
  )
}

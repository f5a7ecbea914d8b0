import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { currentUser, type Authenticate } from '../auth/authenticate.js'
import { responses } from '../http/schemas.js'
import type { App } from '../http/types.js'
import { PlainDate } from '../working-time/working-time.schemas.js'
import type { Csv, ReportsService } from './reports.service.js'

const tags = ['reports']
const security = [{ bearer: [] }]

const Scope = Type.Unsafe<'team' | 'all'>({ type: 'string', enum: ['team', 'all'], description: 'team: your direct reports; all: everyone (admins; their default).' })
const AbsencesQuery = Type.Object({
  from: Type.Optional({ ...PlainDate, description: 'First date (inclusive); the current leave year’s first day by default.' }),
  to: Type.Optional({ ...PlainDate, description: 'Last date (inclusive); the current leave year’s last day by default.' }),
  scope: Type.Optional(Scope),
  status: Type.Optional(Type.String({ maxLength: 100, description: 'Comma-separated statuses; PENDING,APPROVED,CANCELLATION_REQUESTED by default.' })),
})
const BalancesQuery = Type.Object({
  as_of: Type.Optional({ ...PlainDate, description: 'Today in the company’s zone by default.' }),
  scope: Type.Optional(Scope),
})
const CsvBody = { description: 'UTF-8 CSV with a BOM, CRLF, a header row.', content: { 'text/csv': { schema: { type: 'string' } } } }

function sendCsv(reply: FastifyReply, csv: Csv) {
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${csv.filename}"`).header('cache-control', 'private, no-store').send(csv.stream)
}

export function registerReportRoutes(app: App, service: ReportsService, authenticate: Authenticate): void {
  app.get(
    '/api/reports/absences.csv',
    {
      onRequest: authenticate,
      schema: {
        tags,
        security,
        summary: 'Managers (their reports), admins (everyone): one CSV row per request and leave-year part of it',
        querystring: AbsencesQuery,
        response: { 200: CsvBody, ...responses({}, [400, 401, 403]) },
      },
    },
    async (request, reply) => sendCsv(reply, await service.absences(currentUser(request), request.query)),
  )
  app.get(
    '/api/reports/balances.csv',
    {
      onRequest: authenticate,
      schema: {
        tags,
        security,
        summary: 'Managers (their reports), admins (everyone): one CSV row per person and counting leave type',
        querystring: BalancesQuery,
        response: { 200: CsvBody, ...responses({}, [400, 401, 403]) },
      },
    },
    async (request, reply) => sendCsv(reply, await service.balances(currentUser(request), request.query)),
  )
}

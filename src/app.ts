// Builds the application: the same function serves the server process and the tests.
import { randomUUID } from 'node:crypto'
import type { DestinationStream } from 'pino'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { AuditRepository } from './audit/audit.repository.js'
import { BalanceBook } from './balances/balance-book.js'
import { registerBalanceRoutes } from './balances/balances.routes.js'
import { BalancesRepository } from './balances/balances.repository.js'
import { BalancesService } from './balances/balances.service.js'
import { AuthService } from './auth/auth.service.js'
import { registerAuthRoutes } from './auth/auth.routes.js'
import { registerSessionRoutes } from './auth/session.routes.js'
import { createAuthenticate } from './auth/authenticate.js'
import { AuthThrottle } from './auth/auth-throttle.js'
import { RefreshTokensRepository } from './auth/refresh-tokens.repository.js'
import { ResetTokensRepository } from './auth/reset-tokens.repository.js'
import { TokenService } from './auth/tokens.js'
import { CalendarRepository } from './calendar/calendar.repository.js'
import { registerCalendarRoutes } from './calendar/calendar.routes.js'
import { CalendarService } from './calendar/calendar.service.js'
import { FeedTokens } from './calendar/feed-tokens.js'
import type { Config } from './config.js'
import { CoverageRepository } from './coverage/coverage.repository.js'
import { registerCoverageRoutes } from './coverage/coverage.routes.js'
import { CoverageService } from './coverage/coverage.service.js'
import { createDatabase, pingDatabase, type DB } from './db/database.js'
import type { Executor } from './db/executor.js'
import { NOT_FOUND, registerErrorHandling } from './http/error-handler.js'
import { checkValue, registerJsonParser } from './http/json-body.js'
import { trackRoutesForMethodNotAllowed } from './http/method-not-allowed.js'
import { checkOperationIds, swaggerOptions } from './http/openapi.js'
import { PageCache } from './http/page-cache.js'
import { lazyChildLogger } from './http/request-logger.js'
import { Detail, errorSchema, FieldErrors } from './http/schemas.js'
import { registerRateLimit } from './http/rate-limit.js'
import { answerClientError, registerSecurityHeaders, securityHeaders } from './http/security-headers.js'
import type { App } from './http/types.js'
import { validatorCompiler } from './http/validation.js'
import { LeaveDrafts } from './leave-requests/leave-draft.js'
import { registerLeaveRequestRoutes } from './leave-requests/leave-requests.routes.js'
import { DurationRecompute } from './leave-requests/recompute.js'
import { LeaveTypesRepository } from './leave-types/leave-types.repository.js'
import { registerLeaveTypeRoutes } from './leave-types/leave-types.routes.js'
import { LeaveTypesService } from './leave-types/leave-types.service.js'
import { ReportsRepository } from './reports/reports.repository.js'
import { registerReportRoutes } from './reports/reports.routes.js'
import { ReportsService } from './reports/reports.service.js'
import { SettingsRepository } from './settings/settings.repository.js'
import { registerSetupRoutes } from './setup/setup.routes.js'
import { SetupService } from './setup/setup.service.js'
import { SecretBox } from './webhooks/signing.js'
import { registerWebApp } from './http/web-app.js'
import { WebhookDispatcher, type WebhookDispatcherOptions } from './webhooks/webhook-dispatcher.js'
import { WebhooksRepository } from './webhooks/webhooks.repository.js'
import { registerWebhookRoutes } from './webhooks/webhooks.routes.js'
import { WebhooksService } from './webhooks/webhooks.service.js'
import { registerSettingsRoutes } from './settings/settings.routes.js'
import { SettingsService } from './settings/settings.service.js'
import { CompanyHolidaysRepository } from './working-time/company-holidays.repository.js'
import { todayIn } from './working-time/calendar.js'
import { ConfigCache } from './working-time/config-cache.js'
import { createHolidaySource, type HolidaySource } from './working-time/holidays.js'
import { registerHolidayRoutes } from './working-time/holidays.routes.js'
import { HolidaysService } from './working-time/holidays.service.js'
import { WorkingTimeService } from './working-time/working-time.service.js'
import { LeaveRequestsRepository } from './leave-requests/leave-requests.repository.js'
import { LeaveRequestsService } from './leave-requests/leave-requests.service.js'
import { MailDispatcher, type DispatcherOptions } from './mail/mail-dispatcher.js'
import { MailOutboxRepository } from './mail/mail-outbox.repository.js'
import { createMailTransport, type MailTransport } from './mail/mail-transport.js'
import { createCounterStore, type CounterStore } from './security/counter-store.js'
import { registerProfileRoutes } from './users/profile.routes.js'
import { ProfileService } from './users/profile.service.js'
import { UsersRepository } from './users/users.repository.js'
import { registerUserRoutes } from './users/users.routes.js'
import { UsersService } from './users/users.service.js'

export interface BuildOptions {
  /** An open database; when absent one is opened from config.databaseUrl and closed with the app. */
  db?: DB
  /** Where logs go (tests capture them); defaults to stdout. */
  logStream?: DestinationStream
  mailTransport?: MailTransport
  mailDispatcher?: Partial<DispatcherOptions>
  /** Rate-limit counters; by default in memory, or in Redis when config.redisUrl is set. */
  counters?: CounterStore
  /** Public-holiday data; by default date-holidays (src/working-time/holidays.ts). */
  holidays?: HolidaySource
  /**
   * The time of day, epoch ms (default Date.now): what "today" is for balances and the lifecycle. Tests
   * pin it so that leave years do not depend on the day the suite runs.
   */
  clock?: () => number
  webhookDispatcher?: WebhookDispatcherOptions
  /** The built web app (dist/web) to serve at `/`; absent, the server is the API alone. */
  webRoot?: string | null
  /** Start sending queued mail and webhooks when the app is ready (default true). */
  startMailDispatcher?: boolean
}

declare module 'fastify' {
  interface FastifyInstance {
    db: DB
    mail: MailDispatcher
    webhooks: WebhookDispatcher
  }
}

export const BODY_LIMIT = 64 * 1024
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/** Secrets that must never reach a log line, whatever the level. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  // Headers logged under another key (an error's request, a child logger's binding).
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  '*.password',
  '*.current_password',
  '*.new_password',
  '*.confirm_password',
  '*.confirm_new_password',
  '*.reset_token',
  '*.token',
  '*.access',
  '*.refresh',
]

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<App> {
  const ownsDb = !options.db
  const db = options.db ?? createDatabase(config.databaseUrl)

  const setSecurityHeaders = securityHeaders(config)
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    childLoggerFactory: lazyChildLogger,
    requestIdHeader: false,
    genReqId: (req) => {
      const sent = req.headers['x-request-id']
      return typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID()
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // The router answers malformed percent-encoding and over-long path segments before any hook runs:
    // such a path names nothing that exists, so it gets the usual 404 body and the security headers.
    frameworkErrors: (_err, request, rawReply) => {
      const reply = rawReply as FastifyReply
      setSecurityHeaders(request, reply)
      return reply.code(404).type('application/json; charset=utf-8').send(NOT_FOUND)
    },
    clientErrorHandler: (err, socket) => answerClientError(err, socket, config),
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App

  app.decorate('db', db)
  app.decorateRequest('user', null)
  app.setValidatorCompiler(validatorCompiler)
  registerJsonParser(app)
  registerErrorHandling(app)
  registerSecurityHeaders(app, config)
  const counters = options.counters ?? createCounterStore(config.redisUrl)
  registerRateLimit(app, counters, config.rateLimitPerMinute)
  const addMethodNotAllowedRoutes = trackRoutesForMethodNotAllowed(app)
  // Fastify reads a body on every method but GET and HEAD, so even a route that takes none (DELETE,
  // logout-all) can answer 400, 413 and 415: the OpenAPI document lists them.
  app.addHook('onRoute', (route) => {
    const response = route.schema?.response as Record<number, unknown> | undefined
    if (!response || [route.method].flat().every((m) => m === 'GET' || m === 'HEAD')) return
    for (const status of [400, 413, 415]) response[status] ??= errorSchema(status)
  })
  app.addSchema(Detail)
  app.addSchema(FieldErrors)
  // A body-carrying request without a body reads as {}, so the client learns which fields are required.
  app.addHook('preValidation', (request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
    if (request.body === undefined && ['POST', 'PUT', 'PATCH'].includes(request.method)) request.body = {}
    // Declared query parameters get the body's text checks: a NUL in a search term must not reach
    // PostgreSQL. Undeclared ones are dropped by validation and reach nothing.
    const declared = (request.routeOptions.schema?.querystring as { properties?: object } | undefined)?.properties
    try {
      if (declared && request.query && typeof request.query === 'object') {
        checkValue(Object.fromEntries(Object.entries(request.query).filter(([name]) => Object.hasOwn(declared, name))))
      }
    } catch (err) {
      return done(err as Error)
    }
    done()
  })

  await app.register(swagger, swaggerOptions())
  app.addHook('onRoute', checkOperationIds())
  await app.register(swaggerUi, { routePrefix: '/api/docs' })

  // Repositories, services.
  const users = new UsersRepository(db)
  const outbox = new MailOutboxRepository(db)
  const resetTokens = new ResetTokensRepository(db)
  const audit = new AuditRepository(db)
  const transport = options.mailTransport ?? createMailTransport({ smtpUrl: config.smtpUrl, mailDir: config.mailDir, from: config.emailFrom })
  const mail = new MailDispatcher(outbox, transport, app.log, { maxAttempts: config.mailMaxAttempts, ...options.mailDispatcher })
  app.decorate('mail', mail)
  const mailQueued = () => mail.wake()
  const tokens = new TokenService(config.secretKey, { access: config.accessTokenLifetime, refresh: config.refreshTokenLifetime })
  const authenticate = createAuthenticate(tokens, users)
  const throttle = new AuthThrottle(counters, config)
  const auth = new AuthService({
    db,
    config,
    users,
    resetTokens,
    refreshTokens: new RefreshTokensRepository(db),
    outbox,
    throttle,
    tokens,
    mailQueued: () => mail.wake(),
  })
  const clock = options.clock ?? Date.now
  const box = new SecretBox(config.secretKey)
  const webhookPolicy = { allowHttp: config.webhooksAllowHttp, allowedHosts: config.webhooksAllowedHosts }
  const webhookRepo = new WebhooksRepository(db)
  const webhookDispatcher = new WebhookDispatcher(
    { db, webhooks: webhookRepo, users, outbox, box, policy: webhookPolicy, log: app.log, appUrl: config.appUrl, mailQueued },
    options.webhookDispatcher,
  )
  app.decorate('webhooks', webhookDispatcher)
  const events = new WebhooksService(db, webhookRepo, audit, box, webhookPolicy, () => webhookDispatcher.wake(), options.webhookDispatcher?.resolve)
  const requests = new LeaveRequestsRepository(db)
  const balances = new BalancesRepository(db)
  const book = new BalanceBook(balances, clock)
  const settings = new SettingsRepository(db)
  const leaveTypes = new LeaveTypesRepository(db)
  const holidays = options.holidays ?? createHolidaySource()
  const companyHolidays = new CompanyHolidaysRepository(db)
  const workingTime = new WorkingTimeService(holidays)
  const coverageRepo = new CoverageRepository(db)
  const coverage = new CoverageService(db, coverageRepo, audit, workingTime)
  const workingConfig = new ConfigCache(settings, leaveTypes, companyHolidays, (ex) => coverageRepo.anyRule(ex))
  const recompute = new DurationRecompute({ requests, users, config: workingConfig, audit, workingTime, book, clock })
  const drafts = new LeaveDrafts({ book, coverage, config: workingConfig, requests, workingTime })
  const leaveRequests = new LeaveRequestsService({ db, requests, users, audit, outbox, drafts, book, coverage, events, workingConfig, config, clock, mailQueued })
  const people = new UsersService({ db, users, resetTokens, audit, outbox, settings, holidays, recompute, config, mailQueued, events })

  // Routes.
  app.get(
    '/healthz',
    { schema: { tags: ['ops'], summary: 'Liveness and database reachability', response: { 200: HealthBody, 503: HealthBody } } },
    async (_request, reply) => {
      const ok = await pingDatabase(db)
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable' })
    },
  )
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  registerAuthRoutes(app, auth, authenticate)
  registerSessionRoutes(app, auth, config)
  registerSetupRoutes(app, new SetupService({ db, users, audit, auth, config }), config)
  registerProfileRoutes(app, new ProfileService({ db, users, config: workingConfig, throttle, recompute, events }), authenticate)
  const pages = new PageCache(config.listCacheBytes)
  registerLeaveRequestRoutes(app, leaveRequests, authenticate, pages)
  const policyHooks = {
    today: async () => todayIn((await settings.get()).default_time_zone, clock()),
    expiryChanged: async (code: string, today: string, trx: Executor) => book.recountEarly(await workingConfig.get(null, trx), code, today, trx),
  }
  registerLeaveTypeRoutes(app, new LeaveTypesService(db, leaveTypes, audit, (code, ex) => requests.typeInUse(code, ex), policyHooks), authenticate)
  registerBalanceRoutes(app, new BalancesService({ db, balances, users, config: workingConfig, book, audit }), authenticate, pages)
  registerSettingsRoutes(app, new SettingsService(db, settings, audit, holidays, recompute, (trx) => balances.any(trx)), authenticate)
  registerHolidayRoutes(app, new HolidaysService(db, holidays, companyHolidays, settings, audit, recompute), authenticate)
  registerUserRoutes(app, people, authenticate)
  const calendar = new CalendarService({ calendar: new CalendarRepository(db), coverage, config: workingConfig, holidays, tokens: new FeedTokens(config.secretKey), appUrl: config.appUrl, clock })
  registerCalendarRoutes(app, calendar, authenticate)
  registerCoverageRoutes(app, coverage, authenticate)
  registerWebhookRoutes(app, events, authenticate)
  registerReportRoutes(app, new ReportsService({ reports: new ReportsRepository(db), balances, config: workingConfig, clock, log: app.log }), authenticate)
  addMethodNotAllowedRoutes()
  // After the 405 routes: the app's catch-all must not make every other path a known one.
  if (options.webRoot) await registerWebApp(app, options.webRoot)

  if (options.startMailDispatcher !== false) {
    app.addHook('onReady', async () => {
      mail.start()
      webhookDispatcher.start()
    })
  }
  app.addHook('onClose', async () => {
    await webhookDispatcher.stop()
    await mail.stop()
    transport.close()
    if (!options.counters) await counters.close()
    if (ownsDb) await db.destroy()
  })
  return app
}

const HealthBody = Type.Object({ status: Type.String() })

// The browser harness of the end-to-end tests (test/web): the web app built once per test process
// into a temporary directory, the real server on a temporary SQLite file listening on 127.0.0.1 with
// a real SMTP capture behind SMTP_URL, Debian's Chromium driven by playwright-core, and a fresh
// context per test that fails the test on any page error or console error.
//
// Browser tests run on SQLite only (the PostgreSQL run would repeat them without adding anything:
// the server's database code has its own tests on both) and skip themselves when Chromium is missing.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type ConsoleMessage, type Page } from 'playwright-core'
import { buildApp } from '../../src/app.js'
import type { Config } from '../../src/config.js'
import { createDatabase, type DB } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import type { App } from '../../src/http/types.js'
import { onPostgres, testConfig } from './harness.js'
import { startSmtpCapture, type CapturedMail, type SmtpCapture } from './smtp.js'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

/** Why the browser tests do not run here, or undefined when they do. scripts/run-tests.mjs says the same. */
export const browserSkipReason: string | undefined = onPostgres
  ? 'browser tests skipped: they run on SQLite only (TEST_DATABASE_URL is set)'
  : process.env.BROWSER_TESTS === '0'
    ? 'browser tests skipped: BROWSER_TESTS=0'
    : existsSync(CHROMIUM_PATH)
    ? undefined
    : `browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`

/**
 * The day the tests live on, in the server (its clock) and in the browser (Date): a Wednesday. Fixed so
 * that the leave year, the calendar month and the screenshots are the same on every run.
 */
export const TODAY = '2027-03-03'
export const NOW = Date.parse(`${TODAY}T09:00:00Z`)

export const PASSWORD = 'a-long-passphrase-for-tests-42'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

let built: string | undefined
const tempDirs: string[] = []
process.on('exit', () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
})

/** Builds web/ once per process into a temp dir (never dist/web: others rebuild that while tests run). */
export function buildWebApp(): string {
  if (built) return built
  const outDir = mkdtempSync(path.join(tmpdir(), 'leavedesk-e2e-web-'))
  tempDirs.push(outDir)
  const result = spawnSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    { cwd: repoRoot, encoding: 'utf8' },
  )
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`)
  // The Brotli and gzip copies, as `npm run build:web` writes them: the browser loads what people get.
  const compressed = spawnSync(process.execPath, ['scripts/compress-web.mjs', outDir], { cwd: repoRoot, encoding: 'utf8' })
  if (compressed.status !== 0) throw new Error(`compress-web failed:\n${compressed.stdout}\n${compressed.stderr}`)
  built = outDir
  return outDir
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

export interface WebServer {
  /** http://127.0.0.1:<port>, also the server's APP_URL (the links in mails). */
  url: string
  app: App
  db: DB
  config: Config
  smtp: SmtpCapture
  close(): Promise<void>
}

/**
 * The real server with the built app, on a fresh SQLite file and a real SMTP capture. The port is
 * one the system had free a moment before: APP_URL must name it before the app is built (the links
 * in mails and the session endpoints' Origin check use it), so port 0 is asked of the system first.
 */
export async function startWebServer(env: Record<string, string> = {}): Promise<WebServer> {
  const webRoot = buildWebApp()
  const smtp = await startSmtpCapture()
  const dir = mkdtempSync(path.join(tmpdir(), 'leavedesk-e2e-db-'))
  tempDirs.push(dir)
  const databaseUrl = `sqlite:${path.join(dir, 'leavedesk.sqlite3')}`
  const db = createDatabase(databaseUrl, { poolSize: 5 })
  await migrateToLatest(db)
  const clockStart = Date.now()
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    const config = testConfig({ DATABASE_URL: databaseUrl, APP_URL: url, SMTP_URL: smtp.url, ...env })
    const app = await buildApp(config, {
      db,
      webRoot,
      // Time moves on from NOW as it does for real, so that events keep their order.
      clock: () => NOW + (Date.now() - clockStart),
      mailDispatcher: { pollIntervalMs: 50 },
    })
    try {
      await app.listen({ host: '127.0.0.1', port })
    } catch (error) {
      await app.close()
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE' && attempt < 5) continue
      throw error
    }
    return {
      url,
      app,
      db,
      config,
      smtp,
      async close() {
        await app.close()
        await db.destroy()
        await smtp.close()
        rmSync(config.mailDir, { recursive: true, force: true })
      },
    }
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

/**
 * Chromium reports every HTTP error answer of a fetch as a console error ("Failed to load resource:
 * the server responded with a status of 401 (Unauthorized)"), which the app cannot prevent. Only that
 * network-status line is forgiven, only for 401 from the session endpoints, where a 401 is the
 * expected answer the app handles: the check at start whether a refresh cookie exists (signed out: 401),
 * and a wrong password on sign-in (the test asserts the message shown). Anything else fails the test;
 * a test that expects more 401s (an ended session) names their paths in `allow401`.
 */
function isExpectedNetworkNoise(message: ConsoleMessage, allow401: readonly string[]): boolean {
  if (message.text() !== 'Failed to load resource: the server responded with a status of 401 (Unauthorized)') return false
  const url = message.location().url
  const pathname = url ? new URL(url).pathname : ''
  return pathname === '/api/auth/session/refresh' || pathname === '/api/auth/session' || allow401.some((p) => pathname.startsWith(p))
}

export interface PageOptions extends BrowserContextOptions {
  /** Paths (prefixes) whose 401 answers the test expects, besides the session endpoints'. */
  allow401?: readonly string[]
  /**
   * Start signed in as this person: their session cookie, made once per server and person, is put
   * into the fresh context (no sign-in page on the way, so the cache stays cold and tests stay quick:
   * every sign-in hashes a password). Tests of signing in itself use signInThroughUi.
   */
  signedInAs?: string
  /**
   * Leave the browser's clock alone. By default Date is fixed at NOW (as the server's today); Playwright
   * fakes performance.now() with it, so a test that measures time in the page needs the real one.
   */
  realClock?: boolean
}

const sessionCookies = new WeakMap<WebServer, Map<string, Promise<Awaited<ReturnType<typeof sessionCookieFor>>>>>()

function cachedSessionCookie(server: WebServer, email: string) {
  let byEmail = sessionCookies.get(server)
  if (!byEmail) sessionCookies.set(server, (byEmail = new Map()))
  let cookie = byEmail.get(email)
  if (!cookie) byEmail.set(email, (cookie = sessionCookieFor(server, email)))
  return cookie
}

export interface TestPage {
  page: Page
  context: BrowserContext
  /** Page errors and console errors so far, as text. */
  errors: string[]
}

/** A fresh context and page on the server, the browser's clock at NOW, errors collected. */
export async function openPage(browser: Browser, server: WebServer, options: PageOptions = {}): Promise<TestPage> {
  const { allow401 = [], signedInAs, realClock, ...contextOptions } = options
  const context = await browser.newContext({
    baseURL: server.url,
    locale: 'en-US',
    timezoneId: 'Europe/Berlin',
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    ...contextOptions,
  })
  context.setDefaultTimeout(10_000)
  if (!realClock) await context.clock.setFixedTime(NOW)
  if (signedInAs) await context.addCookies([await cachedSessionCookie(server, signedInAs)])
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.stack ?? error.message}`))
  page.on('console', (message) => {
    if (message.type() !== 'error' || isExpectedNetworkNoise(message, allow401)) return
    errors.push(`console.error: ${message.text()} (${message.location().url || 'no location'})`)
  })
  return { page, context, errors }
}

/**
 * Runs `body` with a fresh page and closes its context afterwards; fails when the page logged any
 * error, also when `body` passed (an error on screen that no assertion looked at is still a bug).
 */
export async function withPage(browser: Browser, server: WebServer, options: PageOptions, body: (page: Page, t: TestPage) => Promise<void>): Promise<void> {
  const t = await openPage(browser, server, options)
  try {
    await body(t.page, t)
  } catch (error) {
    if (t.errors.length > 0 && error instanceof Error) error.message += `\n\nThe page also logged:\n${t.errors.join('\n')}`
    // What the page showed when it failed, for whoever reads the failure.
    const shot = path.join(repoRoot, 'test-results', 'failures', `${new Date().toISOString().replace(/[:.]/g, '-')}.png`)
    await t.page.screenshot({ path: shot, fullPage: true }).then(
      () => error instanceof Error && (error.message += `\n(screenshot: ${path.relative(repoRoot, shot)})`),
      () => undefined,
    )
    throw error
  } finally {
    await t.context.close()
  }
  assert.deepEqual(t.errors, [], `the page logged errors:\n${t.errors.join('\n')}`)
}

/** Signs in through the sign-in page and waits until it has moved on. */
export async function signInThroughUi(page: Page, email: string, password = PASSWORD, path = '/sign-in'): Promise<void> {
  await page.goto(path)
  await page.getByLabel('Email', { exact: true }).fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'))
}

/**
 * The few browser globals the tests read inside page.evaluate(), typed here: the project's type check
 * is Node's (no DOM lib), and code passed to evaluate() runs in the page. Use as
 * `const { document } = globalThis as unknown as InPage`.
 */
export interface InPage {
  localStorage: StorageLike
  sessionStorage: StorageLike
  document: {
    cookie: string
    title: string
    documentElement: { scrollWidth: number; clientWidth: number; lang: string }
    querySelector(selector: string): unknown
  }
  innerWidth: number
  performance: { now(): number; getEntriesByType(type: string): unknown[] }
}
interface StorageLike {
  readonly length: number
  key(index: number): string | null
  getItem(key: string): string | null
}

// ---- mail ----------------------------------------------------------------------------------------

/** The newest mail to `address` that arrived through SMTP, waiting for the outbox to send it. */
export async function latestMailTo(server: WebServer, address: string, count = 1, timeoutMs = 10_000): Promise<CapturedMail> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    server.app.mail.wake()
    const mails = server.smtp.to(address)
    if (mails.length >= count) return mails[mails.length - 1]!
    if (Date.now() > deadline) throw new Error(`no mail #${count} to ${address}; mails so far: ${server.smtp.mails.map((m) => `${m.to.join(',')}: ${m.subject}`).join(' | ')}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** The newest mail to `address` with a link to `pathPrefix` of the app, waiting for it; answers the link. */
export async function linkMailedTo(server: WebServer, address: string, pathPrefix: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    server.app.mail.wake()
    const mail = server.smtp.to(address).findLast((m) => m.body.includes(server.url + pathPrefix))
    if (mail) return linkIn(mail, server, pathPrefix)
    if (Date.now() > deadline) throw new Error(`no mail to ${address} links to ${pathPrefix}; mails so far: ${server.smtp.to(address).map((m) => m.subject).join(' | ')}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** The first link in a mail to a path of the app (e.g. '/set-password/'), as the absolute URL. */
export function linkIn(mail: CapturedMail, server: WebServer, pathPrefix: string): string {
  const escaped = (server.url + pathPrefix).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const match = new RegExp(`${escaped}[^\\s"<>]*`).exec(mail.body)
  if (!match) throw new Error(`no link to ${pathPrefix} in the mail "${mail.subject}":\n${mail.body}`)
  return match[0]
}

// ---- the JSON API, as other clients use it -------------------------------------------------------

export async function apiCall<T = unknown>(server: WebServer, method: string, apiPath: string, options: { token?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(server.url + apiPath, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      // Only the cookie endpoints (/api/setup, /api/auth/session) read it; the others ignore it.
      'x-requested-with': 'leavedesk',
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${apiPath} answered ${res.status}: ${text}`)
  return (text ? JSON.parse(text) : undefined) as T
}

export async function tokenFor(server: WebServer, email: string, password = PASSWORD): Promise<string> {
  return (await apiCall<{ access: string }>(server, 'POST', '/api/auth/token', { body: { email, password } })).access
}

export interface Person {
  id: number
  email: string
  first_name: string
  last_name: string
  role: string
}

/** The first admin of a fresh install, through POST /api/setup; answers the admin's access token. */
export async function createFirstAdmin(server: WebServer, email = 'admin@example.com'): Promise<string> {
  await apiCall(server, 'POST', '/api/setup', { body: { email, first_name: 'Ada', last_name: 'Admin', password: PASSWORD, confirm_password: PASSWORD } })
  return tokenFor(server, email)
}

/** Invites a person (POST /api/users) and sets their password from the mailed link's token. */
export async function createPerson(
  server: WebServer,
  adminToken: string,
  fields: { email: string; first_name: string; last_name: string; role?: string; manager_id?: number | null },
): Promise<Person> {
  const person = await apiCall<Person>(server, 'POST', '/api/users', { token: adminToken, body: fields })
  const link = new URL(linkIn(await latestMailTo(server, fields.email), server, '/set-password/'))
  const token = link.searchParams.get('token')
  await apiCall(server, 'POST', '/api/auth/reset-password', { body: { reset_token: token, password: PASSWORD, confirm_password: PASSWORD } })
  return person
}

/** Makes a leave type count against a balance of `days` a year (admin), e.g. 25 days of VACATION. */
export async function setAllowance(server: WebServer, adminToken: string, code: string, days: number): Promise<void> {
  await apiCall(server, 'PATCH', `/api/leave-types/${code}`, { token: adminToken, body: { counts_against_balance: true, annual_allowance: days } })
}

/** Files a request through the API (as its owner) and answers its id. */
export async function fileRequest(server: WebServer, token: string, start: string, end: string, type = 'VACATION', description = ''): Promise<number> {
  const body = { start_date: start, end_date: end, type, ...(description ? { description } : {}) }
  return (await apiCall<{ id: number }>(server, 'POST', '/api/leave-requests', { token, body })).id
}

/**
 * The HttpOnly session cookie of a sign-in made outside the browser, to put into a fresh context
 * (a cold cache without having loaded the sign-in page first).
 */
export async function sessionCookieFor(server: WebServer, email: string, password = PASSWORD) {
  const res = await fetch(server.url + '/api/auth/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'leavedesk' },
    body: JSON.stringify({ email, password }),
  })
  assert.equal(res.status, 200, await res.clone().text())
  const cookie = res.headers.getSetCookie()[0] ?? ''
  const [pair = ''] = cookie.split(';')
  const eq = pair.indexOf('=')
  return {
    name: pair.slice(0, eq),
    value: pair.slice(eq + 1),
    domain: '127.0.0.1',
    path: '/api/auth/',
    httpOnly: true,
    secure: true,
    sameSite: 'Strict' as const,
  }
}

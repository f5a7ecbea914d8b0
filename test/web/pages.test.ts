// Every page as each role, in light and dark: no axe violation (WCAG 2.2 A/AA). Then the same pages
// at 360 px wide (no horizontal scroll), in German, and how soon My leave is usable from a cold cache.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { browserSkipReason, launchBrowser, startWebServer, withPage, type InPage, type WebServer } from '../helpers/browser.js'
import { appLinks, axeViolations, describeViolations, pageKind, settled, type Violation } from './pages.js'
import { seedCompany, type Company } from './seed.js'

/** At most this many kinds of page per role: a crawl that finds more has found a loop. */
const MAX_PAGES = 60

describe('every page', { skip: browserSkipReason }, () => {
  let server: WebServer
  let browser: Browser
  let company: Company
  before(async () => {
    ;[server, browser] = await Promise.all([startWebServer(), launchBrowser()])
    company = await seedCompany(server)
  })
  after(async () => {
    await browser?.close()
    await server?.close()
  })

  /** Opens each start page, then every app link found on the way, once per kind of page; runs `check` on each. */
  async function crawl(page: Page, starts: string[], check: (page: Page, path: string) => Promise<void>): Promise<string[]> {
    const queue = [...starts]
    const seen = new Set<string>()
    const visited: string[] = []
    while (queue.length > 0) {
      const path = queue.shift()!
      const kind = pageKind(path)
      if (seen.has(kind)) continue
      seen.add(kind)
      assert.ok(visited.length < MAX_PAGES, `more than ${MAX_PAGES} kinds of page: ${visited.join(' ')}`)
      await page.goto(path)
      try {
        await settled(page)
      } catch (error) {
        throw new Error(`${path} did not finish loading: ${(error as Error).message}`)
      }
      visited.push(path)
      await check(page, path)
      for (const link of await appLinks(page)) if (!seen.has(pageKind(link))) queue.push(link)
    }
    return visited
  }

  /** axe on the page in light, then in dark (the same page: only the media feature changes). */
  async function lightAndDark(page: Page, label: string, found: Violation[]) {
    await page.emulateMedia({ colorScheme: 'light' })
    found.push(...(await axeViolations(page, `${label} (light)`)))
    await page.emulateMedia({ colorScheme: 'dark' })
    found.push(...(await axeViolations(page, `${label} (dark)`)))
    await page.emulateMedia({ colorScheme: 'light' })
  }

  const startsFor = (role: 'employee' | 'manager' | 'admin') => [
    '/leave',
    '/leave/new',
    `/leave-requests/${role === 'employee' ? company.requests.approved : company.requests.colleaguePending}/`,
    '/calendar',
    '/calendar/feeds',
    '/profile',
    ...(role === 'employee' ? [] : ['/approvals']),
    ...(role === 'admin' ? ['/admin'] : []),
    '/no-such-page',
  ]

  // Measured first, while nothing else runs in this browser.
  it('My leave is interactive soon after a cold start (measured, printed, not asserted)', async () => {
    await withPage(browser, server, { signedInAs: company.employee.email, realClock: true }, async (page) => {
      // A fresh context has an empty cache: this is the first visit of this browser.
      await page.goto('/leave', { waitUntil: 'commit' })
      const cardsAt = await page.waitForFunction(
        () => {
          const { document, performance } = globalThis as unknown as InPage
          return document.querySelector('.balance-card') ? performance.now() : 0
        },
        undefined,
        { polling: 5 },
      )
      const cards = Number(await cardsAt.jsonValue())
      await page.waitForLoadState('load')
      const nav = await page.evaluate(() => {
        const { performance } = globalThis as unknown as InPage
        const [entry] = performance.getEntriesByType('navigation') as { responseEnd: number; domInteractive: number; domContentLoadedEventEnd: number; loadEventEnd: number }[]
        return entry ? { responseEnd: entry.responseEnd, domInteractive: entry.domInteractive, domContentLoaded: entry.domContentLoadedEventEnd, load: entry.loadEventEnd } : null
      })
      assert.ok(nav)
      const ms = (n: number) => `${Math.round(n)} ms`
      console.log(
        `My leave from a cold cache: index.html ${ms(nav.responseEnd)}, DOM interactive ${ms(nav.domInteractive)}, ` +
          `DOMContentLoaded ${ms(nav.domContentLoaded)}, load ${ms(nav.load)}, balance cards on screen ${ms(cards)} (target: within 1000 ms)`,
      )
      await page.getByRole('link', { name: 'New request' }).first().waitFor()
    })
  })

  // The crawls run side by side (each in its own context): axe takes most of the time.
  describe('axe', { concurrency: true }, () => {
    for (const role of ['employee', 'manager', 'admin'] as const) {
      it(`as ${role}: no axe violation on any page, light or dark`, async () => {
        const email = { employee: company.employee.email, manager: company.manager.email, admin: company.admin.email }[role]
        const found: Violation[] = []
        let visited: string[] = []
        await withPage(browser, server, { signedInAs: email }, async (page) => {
          visited = await crawl(page, startsFor(role), (p, path) => lightAndDark(p, `${role} ${path}`, found))
        })
        console.log(`axe (${role}): ${visited.length} pages: ${visited.join(' ')}`)
        assert.equal(found.length, 0, `axe found ${found.length} violations as ${role}:\n${describeViolations(found)}`)
      })
    }

    it('signed out: no axe violation on the sign-in, password and setup pages, light or dark', async () => {
      const found: Violation[] = []
      await withPage(browser, server, {}, async (page) => {
        for (const path of ['/sign-in', '/sign-in?next=%2Fcalendar&expired=1', '/forgot-password', '/set-password/?token=abc', '/reset-password/?token=abc', '/reset-password/', '/setup']) {
          await page.goto(path)
          await settled(page)
          await lightAndDark(page, path, found)
        }
        // The states after a form was sent: an error on sign-in, the confirmation of a reset request.
        await page.goto('/sign-in')
        await page.getByLabel('Email', { exact: true }).fill(company.employee.email)
        await page.getByLabel('Password', { exact: true }).fill('wrong-password-here')
        await page.getByRole('button', { name: 'Sign in' }).click()
        await page.getByRole('alert').waitFor()
        await lightAndDark(page, '/sign-in with a wrong password', found)
      })
      assert.equal(found.length, 0, `axe found ${found.length} violations:\n${describeViolations(found)}`)
    })
  })

  it('at 360 × 740 (a phone) no page scrolls sideways, and the menu opens the navigation', async () => {
    const wide: string[] = []
    const check = async (page: Page, path: string) => {
      const { scrollWidth, clientWidth } = await page.evaluate(() => {
        const { document } = globalThis as unknown as InPage
        return { scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }
      })
      if (scrollWidth > 360) wide.push(`${path}: ${scrollWidth} px wide (viewport ${clientWidth})`)
    }
    const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true }
    for (const [role, email] of [['employee', company.employee.email], ['admin', company.admin.email]] as const) {
      await withPage(browser, server, { ...phone, signedInAs: email }, async (page) => {
        await crawl(page, startsFor(role), check)
        await page.goto('/leave')
        await settled(page)
        const nav = page.getByRole('navigation', { name: 'Main' })
        await page.getByRole('button', { name: 'Menu' }).click()
        await nav.getByRole('link', { name: 'Calendar' }).click()
        await page.waitForURL('**/calendar')
        await settled(page)
      })
    }
    await withPage(browser, server, phone, async (page) => {
      for (const path of ['/sign-in', '/forgot-password', '/set-password/?token=abc', '/setup']) {
        await page.goto(path)
        await settled(page)
        await check(page, path)
      }
    })
    assert.deepEqual(wide, [])
  })

  it('in German: the pages speak German and show dates the German way', async () => {
    await withPage(browser, server, { locale: 'de-DE' }, async (page) => {
      await page.goto('/sign-in')
      await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor()
      await page.getByLabel('E-Mail', { exact: true }).waitFor()
      assert.equal(await page.evaluate(() => (globalThis as unknown as InPage).document.documentElement.lang), 'de')
    })
    await withPage(browser, server, { locale: 'de-DE', signedInAs: company.employee.email }, async (page) => {
      await page.goto('/leave')
      await settled(page)
      await page.getByRole('heading', { level: 1, name: 'Mein Urlaub' }).waitFor()
      await page.getByRole('link', { name: 'Kalender' }).first().waitFor()
      const main = page.getByRole('main')
      // The leave year as German dates (01.01.2027), and the booked week of March.
      await main.getByText('Urlaubsjahr 01.01.2027 – 31.12.2027').first().waitFor()
      await main.getByText(/15\.\s*–\s*19\.03\.2027/).first().waitFor()
      assert.equal(await main.getByText('Jan 1, 2027').count(), 0)
      await page.goto('/calendar')
      await settled(page)
      await page.getByRole('heading', { level: 1, name: 'Kalender' }).waitFor()
      await main.getByText(/März 2027/).first().waitFor()
    })
  })

})

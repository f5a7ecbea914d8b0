// Writes the screenshots of the main pages on every run (test-results/screenshots/, not committed):
// what the pages look like now, light and dark, desktop and phone. `npm run screenshots` makes the
// ones README shows.
import assert from 'node:assert/strict'
import { statSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser } from 'playwright-core'
import { browserSkipReason, launchBrowser, startWebServer, type WebServer } from '../helpers/browser.js'
import { takeScreenshots } from './screenshots.js'
import { seedCompany, type Company } from './seed.js'

describe('screenshots', { skip: browserSkipReason }, () => {
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

  it('of My leave, New request with its preview, Calendar and Approvals, light and dark, desktop and phone', async () => {
    const dir = path.resolve('test-results', 'screenshots')
    const files = await takeScreenshots(browser, server, company, dir)
    assert.equal(files.length, 4 * 2 * 2)
    for (const file of files) assert.ok(statSync(file).size > 5_000, `${file} is not empty`)
    console.log(`screenshots: ${files.length} in ${path.relative(process.cwd(), dir)}/`)
  })
})

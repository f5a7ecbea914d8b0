// npm run screenshots: regenerates the screenshots README shows (docs/screenshots/*.png) from the
// current web app, with the same seeded company and pages as the browser tests (test/web/screenshots.ts).
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { browserSkipReason, launchBrowser, startWebServer } from '../test/helpers/browser.js'
import { takeScreenshots } from '../test/web/screenshots.js'
import { seedCompany } from '../test/web/seed.js'

if (browserSkipReason?.includes('Chromium')) {
  console.error(browserSkipReason.replace('browser tests skipped', 'cannot take screenshots'))
  process.exit(1)
}
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots')
const [server, browser] = await Promise.all([startWebServer({ LOG_LEVEL: 'silent' }), launchBrowser()])
try {
  const files = await takeScreenshots(browser, server, await seedCompany(server), dir)
  console.log(`wrote ${files.length} screenshots:\n${files.map((f) => `  ${path.relative(process.cwd(), f)}`).join('\n')}`)
} finally {
  await browser.close()
  await server.close()
}

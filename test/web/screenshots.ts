// Screenshots of the main pages (My leave, New request with its preview, Calendar, Approvals), light
// and dark, desktop (1280 × 800) and phone (390 × 844), PNG at device scale 1. The browser tests
// write them into test-results/screenshots/ on every run; `npm run screenshots` writes the ones
// README shows into docs/screenshots/.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { withPage, type WebServer } from '../helpers/browser.js'
import { settled } from './pages.js'
import type { Company } from './seed.js'

export const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const
export const THEMES = ['light', 'dark'] as const

interface Shot {
  name: string
  as: (company: Company) => string
  open: (page: Page) => Promise<void>
}

export const SHOTS: Shot[] = [
  {
    name: 'my-leave',
    as: (c) => c.employee.email,
    open: async (page) => {
      await page.goto('/leave')
      await settled(page)
    },
  },
  {
    name: 'new-request',
    as: (c) => c.employee.email,
    open: async (page) => {
      await page.goto('/leave/new')
      await settled(page)
      for (const [which, date] of [['Start Date', '05032027'], ['End Date', '05072027']] as const) {
        await page.getByRole('spinbutton', { name: `month, ${which}` }).click()
        await page.keyboard.type(date)
      }
      await page.getByRole('region', { name: 'What this request takes' }).getByText(/^This uses/).waitFor()
      await page.getByLabel('Comment').fill('Family visit')
      await page.getByLabel('Comment').blur()
    },
  },
  {
    name: 'calendar',
    as: (c) => c.manager.email,
    open: async (page) => {
      await page.goto('/calendar?month=2027-03')
      await settled(page)
    },
  },
  {
    name: 'approvals',
    as: (c) => c.manager.email,
    open: async (page) => {
      await page.goto('/approvals')
      await settled(page)
    },
  },
]

/** Takes every shot in every theme and viewport into `dir` as <name>-<viewport>-<theme>.png; answers the files. */
export async function takeScreenshots(browser: Browser, server: WebServer, company: Company, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true })
  const files: string[] = []
  for (const shot of SHOTS) {
    for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
      const phone = viewportName === 'phone'
      await withPage(browser, server, { signedInAs: shot.as(company), viewport, isMobile: phone, hasTouch: phone, deviceScaleFactor: 1 }, async (page) => {
        await shot.open(page)
        for (const theme of THEMES) {
          await page.emulateMedia({ colorScheme: theme })
          const file = path.join(dir, `${shot.name}-${viewportName}-${theme}.png`)
          // The desktop shot is the first screen; the phone's the whole page, as one scrolls it.
          await page.screenshot({ path: file, fullPage: phone, animations: 'disabled', caret: 'hide' })
          files.push(file)
        }
      })
    }
  }
  return files
}

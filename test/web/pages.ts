// What the page tests share: waiting until a page has its content, running axe on it, and the
// links a page offers (the crawl follows them).
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import type { InPage } from '../helpers/browser.js'

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

/** Waits until the page shows its <h1> and nothing on it is still loading. */
export async function settled(page: Page, timeout = 10_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const { document } = globalThis as unknown as InPage
      return !!document.querySelector('h1') && !document.querySelector('.loading, [aria-busy="true"]')
    },
    undefined,
    { timeout, polling: 50 },
  )
}

export interface Violation {
  page: string
  rule: string
  impact: string
  help: string
  targets: string[]
}

/** axe's WCAG 2.2 A/AA findings on the page as it is now. */
export async function axeViolations(page: Page, label: string): Promise<Violation[]> {
  // Only violations are read: asking axe for nothing else makes each run about twice as fast.
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).options({ resultTypes: ['violations'] }).analyze()
  return results.violations.map((v) => ({
    page: label,
    rule: v.id,
    impact: v.impact ?? '',
    help: v.help,
    targets: v.nodes.map((n) => n.target.map(String).join(' ')),
  }))
}

/** One line per violation, readable in a failed assertion. */
export function describeViolations(list: Violation[]): string {
  return list.map((v) => `- ${v.page}: ${v.rule} (${v.impact}) ${v.help}\n    ${v.targets.slice(0, 6).join('\n    ')}${v.targets.length > 6 ? `\n    … ${v.targets.length - 6} more` : ''}`).join('\n')
}

/** The app's own links on the page (path and query), without API, feed and file links. */
export async function appLinks(page: Page): Promise<string[]> {
  const hrefs = await page.locator('a[href^="/"]').evaluateAll((links) => links.map((a) => (a as unknown as { getAttribute(n: string): string | null }).getAttribute('href') ?? ''))
  return hrefs.filter((h) => !/^\/(api|ical|healthz)\b/.test(h) && !/\.(csv|ics)(\?|$)/.test(h) && !h.startsWith('/sign-in'))
}

/** The kind of page a path is: ids become ":id", so that the crawl visits one person, not fifty. */
export function pageKind(href: string): string {
  return (
    new URL(href, 'http://x').pathname
      .replace(/\/+$/, '')
      .replace(/\/\d+(?=\/|$)/g, '/:id')
      // Leave-type codes (VACATION, SICK, ...) name records too.
      .replace(/\/[A-Z][A-Z0-9_]*(?=\/|$)/g, '/:code') || '/'
  )
}

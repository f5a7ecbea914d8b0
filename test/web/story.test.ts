// The whole story in the browser, as the issue tells it: an admin invites a manager and an employee
// through the admin pages; both set their passwords from the mailed links; the employee files a
// request and sees the preview's days and balance; the manager approves it from the inbox; the
// employee sees the balance drop and the calendar fill; the employee asks to cancel; the manager agrees.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import {
  browserSkipReason,
  createFirstAdmin,
  latestMailTo,
  launchBrowser,
  linkIn,
  linkMailedTo,
  PASSWORD,
  setAllowance,
  signInThroughUi,
  startWebServer,
  withPage,
  type WebServer,
} from '../helpers/browser.js'
import { settled } from './pages.js'

const MANAGER = 'maria@example.com'
const EMPLOYEE = 'erin@example.com'

describe('the whole story', { skip: browserSkipReason }, () => {
  let server: WebServer
  let browser: Browser
  let requestPath = ''
  before(async () => {
    ;[server, browser] = await Promise.all([startWebServer(), launchBrowser()])
    const admin = await createFirstAdmin(server)
    // The company's policy (an admin page of its own, tested by the crawl): 25 days of VACATION.
    await setAllowance(server, admin, 'VACATION', 25)
  })
  after(async () => {
    await browser?.close()
    await server?.close()
  })

  async function invite(page: Page, first: string, last: string, email: string, role: string, manager?: string) {
    await page.goto('/admin/people')
    await settled(page)
    await page.getByRole('link', { name: 'Invite a person' }).first().click()
    await page.getByRole('heading', { level: 1, name: 'Invite a person' }).waitFor()
    await page.getByLabel('First name').fill(first)
    await page.getByLabel('Last name').fill(last)
    await page.getByLabel('Email', { exact: true }).fill(email)
    await page.getByLabel('Role').selectOption({ label: role })
    if (manager) await page.getByLabel('Manager').selectOption({ label: manager })
    await page.getByRole('button', { name: 'Send invitation' }).click()
    await page.getByText(`${first} ${last} is invited. An invitation was mailed to ${email}.`).waitFor()
  }

  async function setPasswordFromMail(page: Page, email: string) {
    const link = linkIn(await latestMailTo(server, email), server, '/set-password/')
    await page.goto(link)
    await page.getByRole('heading', { level: 1, name: 'Welcome: choose your password' }).waitFor()
    await page.getByLabel('New password').fill(PASSWORD)
    await page.getByLabel('Confirm the password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Set password' }).click()
    await page.getByText('Your password is set.').waitFor()
  }

  it('the admin invites a manager and an employee on the admin pages', async () => {
    await withPage(browser, server, {}, async (page) => {
      await signInThroughUi(page, 'admin@example.com')
      await invite(page, 'Maria', 'Manager', MANAGER, 'Manager')
      await invite(page, 'Erin', 'Employee', EMPLOYEE, 'Employee', 'Maria Manager (Manager)')
      await page.goto('/admin/people')
      await settled(page)
      const erin = page.getByRole('row').filter({ hasText: EMPLOYEE })
      await erin.getByText('Maria Manager').waitFor()
    })
  })

  it('both set their passwords from the mailed links and sign in', async () => {
    for (const email of [MANAGER, EMPLOYEE]) {
      await withPage(browser, server, {}, async (page) => {
        await setPasswordFromMail(page, email)
        await signInThroughUi(page, email)
        assert.equal(new URL(page.url()).pathname, '/leave')
      })
    }
  })

  it('the employee files a request and sees the preview’s days and balance first', async () => {
    await withPage(browser, server, { signedInAs: EMPLOYEE }, async (page) => {
      await page.goto('/leave')
      await settled(page)
      await page.getByRole('main').getByRole('link', { name: 'New request' }).first().click()
      await page.getByRole('heading', { level: 1, name: 'New request' }).waitFor()
      await typeDate(page, 'Start Date', '03', '15', '2027')
      await typeDate(page, 'End Date', '03', '19', '2027')
      const preview = page.getByRole('region', { name: 'What this request takes' })
      await preview.getByText('This uses 5 days').waitFor()
      const days = preview.getByRole('table', { name: 'Day by day' })
      assert.equal(await days.getByRole('row').count(), 1 + 5)
      for (const day of ['Mon, Mar 15', 'Tue, Mar 16', 'Wed, Mar 17', 'Thu, Mar 18', 'Fri, Mar 19']) {
        const row = days.getByRole('row').filter({ has: page.getByRole('rowheader', { name: day }) })
        assert.deepEqual(await row.getByRole('cell').allInnerTexts(), ['1 day', 'Working day'], day)
      }
      const balance = preview.getByRole('table', { name: 'Balance' }).getByRole('row').filter({ hasText: 'Vacation, leave year 2027' })
      assert.deepEqual(await balance.getByRole('cell').allInnerTexts(), ['25 days', '20 days'])
      await preview.getByText('No problems found.').waitFor()
      await preview.getByRole('listitem').filter({ hasText: 'Maria Manager' }).waitFor()
      await page.getByLabel('Comment').fill('Skiing in the Alps')
      await page.getByRole('button', { name: 'Send request' }).click()
      await page.getByText('Your request was filed.').waitFor()
      requestPath = new URL(page.url()).pathname
    })
  })

  it('the manager approves it from the approvals inbox', async () => {
    await withPage(browser, server, { signedInAs: MANAGER }, async (page) => {
      await page.goto('/approvals')
      await settled(page)
      const card = page.getByRole('article').filter({ hasText: 'Erin Employee' })
      await card.getByText('5 days').first().waitFor()
      await card.getByRole('button', { name: 'Approve' }).click()
      await page.getByText(/Approved Erin Employee’s leave/).waitFor()
      await page.getByText('Nothing waits for your decision').waitFor()
    })
  })

  it('the employee sees the balance drop and the calendar fill', async () => {
    await withPage(browser, server, { signedInAs: EMPLOYEE }, async (page) => {
      await page.goto('/leave')
      await settled(page)
      const card = page.locator('.balance-card').filter({ hasText: 'Vacation' })
      assert.equal((await card.locator('.stat').innerText()).trim(), '20')
      const row = page.getByRole('row').filter({ hasText: /Mar 15\s*–\s*19, 2027/ })
      await row.getByText('Approved').waitFor()
      await page.goto('/calendar?month=2027-03&scope=me')
      await settled(page)
      const chart = page.getByRole('table').first()
      const erin = chart.getByRole('row').filter({ hasText: 'Erin Employee' })
      await erin.waitFor()
      assert.ok((await erin.getByText('Approved').count()) >= 5, 'five approved days in Erin’s row')
    })
  })

  it('the employee asks to cancel; the manager agrees; the days come back', async () => {
    assert.ok(requestPath, 'the request was filed')
    await withPage(browser, server, { signedInAs: EMPLOYEE }, async (page) => {
      await page.goto('/leave')
      await settled(page)
      const row = page.getByRole('row').filter({ hasText: /Mar 15\s*–\s*19, 2027/ })
      await row.getByRole('button', { name: 'Cancel leave' }).click()
      const dialog = page.getByRole('alertdialog').or(page.getByRole('dialog'))
      await dialog.getByRole('heading', { name: 'Cancel this approved leave?' }).waitFor()
      await dialog.getByRole('button', { name: 'Cancel leave' }).click()
      await row.getByText('Cancellation requested').waitFor()
      // Keyboard focus goes to the announced result, not to the page's body.
      await page.waitForFunction("document.activeElement?.classList.contains('notice-area') && /cancel/i.test(document.activeElement.textContent ?? '')")
    })
    await withPage(browser, server, { signedInAs: MANAGER }, async (page) => {
      await page.goto('/approvals')
      await settled(page)
      const card = page.getByRole('article').filter({ hasText: 'Erin Employee' })
      await card.getByRole('button', { name: 'Approve cancellation' }).click()
      await page.getByText('Nothing waits for your decision').waitFor()
    })
    await withPage(browser, server, { signedInAs: EMPLOYEE }, async (page) => {
      await page.goto('/leave')
      await settled(page)
      const row = page.getByRole('row').filter({ hasText: /Mar 15\s*–\s*19, 2027/ })
      await row.getByText('Cancelled').waitFor()
      const card = page.locator('.balance-card').filter({ hasText: 'Vacation' })
      assert.equal((await card.locator('.stat').innerText()).trim(), '25')
    })
  })

  it('the mails link to the request’s page, which opens', async () => {
    // The approval's mail to the employee names the request's page.
    const link = await linkMailedTo(server, EMPLOYEE, '/leave-requests/')
    await withPage(browser, server, { signedInAs: EMPLOYEE }, async (page) => {
      await page.goto(link)
      await settled(page)
      await page.getByText('Skiing in the Alps').waitFor()
    })
  })
})

/**
 * Types a date into the react-aria date range field as a keyboard user does: into its month segment,
 * which moves on to day and year by itself (en-US order). The segments are named by react-aria
 * ("month, Start Date, Dates").
 */
async function typeDate(page: Page, which: 'Start Date' | 'End Date', month: string, day: string, year: string) {
  await page.getByRole('spinbutton', { name: `month, ${which}` }).click()
  await page.keyboard.type(month + day + year)
}

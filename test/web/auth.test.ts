// Signing in and out in the browser: wrong password, no token where script can read it, a reload
// keeps the session, sign-out ends it, an ended session sends the person to sign-in with a notice,
// and a deep link survives the detour through sign-in.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Browser } from 'playwright-core'
import {
  apiCall,
  browserSkipReason,
  createFirstAdmin,
  createPerson,
  latestMailTo,
  launchBrowser,
  linkIn,
  PASSWORD,
  signInThroughUi,
  startWebServer,
  tokenFor,
  withPage,
  type InPage,
  type WebServer,
} from '../helpers/browser.js'

const EMAIL = 'erin@example.com'
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\./

describe('signing in', { skip: browserSkipReason }, () => {
  let server: WebServer
  let browser: Browser
  before(async () => {
    ;[server, browser] = await Promise.all([startWebServer(), launchBrowser()])
    const admin = await createFirstAdmin(server)
    await createPerson(server, admin, { email: EMAIL, first_name: 'Erin', last_name: 'Employee' })
  })
  after(async () => {
    await browser?.close()
    await server?.close()
  })

  it('a wrong password shows the message and stays on sign-in', async () => {
    await withPage(browser, server, {}, async (page) => {
      await page.goto('/sign-in')
      await page.getByLabel('Email', { exact: true }).fill(EMAIL)
      await page.getByLabel('Password', { exact: true }).fill('not-the-password-at-all')
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('alert').filter({ hasText: 'The email or password is not right' }).waitFor()
      assert.equal(new URL(page.url()).pathname, '/sign-in')
      // The field keeps what was typed, so a typo is fixed without typing the email again.
      assert.equal(await page.getByLabel('Email', { exact: true }).inputValue(), EMAIL)
    })
  })

  it('keeps no token where script can read it, and a reload keeps the person signed in', async () => {
    await withPage(browser, server, {}, async (page, { context }) => {
      await signInThroughUi(page, EMAIL)
      assert.equal(new URL(page.url()).pathname, '/leave')
      const readable = await page.evaluate(() => {
        // No named functions in here: tsx would wrap them in a helper the page does not have.
        const { localStorage, sessionStorage, document } = globalThis as unknown as InPage
        const [local, session] = [localStorage, sessionStorage].map((storage) =>
          Array.from({ length: storage.length }, (_, i) => storage.key(i) ?? '').map((key) => `${key}=${storage.getItem(key)}`),
        )
        return { local: local ?? [], session: session ?? [], cookie: document.cookie }
      })
      assert.deepEqual(readable.session, [])
      assert.equal(readable.cookie, '', 'document.cookie must not show the session cookie')
      for (const entry of readable.local) assert.doesNotMatch(entry, JWT, `a token in localStorage: ${entry}`)
      const [cookie, ...others] = await context.cookies()
      assert.deepEqual(others, [])
      assert.equal(cookie?.name, 'leavedesk_refresh')
      assert.equal(cookie?.httpOnly, true)
      assert.equal(cookie?.secure, true)
      assert.equal(cookie?.sameSite, 'Strict')
      assert.equal(cookie?.path, '/api/auth/')

      await page.reload()
      await page.getByRole('button', { name: 'Sign out' }).waitFor()
      assert.equal(new URL(page.url()).pathname, '/leave')
    })
  })

  it('sign-out ends the session: a reload stays signed out', async () => {
    await withPage(browser, server, {}, async (page, { context }) => {
      await signInThroughUi(page, EMAIL)
      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.waitForURL('**/sign-in**')
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
      assert.deepEqual(await context.cookies(), [])
      await page.goto('/profile')
      await page.waitForURL('**/sign-in**')
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
    })
  })

  it('an ended session (signed out everywhere from another browser) sends the next action to sign-in with a notice', async () => {
    // The first browser's own calls are refused once its tokens are revoked: those 401s are the point.
    await withPage(browser, server, { allow401: ['/api/'] }, async (page) => {
      await signInThroughUi(page, EMAIL, undefined, '/sign-in?next=%2Fprofile')
      await page.waitForURL('**/profile')
      await withPage(browser, server, {}, async (other) => {
        await signInThroughUi(other, EMAIL, undefined, '/sign-in?next=%2Fprofile')
        await other.waitForURL('**/profile')
        await other.getByRole('button', { name: 'Sign out everywhere' }).click()
        await other.waitForURL('**/sign-in**')
      })
      // The next thing this person does here needs the server: opening My leave (the balances).
      await page.getByRole('link', { name: 'My leave' }).click()
      await page.waitForURL('**/sign-in**')
      await page.getByText('Your session has ended. Please sign in again.').waitFor()
      assert.equal(new URL(page.url()).searchParams.get('next'), '/leave')
      // Signing in again brings the person back where they were.
      await page.getByLabel('Email', { exact: true }).fill(EMAIL)
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL('**/leave')
    })
  })

  it(
    'an ended session: saving the profile also sends the person to sign-in',
    async () => {
      await withPage(browser, server, { allow401: ['/api/'] }, async (page) => {
        await signInThroughUi(page, EMAIL, undefined, '/sign-in?next=%2Fprofile')
        await page.waitForURL('**/profile')
        await apiCall(server, 'POST', '/api/auth/logout-all', { token: await tokenFor(server, EMAIL) })
        await page.getByRole('button', { name: 'Save' }).first().click()
        await page.waitForURL('**/sign-in**', { timeout: 3000 })
        await page.getByText('Your session has ended. Please sign in again.').waitFor()
      })
    },
  )

  it('a deep link while signed out goes through sign-in and back to the deep link', async () => {
    await withPage(browser, server, {}, async (page) => {
      await page.goto('/calendar?month=2027-04')
      await page.waitForURL('**/sign-in?**')
      assert.equal(new URL(page.url()).searchParams.get('next'), '/calendar?month=2027-04')
      assert.equal(await page.getByText('Your session has ended').count(), 0, 'a first visit is not an ended session')
      await page.getByLabel('Email', { exact: true }).fill(EMAIL)
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL((url) => url.pathname === '/calendar' && url.searchParams.get('month') === '2027-04')
    })
  })

  it('the links of mails open their pages: an invitation link sets the password', async () => {
    const admin = await tokenFor(server, 'admin@example.com')
    const address = 'newcomer@example.com'
    const res = await fetch(server.url + '/api/users', {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: address, first_name: 'New', last_name: 'Comer' }),
    })
    assert.equal(res.status, 201)
    const link = linkIn(await latestMailTo(server, address), server, '/set-password/')
    await withPage(browser, server, {}, async (page) => {
      await page.goto(link)
      await page.getByRole('heading', { level: 1, name: 'Welcome: choose your password' }).waitFor()
      await page.getByLabel('New password').fill(PASSWORD)
      await page.getByLabel('Confirm the password').fill(PASSWORD)
      await page.getByRole('button', { name: 'Set password' }).click()
      await page.getByText('Your password is set.').waitFor()
      await page.getByRole('link', { name: 'Sign in' }).click()
      await page.getByLabel('Email', { exact: true }).fill(address)
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL('**/leave')
    })
  })
})

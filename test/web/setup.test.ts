// A fresh install in the browser: the sign-in page offers to create the first admin, the setup page
// creates it and signs it in; afterwards setup is refused, in the browser and through the API.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Browser } from 'playwright-core'
import { browserSkipReason, launchBrowser, PASSWORD, startWebServer, withPage, type WebServer } from '../helpers/browser.js'

describe('first admin on a fresh install', { skip: browserSkipReason }, () => {
  let server: WebServer
  let browser: Browser
  before(async () => {
    ;[server, browser] = await Promise.all([startWebServer(), launchBrowser()])
  })
  after(async () => {
    await browser?.close()
    await server?.close()
  })

  it('is offered on the sign-in page, created in the browser, and signed in as admin', async () => {
    await withPage(browser, server, {}, async (page) => {
      await page.goto('/')
      await page.waitForURL('**/sign-in**')
      await page.getByRole('link', { name: 'Create the first admin' }).click()
      await page.waitForURL('**/setup')
      await page.getByRole('heading', { level: 1, name: 'Create the first admin' }).waitFor()
      await page.getByLabel('Email', { exact: true }).fill('founder@example.com')
      await page.getByLabel('First name').fill('Frieda')
      await page.getByLabel('Last name').fill('Founder')
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
      await page.getByLabel('Confirm the password').fill(PASSWORD)
      await page.getByRole('button', { name: 'Create admin account' }).click()
      await page.waitForURL('**/admin')
      await page.getByRole('link', { name: 'Admin' }).first().waitFor()
      const me = await page.evaluate(async () => (await fetch('/api/setup')).json())
      assert.deepEqual(me, { needed: false })
    })
  })

  it('is refused once an account exists: the page says so and the API answers 409', async () => {
    await withPage(browser, server, {}, async (page) => {
      await page.goto('/setup')
      await page.getByText('This installation is already set up.').waitFor()
      assert.equal(await page.getByRole('button', { name: 'Create admin account' }).count(), 0)
      await page.goto('/sign-in')
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
      assert.equal(await page.getByRole('link', { name: 'Create the first admin' }).count(), 0)
    })
    const res = await fetch(server.url + '/api/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'leavedesk' },
      body: JSON.stringify({ email: 'second@example.com', first_name: 'S', last_name: '', password: PASSWORD, confirm_password: PASSWORD }),
    })
    assert.equal(res.status, 409)
  })

  it('the first admin signs in with the password chosen in the browser', async () => {
    const res = await fetch(server.url + '/api/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'founder@example.com', password: PASSWORD }),
    })
    assert.equal(res.status, 200)
  })
})

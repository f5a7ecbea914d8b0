// The whole approvals story through HTTP, as issue 4's "Done when" tells it: an admin made with the
// CLI invites a manager and an employee, they set their passwords from the mailed links, the employee
// files a request, the manager approves it from /api/approvals, the employee asks to cancel, the
// manager agrees; every mail arrives at a real SMTP server, the history names every actor, and the
// illegal moves answer 403/404/409.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { bearer, createSharedDatabase, createTestContext, type TestContext } from '../helpers/harness.js'
import { startSmtpCapture, tokenIn, type SmtpCapture } from '../helpers/smtp.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const APP_URL = 'https://leave.example.com'
const SECRET_KEY = 'scenario-secret-key-that-is-long-enough-0123456789'
const ADMIN_PASSWORD = 'quartz-meadow-lantern-91'

let shared: { url: string; drop: () => Promise<void> }
let dataDir: string
let smtp: SmtpCapture
let ctx: TestContext

before(async () => {
  shared = await createSharedDatabase()
  dataDir = mkdtempSync(path.join(tmpdir(), 'leavedesk-scenario-'))
  smtp = await startSmtpCapture()
})
after(async () => {
  await ctx?.close()
  await smtp.close()
  await shared.drop()
  rmSync(dataDir, { recursive: true, force: true })
})

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
const call = (method: Method, url: string, token?: string, payload?: unknown) =>
  ctx.app.inject({ method, url, headers: token ? bearer(token) : {}, ...(payload !== undefined ? { payload: payload as object } : {}) })

async function signIn(email: string, password: string): Promise<string> {
  const res = await call('POST', '/api/auth/token', undefined, { email, password })
  assert.equal(res.statusCode, 200, `sign-in of ${email}: ${res.body}`)
  return res.json().access
}

/** Waits for the next mail to `email` with this subject and returns it. */
async function mailTo(email: string, subject: string) {
  const deadline = Date.now() + 10_000
  for (;;) {
    const found = smtp.to(email).find((m) => m.subject === subject)
    if (found) return found
    assert.ok(Date.now() < deadline, `no mail "${subject}" to ${email}; got: ${smtp.mails.map((m) => `${m.to} ${m.subject}`).join(' | ')}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

it('runs the whole approvals story', async () => {
  // 1. The first admin comes from the command line, against the same database. The CLI migrates
  // an empty database itself; the app then applies whatever migrations it knows on top.
  const cli = spawnSync(
    process.execPath,
    [path.join(ROOT, 'bin/leavedesk.js'), 'createuser', '--email', 'admin@example.com', '--role', 'admin', '--first-name', 'Ada', '--last-name', 'Admin', '--password-stdin'],
    { cwd: ROOT, input: `${ADMIN_PASSWORD}\n`, encoding: 'utf8', env: { ...process.env, DATABASE_URL: shared.url, SECRET_KEY, DATA_DIR: dataDir, NODE_ENV: 'test' } },
  )
  assert.equal(cli.status, 0, `createuser failed: ${cli.stderr}`)
  assert.match(cli.stdout.trim(), /^\d+$/)

  ctx = await createTestContext(
    { DATABASE_URL: shared.url, SMTP_URL: smtp.url, APP_URL, SECRET_KEY },
    { startMailDispatcher: true, mailDispatcher: { retryBaseMs: 25, pollIntervalMs: 10 } },
  )
  const admin = await signIn('admin@example.com', ADMIN_PASSWORD)
  assert.equal((await call('GET', '/api/auth/me', admin)).json().role, 'admin')

  // 2. The admin invites a manager and the manager's employee (and, for the illegal moves, a
  // colleague of the employee and the manager of another team).
  const invite = async (email: string, first_name: string, role: string, manager_id: number | null) => {
    const res = await call('POST', '/api/users', admin, { email, first_name, last_name: 'Tester', role, manager_id })
    assert.equal(res.statusCode, 201, res.body)
    return res.json() as { id: number }
  }
  const manager = await invite('manager@example.com', 'Max', 'manager', null)
  await invite('employee@example.com', 'Eve', 'employee', manager.id)
  await invite('colleague@example.com', 'Carl', 'employee', manager.id)
  await invite('other-manager@example.com', 'Olaf', 'manager', null)

  // 3. Each sets a password from the mailed link, then signs in.
  const tokens: Record<string, string> = {}
  const passwords: Record<string, string> = {
    'manager@example.com': 'granite-orchid-compass-17',
    'employee@example.com': 'velvet-canyon-rocket-28',
    'colleague@example.com': 'saffron-glacier-piano-39',
    'other-manager@example.com': 'cobalt-thistle-anchor-40',
  }
  for (const [email, password] of Object.entries(passwords)) {
    const invitation = await mailTo(email, 'You are invited to Leavedesk')
    assert.ok(invitation.body.includes(`${APP_URL}/set-password/?token=`))
    const res = await call('POST', '/api/auth/reset-password', undefined, { reset_token: tokenIn(invitation), password, confirm_password: password })
    assert.equal(res.statusCode, 204, res.body)
    await mailTo(email, 'Your Leavedesk password was changed')
    tokens[email] = await signIn(email, password)
  }
  const eve = tokens['employee@example.com']!
  const max = tokens['manager@example.com']!
  const carl = tokens['colleague@example.com']!
  const olaf = tokens['other-manager@example.com']!
  assert.equal((await call('GET', '/api/auth/me', eve)).json().manager.email, 'manager@example.com')

  // 4. The employee files a request; the manager is told.
  const filed = await call('POST', '/api/leave-requests', eve, { start: '2031-07-01T00:00:00Z', end: '2031-07-15T00:00:00Z', description: 'Summer', type: 'VACATION' })
  assert.equal(filed.statusCode, 201, filed.body)
  const id = filed.json().id as number
  assert.deepEqual(filed.json().allowed_actions, ['update', 'delete', 'cancel'])
  const submitted = await mailTo('manager@example.com', 'Leave request from Eve Tester')
  assert.match(submitted.body, /Vacation, from 1 Jul 2031, 00:00 to 15 Jul 2031, 00:00 \(UTC\)/)
  assert.ok(submitted.body.includes(`${APP_URL}/leave-requests/${id}/`))

  // 5. The manager sees it waiting in /api/approvals.
  const queue = await call('GET', '/api/approvals', max)
  assert.equal(queue.statusCode, 200)
  assert.deepEqual(queue.json().map((r: { id: number }) => r.id), [id])
  assert.deepEqual(queue.json()[0].allowed_actions, ['approve', 'reject'])
  assert.deepEqual((await call('GET', '/api/approvals', olaf)).json(), [])

  // 6. The illegal moves before the decision: self-approval, an employee, another team's manager.
  assert.equal((await call('POST', `/api/leave-requests/${id}/approve`, eve)).statusCode, 403)
  assert.equal((await call('POST', `/api/leave-requests/${id}/approve`, carl)).statusCode, 404)
  assert.equal((await call('POST', `/api/leave-requests/${id}/approve`, olaf)).statusCode, 404)

  // 7. The manager approves; the employee is told.
  const approved = await call('POST', `/api/leave-requests/${id}/approve`, max, { comment: 'Have fun' })
  assert.equal(approved.statusCode, 200, approved.body)
  assert.equal(approved.json().status, 'APPROVED')
  assert.equal(approved.json().decided_by.email, 'manager@example.com')
  const approvedMail = await mailTo('employee@example.com', 'Your leave was approved')
  assert.match(approvedMail.body, /Comment: Have fun/)

  // 8. More illegal moves: approving twice, editing an approved request.
  const twice = await call('POST', `/api/leave-requests/${id}/approve`, max)
  assert.equal(twice.statusCode, 409)
  assert.equal(twice.json().code, 'invalid_transition')
  const edit = await call('PATCH', `/api/leave-requests/${id}`, eve, { description: 'Longer summer' })
  assert.equal(edit.statusCode, 409)
  assert.deepEqual(edit.json(), { detail: 'Only a pending leave request can be changed.', code: 'not_pending' })

  // 9. The employee asks to cancel; the manager is told and agrees; the employee is told.
  const asked = await call('POST', `/api/leave-requests/${id}/cancel`, eve)
  assert.equal(asked.statusCode, 200, asked.body)
  assert.equal(asked.json().status, 'CANCELLATION_REQUESTED')
  await mailTo('manager@example.com', 'Eve Tester asks to cancel approved leave')
  assert.deepEqual((await call('GET', '/api/approvals', max)).json()[0].allowed_actions, ['approve-cancellation', 'reject-cancellation'])
  const cancelled = await call('POST', `/api/leave-requests/${id}/approve-cancellation`, max)
  assert.equal(cancelled.statusCode, 200, cancelled.body)
  assert.equal(cancelled.json().status, 'CANCELLED')
  await mailTo('employee@example.com', 'Your leave was cancelled')
  assert.deepEqual((await call('GET', '/api/approvals', max)).json(), [])

  // 10. The history shows every step with its actor, to the owner, the manager and the admin alike.
  for (const token of [eve, max, admin]) {
    const history = await call('GET', `/api/leave-requests/${id}/history`, token)
    assert.equal(history.statusCode, 200)
    assert.deepEqual(
      history.json().map((e: { action: string; actor: { email: string } }) => [e.action, e.actor.email]),
      [
        ['created', 'employee@example.com'],
        ['approved', 'manager@example.com'],
        ['cancellation_requested', 'employee@example.com'],
        ['cancellation_approved', 'manager@example.com'],
      ],
    )
  }
  assert.equal((await call('GET', `/api/leave-requests/${id}/history`, carl)).statusCode, 404)

  // 11. Every mail arrived, once, and nothing else did.
  const expected = [
    ...Object.keys(passwords).flatMap((email) => [
      [email, 'You are invited to Leavedesk'],
      [email, 'Your Leavedesk password was changed'],
    ]),
    ['manager@example.com', 'Leave request from Eve Tester'],
    ['employee@example.com', 'Your leave was approved'],
    ['manager@example.com', 'Eve Tester asks to cancel approved leave'],
    ['employee@example.com', 'Your leave was cancelled'],
  ]
  await ctx.app.mail.drain()
  assert.deepEqual(smtp.mails.map((m) => [m.to.join(','), m.subject]).sort(), expected.sort())
})

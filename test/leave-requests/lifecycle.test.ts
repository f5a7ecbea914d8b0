// The approval workflow: every transition, every illegal move, who may see and do what, the lists
// managers use, the audit trail, the mails each step queues, and races between approvers.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { buildApp } from '../../src/app.js'
import { bearer, createTestContext, createUser, decodeMail, login, recordingQueries, sentMails, type TestContext } from '../helpers/harness.js'

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
type Status = 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELLATION_REQUESTED' | 'CANCELLED'
interface Person {
  id: number
  email: string
  token: string
}
interface Cast {
  ada: Person // admin
  abe: Person // admin
  max: Person // manager of eve and pete
  mia: Person // manager of otto
  eve: Person
  pete: Person
  otto: Person
  olga: Person // no manager
}

const APP_URL = 'https://leave.example.com'
const KEYS = [
  'id', 'start', 'end', 'description', 'type', 'status', 'created_at', 'updated_at', 'user', 'decided_by', 'decided_at', 'decision_comment',
  'start_date', 'end_date', 'half_day_start', 'half_day_end', 'days', 'hours', 'allowed_actions',
]

/** Builds the people of these tests in a fresh context. */
async function createCast(ctx: TestContext): Promise<Cast> {
  const person = async (email: string, first: string, last: string, role: 'employee' | 'manager' | 'admin', manager?: Person) => {
    const user = await createUser(ctx.db, { email, first_name: first, last_name: last, role, manager_id: manager?.id ?? null })
    return { id: user.id, email, token: (await login(ctx.app, email)).access }
  }
  const ada = await person('ada@example.com', 'Ada', 'Admin', 'admin')
  const abe = await person('abe@example.com', 'Abe', 'Admin', 'admin')
  const max = await person('max@example.com', 'Max', 'Manager', 'manager')
  const mia = await person('mia@example.com', 'Mia', 'Manager', 'manager')
  const eve = await person('eve@example.com', 'Eve', 'Employee', 'employee', max)
  const pete = await person('pete@example.com', 'Pete', 'Peer', 'employee', max)
  const otto = await person('otto@example.com', 'Otto', 'Other', 'employee', mia)
  const olga = await person('olga@example.com', 'Olga', 'Orphan', 'employee')
  return { ada, abe, max, mia, eve, pete, otto, olga }
}

/** Consecutive non-overlapping periods far in the future. */
let periodIndex = 0
function period(startsInPast = false) {
  const day = 86_400_000
  const base = startsInPast ? Date.UTC(2020, 0, 1) : Date.UTC(2031, 0, 1)
  const start = base + periodIndex++ * 3 * day
  return { start: new Date(start).toISOString(), end: new Date(start + 2 * day).toISOString() }
}

function harness(ctx: () => TestContext) {
  const call = (method: Method, url: string, who?: Person, payload?: unknown) =>
    ctx().app.inject({ method, url, headers: who ? bearer(who.token) : {}, ...(payload !== undefined ? { payload: payload as object } : {}) })
  const file = async (who: Person, extra: Record<string, unknown> = {}) => {
    const res = await call('POST', '/api/leave-requests', who, { ...period(), description: 'Trip', ...extra })
    assert.equal(res.statusCode, 201, res.body)
    return res.json() as { id: number; status: Status; allowed_actions: string[] }
  }
  const act = async (id: number, action: string, who: Person, payload: unknown = {}) => call('POST', `/api/leave-requests/${id}/${action}`, who, payload)
  const ok = async (id: number, action: string, who: Person, payload: unknown = {}) => {
    const res = await act(id, action, who, payload)
    assert.equal(res.statusCode, 200, `${action}: ${res.body}`)
    return res.json()
  }
  let seen = 0
  /** The mails queued since the last call, decoded. */
  const newMails = async () => {
    const all = await sentMails(ctx())
    const fresh = all.slice(seen).map(decodeMail)
    seen = all.length
    return fresh
  }
  return { call, file, act, ok, newMails }
}

const recipient = (mail: string) => /^To: (.*)$/m.exec(mail)?.[1]?.trim()
const subject = (mail: string) => /^Subject: (.*)$/m.exec(mail)?.[1]?.trim()

describe('the leave lifecycle', () => {
  let ctx: TestContext
  let c: Cast
  const { call, file, act, ok, newMails } = harness(() => ctx)

  before(async () => {
    ctx = await createTestContext({ APP_URL })
    c = await createCast(ctx)
  })
  after(() => ctx.close())

  describe('representation and allowed_actions', () => {
    it('keeps every original key and adds user, decision fields and allowed_actions for the caller', async () => {
      const created = await file(c.eve)
      assert.deepEqual(Object.keys(created), KEYS)
      const body = created as unknown as Record<string, unknown>
      assert.deepEqual(body.user, { id: c.eve.id, email: 'eve@example.com', first_name: 'Eve', last_name: 'Employee' })
      assert.equal(body.decided_by, null)
      assert.equal(body.decided_at, null)
      assert.equal(body.decision_comment, '')
      assert.deepEqual(created.allowed_actions, ['update', 'delete', 'cancel'])

      const as = async (who: Person) => call('GET', `/api/leave-requests/${created.id}`, who)
      assert.deepEqual((await as(c.max)).json().allowed_actions, ['approve', 'reject'])
      assert.deepEqual((await as(c.ada)).json().allowed_actions, ['approve', 'reject'])
      for (const stranger of [c.pete, c.mia, c.otto, c.olga]) {
        const res = await as(stranger)
        assert.equal(res.statusCode, 404, stranger.email)
        assert.deepEqual(res.json(), { detail: 'Not found.' })
      }
    })
  })

  describe('submission', () => {
    it('mails the owner’s manager, with the dates, the type and a link under APP_URL', async () => {
      await newMails()
      const created = await file(c.eve, { type: 'SICK', ...{ start: '2032-03-02T09:00:00Z', end: '2032-03-04T17:00:00Z' } })
      const mails = await newMails()
      assert.deepEqual(mails.map(recipient), ['max@example.com'])
      const mail = mails[0]!
      assert.equal(subject(mail), 'Leave request from Eve Employee')
      assert.match(mail, /Sick leave, from 2 Mar 2032, 09:00 to 4 Mar 2032, 17:00 \(UTC\)/)
      assert.ok(mail.includes(`${APP_URL}/leave-requests/${created.id}/`))
      assert.match(mail, /Content-Type: text\/plain/)
      assert.match(mail, /Content-Type: text\/html/)
    })

    it('mails every active admin when the owner has no manager, or an inactive one', async () => {
      await newMails()
      await file(c.olga)
      assert.deepEqual((await newMails()).map(recipient).sort(), ['abe@example.com', 'ada@example.com'])

      const boss = await createUser(ctx.db, { email: 'former-boss@example.com', role: 'manager' })
      const report = await createUser(ctx.db, { email: 'report@example.com', manager_id: boss.id })
      await ctx.db.updateTable('users').set({ is_active: 0 }).where('id', '=', boss.id).execute()
      await file({ id: report.id, email: report.email, token: (await login(ctx.app, report.email)).access })
      assert.deepEqual((await newMails()).map(recipient).sort(), ['abe@example.com', 'ada@example.com'])

      // An admin's own request goes to the other admins only.
      await file(c.ada)
      assert.deepEqual((await newMails()).map(recipient), ['abe@example.com'])
    })
  })

  describe('approve and reject', () => {
    it('approve records the decision and mails the owner', async () => {
      const { id } = await file(c.eve)
      await newMails()
      const approved = await ok(id, 'approve', c.max, { comment: '  Enjoy!  ' })
      assert.equal(approved.status, 'APPROVED')
      assert.deepEqual(approved.decided_by, { id: c.max.id, email: 'max@example.com', first_name: 'Max', last_name: 'Manager' })
      assert.match(approved.decided_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
      assert.equal(approved.decision_comment, 'Enjoy!')
      assert.deepEqual(approved.allowed_actions, [])
      assert.deepEqual((await call('GET', `/api/leave-requests/${id}`, c.eve)).json().allowed_actions, ['cancel'])
      assert.deepEqual((await call('GET', `/api/leave-requests/${id}`, c.ada)).json().allowed_actions, ['cancel'])

      const mails = await newMails()
      assert.deepEqual(mails.map(recipient), ['eve@example.com'])
      assert.equal(subject(mails[0]!), 'Your leave was approved')
      assert.match(mails[0]!, /Max Manager approved your leave request/)
      assert.match(mails[0]!, /Comment: Enjoy!/)
    })

    it('approve needs no body; any admin may approve, even for a user who has a manager', async () => {
      const { id } = await file(c.eve)
      const res = await call('POST', `/api/leave-requests/${id}/approve/`, c.abe)
      assert.equal(res.statusCode, 200, res.body)
      assert.equal(res.json().decided_by.id, c.abe.id)
      assert.equal(res.json().decision_comment, '')
    })

    it('reject requires a comment', async () => {
      const { id } = await file(c.eve)
      for (const [payload, message] of [
        [{}, 'This field is required.'],
        [{ comment: '' }, 'This field may not be blank.'],
        [{ comment: '   ' }, 'This field may not be blank.'],
        [{ comment: null }, 'This field may not be null.'],
        [{ comment: 'x'.repeat(1001) }, 'Ensure this field has no more than 1000 characters.'],
      ] as const) {
        const res = await act(id, 'reject', c.max, payload)
        assert.equal(res.statusCode, 400, JSON.stringify(payload))
        assert.deepEqual(res.json(), { comment: [message] })
      }
      await newMails()
      const rejected = await ok(id, 'reject', c.max, { comment: 'Team offsite that week' })
      assert.equal(rejected.status, 'REJECTED')
      assert.equal(rejected.decision_comment, 'Team offsite that week')
      const mails = await newMails()
      assert.equal(subject(mails[0]!), 'Your leave was rejected')
      assert.match(mails[0]!, /Comment: Team offsite that week/)
    })
  })

  describe('cancel', () => {
    it('a pending request is cancelled at once by its owner', async () => {
      const { id } = await file(c.eve)
      await newMails()
      const cancelled = await ok(id, 'cancel', c.eve)
      assert.equal(cancelled.status, 'CANCELLED')
      assert.equal(cancelled.decided_by, null)
      assert.deepEqual(cancelled.allowed_actions, [])
      const mails = await newMails()
      assert.deepEqual(mails.map(recipient), ['eve@example.com'])
      assert.equal(subject(mails[0]!), 'Your leave was cancelled')
      assert.match(mails[0]!, /You cancelled your leave/)
    })

    it('an approved request needs the approver: cancellation requested, then approved or rejected', async () => {
      const { id } = await file(c.eve)
      await ok(id, 'approve', c.max)
      await newMails()
      const asked = await ok(id, 'cancel', c.eve)
      assert.equal(asked.status, 'CANCELLATION_REQUESTED')
      assert.deepEqual(asked.allowed_actions, [])
      assert.deepEqual((await call('GET', `/api/leave-requests/${id}`, c.max)).json().allowed_actions, ['approve-cancellation', 'reject-cancellation'])
      let mails = await newMails()
      assert.deepEqual(mails.map(recipient), ['max@example.com'])
      assert.equal(subject(mails[0]!), 'Eve Employee asks to cancel approved leave')

      const kept = await ok(id, 'reject-cancellation', c.max, { comment: 'We need you there' })
      assert.equal(kept.status, 'APPROVED')
      assert.equal(kept.decision_comment, 'We need you there')
      mails = await newMails()
      assert.equal(subject(mails[0]!), 'Your leave stays approved')
      assert.equal(recipient(mails[0]!), 'eve@example.com')

      await ok(id, 'cancel', c.eve)
      await newMails()
      const done = await ok(id, 'approve-cancellation', c.max)
      assert.equal(done.status, 'CANCELLED')
      assert.equal(done.decided_by.id, c.max.id)
      mails = await newMails()
      assert.deepEqual(mails.map(recipient), ['eve@example.com'])
      assert.equal(subject(mails[0]!), 'Your leave was cancelled')
      assert.match(mails[0]!, /Max Manager cancelled your leave/)
    })

    it('an admin cancels approved leave directly; a manager may not', async () => {
      const { id } = await file(c.eve)
      await ok(id, 'approve', c.max)
      const refused = await act(id, 'cancel', c.max)
      assert.equal(refused.statusCode, 403)
      const cancelled = await ok(id, 'cancel', c.ada)
      assert.equal(cancelled.status, 'CANCELLED')
      assert.equal(cancelled.decided_by.id, c.ada.id)
      // ...but not someone's pending request.
      const pending = await file(c.eve)
      const res = await act(pending.id, 'cancel', c.ada)
      assert.equal(res.statusCode, 409)
      assert.equal(res.json().code, 'invalid_transition')
    })
  })

  describe('illegal moves', () => {
    const LEGAL: Record<Status, string[]> = {
      PENDING: ['cancel', 'approve', 'reject'],
      APPROVED: ['cancel'],
      REJECTED: [],
      CANCELLATION_REQUESTED: ['approve-cancellation', 'reject-cancellation'],
      CANCELLED: [],
    }
    const ACTIONS = ['cancel', 'approve', 'reject', 'approve-cancellation', 'reject-cancellation']

    async function requestIn(status: Status): Promise<number> {
      const { id } = await file(c.eve)
      if (status === 'APPROVED' || status === 'CANCELLATION_REQUESTED') await ok(id, 'approve', c.max)
      if (status === 'CANCELLATION_REQUESTED' || status === 'CANCELLED') await ok(id, 'cancel', c.eve)
      if (status === 'REJECTED') await ok(id, 'reject', c.max, { comment: 'No' })
      return id
    }

    it('every transition from every status: 200 when the lifecycle allows it, else 409 invalid_transition', async () => {
      for (const status of Object.keys(LEGAL) as Status[]) {
        for (const action of ACTIONS) {
          const id = await requestIn(status)
          const who = action === 'cancel' ? c.eve : c.max
          const res = await act(id, action, who, action === 'reject' ? { comment: 'because' } : {})
          const where = `${action} on ${status}`
          if (LEGAL[status].includes(action)) {
            assert.equal(res.statusCode, 200, `${where}: ${res.body}`)
          } else {
            assert.equal(res.statusCode, 409, `${where}: ${res.body}`)
            assert.deepEqual(Object.keys(res.json()), ['detail', 'code'])
            assert.equal(res.json().code, 'invalid_transition')
            assert.match(res.json().detail, new RegExp(`${status} cannot take "${action}"`))
            assert.equal((await call('GET', `/api/leave-requests/${id}`, c.eve)).json().status, status, `${where} changed nothing`)
          }
        }
      }
    })

    it('nobody approves their own request, not even an admin (403)', async () => {
      const own = await file(c.eve)
      for (const action of ['approve', 'reject', 'approve-cancellation', 'reject-cancellation']) {
        const res = await act(own.id, action, c.eve, { comment: 'x' })
        assert.equal(res.statusCode, 403, action)
        assert.deepEqual(res.json(), { detail: 'You do not have permission to perform this action.' })
      }
      const admins = await file(c.ada)
      assert.equal((await act(admins.id, 'approve', c.ada)).statusCode, 403)
      assert.deepEqual((await call('GET', `/api/leave-requests/${admins.id}`, c.ada)).json().allowed_actions, ['update', 'delete', 'cancel'])
      assert.equal((await act(admins.id, 'approve', c.abe)).statusCode, 200)
    })

    it('approving twice answers 409', async () => {
      const { id } = await file(c.eve)
      await ok(id, 'approve', c.max)
      const again = await act(id, 'approve', c.max)
      assert.equal(again.statusCode, 409)
      assert.equal(again.json().code, 'invalid_transition')
    })

    it('an employee, or the manager of another team, cannot even see the request (404)', async () => {
      const { id } = await file(c.eve)
      for (const who of [c.pete, c.otto, c.mia]) {
        for (const action of ['approve', 'reject', 'cancel']) {
          const res = await act(id, action, who, { comment: 'x' })
          assert.equal(res.statusCode, 404, `${who.email} ${action}`)
        }
        assert.equal((await call('PATCH', `/api/leave-requests/${id}`, who, { description: 'x' })).statusCode, 404)
        assert.equal((await call('GET', `/api/leave-requests/${id}/history`, who)).statusCode, 404)
      }
      assert.equal((await call('GET', `/api/leave-requests/${id}`, c.eve)).json().status, 'PENDING')
    })

    it('only the owner edits or deletes, and only while pending', async () => {
      const { id } = await file(c.eve)
      for (const who of [c.max, c.ada]) {
        assert.equal((await call('PATCH', `/api/leave-requests/${id}`, who, { description: 'mine now' })).statusCode, 403)
        assert.equal((await call('PUT', `/api/leave-requests/${id}`, who, period())).statusCode, 403)
        assert.equal((await call('DELETE', `/api/leave-requests/${id}`, who)).statusCode, 403)
      }
      await ok(id, 'approve', c.max)
      const notPending = { detail: 'Only a pending leave request can be changed.', code: 'not_pending' }
      for (const [method, payload] of [
        ['PATCH', { description: 'longer' }],
        ['PUT', period()],
        ['DELETE', undefined],
      ] as const) {
        const res = await call(method, `/api/leave-requests/${id}`, c.eve, payload)
        assert.equal(res.statusCode, 409, method)
        assert.deepEqual(res.json(), notPending)
      }
      // The status is never the client's to set.
      const res = await call('PATCH', `/api/leave-requests/${(await file(c.eve)).id}`, c.eve, { status: 'APPROVED' })
      assert.deepEqual(res.json(), { status: ['Only an approver can change the status.'] })
    })

    it('unknown and malformed ids are 404 on every transition', async () => {
      for (const id of ['999999', 'abc', '0', '99999999999']) {
        for (const action of ['approve', 'cancel', 'history']) {
          const res = action === 'history' ? await call('GET', `/api/leave-requests/${id}/history`, c.ada) : await act(Number(id) || 0, action, c.ada)
          assert.equal(res.statusCode, 404, `${action} ${id}`)
        }
      }
    })
  })

  describe('races', () => {
    it('two approvers at once: exactly one wins, one decision is recorded, one mail is sent', async () => {
      const { id } = await file(c.eve)
      await newMails()
      const results = await Promise.all([act(id, 'approve', c.max, { comment: 'max' }), act(id, 'approve', c.ada, { comment: 'ada' })])
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 409], results.map((r) => r.body).join(' / '))
      const winner = results.find((r) => r.statusCode === 200)!.json()
      const stored = await ctx.db.selectFrom('leave_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
      assert.equal(stored.decided_by, winner.decided_by.id)
      const audit = await ctx.db.selectFrom('audit_events').selectAll().where('entity_id', '=', id).where('action', '=', 'approved').execute()
      assert.equal(audit.length, 1)
      assert.equal(audit[0]!.actor_id, winner.decided_by.id)
      assert.equal((await newMails()).length, 1)
    })

    it('approve, reject and the owner’s cancel all at once: one decision wins, and the recorded steps chain up', async () => {
      const { id } = await file(c.eve)
      const results = await Promise.all([
        act(id, 'approve', c.max),
        act(id, 'reject', c.ada, { comment: 'no' }),
        act(id, 'approve', c.abe),
        act(id, 'cancel', c.eve),
      ])
      const summary = results.map((r) => `${r.statusCode} ${r.body}`).join('\n')
      assert.ok(results.every((r) => r.statusCode === 200 || r.statusCode === 409), summary)
      // The approvers compete for the one PENDING state: at most one of them wins (none when the
      // owner's cancel came first).
      assert.ok(results.slice(0, 3).filter((r) => r.statusCode === 200).length <= 1, summary)
      // Whatever the order, each success moved the request on from where the previous one left it.
      const steps = await ctx.db.selectFrom('audit_events').select('changes').where('entity_id', '=', id).where('entity', '=', 'leave_request').orderBy('id').execute()
      const statuses = steps.map((s) => (JSON.parse(s.changes) as { status: [string | null, string] }).status)
      assert.equal(statuses.length - 1, results.filter((r) => r.statusCode === 200).length, summary)
      for (let i = 1; i < statuses.length; i++) assert.equal(statuses[i]![0], statuses[i - 1]![1], summary)
      const final = (await call('GET', `/api/leave-requests/${id}`, c.eve)).json()
      assert.equal(final.status, statuses.at(-1)![1])
    })

    it('the same approver clicking five times at once: one approval', async () => {
      const { id } = await file(c.eve)
      const results = await Promise.all(Array.from({ length: 5 }, () => act(id, 'approve', c.max)))
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 409, 409, 409, 409])
    })
  })

  describe('the audit trail', () => {
    it('records every step with its actor and the fields before and after, oldest first', async () => {
      const created = await file(c.eve, { start: '2033-01-10T00:00:00Z', end: '2033-01-12T00:00:00Z', description: 'Ski' })
      const id = created.id
      await call('PATCH', `/api/leave-requests/${id}`, c.eve, { description: 'Ski trip', type: 'VACATION' })
      await call('PATCH', `/api/leave-requests/${id}`, c.eve, { description: 'Ski trip' }) // no change: no entry
      await ok(id, 'approve', c.max, { comment: 'ok' })
      await ok(id, 'cancel', c.eve)
      await ok(id, 'reject-cancellation', c.ada, { comment: 'needed' })
      await ok(id, 'cancel', c.eve)
      await ok(id, 'approve-cancellation', c.max)

      const res = await call('GET', `/api/leave-requests/${id}/history/`, c.eve)
      assert.equal(res.statusCode, 200)
      const history = res.json() as Array<{ id: number; at: string; actor: { id: number; email: string } | null; action: string; changes: Record<string, unknown[]> }>
      assert.deepEqual(
        history.map((e) => [e.action, e.actor?.email]),
        [
          ['created', 'eve@example.com'],
          ['updated', 'eve@example.com'],
          ['approved', 'max@example.com'],
          ['cancellation_requested', 'eve@example.com'],
          ['cancellation_rejected', 'ada@example.com'],
          ['cancellation_requested', 'eve@example.com'],
          ['cancellation_approved', 'max@example.com'],
        ],
      )
      assert.deepEqual(Object.keys(history[0]!), ['id', 'at', 'actor', 'action', 'changes', 'note'])
      assert.deepEqual(history[0]!.actor, { id: c.eve.id, email: 'eve@example.com' })
      assert.match(history[0]!.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
      assert.deepEqual(history[0]!.changes, {
        user_id: [null, c.eve.id],
        start: [null, '2033-01-10T00:00:00.000Z'],
        end: [null, '2033-01-12T00:00:00.000Z'],
        start_date: [null, '2033-01-10'],
        end_date: [null, '2033-01-11'],
        half_day_start: [null, false],
        half_day_end: [null, false],
        days: [null, 2],
        hours: [null, 16],
        description: [null, 'Ski'],
        type: [null, 'VACATION'],
        status: [null, 'PENDING'],
        decision_comment: [null, ''],
      })
      assert.deepEqual(history[1]!.changes, { description: ['Ski', 'Ski trip'] })
      const approved = history[2]!.changes
      assert.deepEqual(approved.status, ['PENDING', 'APPROVED'])
      assert.deepEqual(approved.decided_by, [null, c.max.id])
      assert.deepEqual(approved.decision_comment, ['', 'ok'])
      assert.equal(approved.decided_at![0], null)
      assert.deepEqual(history[3]!.changes, { status: ['APPROVED', 'CANCELLATION_REQUESTED'] })
      assert.deepEqual(history[6]!.changes.status, ['CANCELLATION_REQUESTED', 'CANCELLED'])
      assert.ok(history.every((e, i) => i === 0 || e.id > history[i - 1]!.id))

      // The approver and any admin read it too.
      assert.equal((await call('GET', `/api/leave-requests/${id}/history`, c.max)).statusCode, 200)
      assert.equal((await call('GET', `/api/leave-requests/${id}/history`, c.abe)).json().length, 7)
    })

    it('keeps the trail of a deleted request, for those who could see it', async () => {
      const { id } = await file(c.eve, { description: 'short-lived' })
      assert.equal((await call('DELETE', `/api/leave-requests/${id}`, c.eve)).statusCode, 204)
      const res = await call('GET', `/api/leave-requests/${id}/history`, c.eve)
      assert.equal(res.statusCode, 200)
      const history = res.json()
      assert.deepEqual(history.map((e: { action: string }) => e.action), ['created', 'deleted'])
      assert.deepEqual(history[1].changes.description, ['short-lived', null])
      assert.deepEqual(history[1].changes.status, ['PENDING', null])
      assert.equal((await call('GET', `/api/leave-requests/${id}/history`, c.max)).statusCode, 200)
      assert.equal((await call('GET', `/api/leave-requests/${id}/history`, c.pete)).statusCode, 404)
      assert.equal((await call('GET', `/api/leave-requests/${id}`, c.eve)).statusCode, 404)
    })

    it('a refused move writes no audit row and queues no mail', async () => {
      const { id } = await file(c.eve)
      await ok(id, 'reject', c.max, { comment: 'no' })
      await newMails()
      const before = await ctx.db.selectFrom('audit_events').select('id').where('entity_id', '=', id).execute()
      assert.equal((await act(id, 'approve', c.max)).statusCode, 409)
      assert.equal((await act(id, 'approve', c.eve)).statusCode, 403)
      assert.equal((await act(id, 'reject', c.max, {})).statusCode, 400)
      const afterRows = await ctx.db.selectFrom('audit_events').select('id').where('entity_id', '=', id).execute()
      assert.equal(afterRows.length, before.length)
      assert.equal((await newMails()).length, 0)
    })
  })
})

describe('what managers and admins list', () => {
  let ctx: TestContext
  let c: Cast
  const { call, file, ok } = harness(() => ctx)
  const ids = (res: { json(): unknown }) => (res.json() as Array<{ id: number }>).map((r) => r.id)
  let eve1: number, eve2: number, pete1: number, otto1: number, olga1: number, ada1: number, eveApproved: number, peteAsked: number

  before(async () => {
    ctx = await createTestContext()
    c = await createCast(ctx)
    eve1 = (await file(c.eve)).id
    otto1 = (await file(c.otto)).id
    pete1 = (await file(c.pete)).id
    olga1 = (await file(c.olga)).id
    ada1 = (await file(c.ada)).id
    eve2 = (await file(c.eve)).id
    eveApproved = (await file(c.eve)).id
    await ok(eveApproved, 'approve', c.max)
    peteAsked = (await file(c.pete)).id
    await ok(peteAsked, 'approve', c.max)
    await ok(peteAsked, 'cancel', c.pete)
    // Submission order (created_at) is what /api/approvals sorts by: make it explicit.
    const order = [eve1, otto1, pete1, olga1, ada1, eve2, eveApproved, peteAsked]
    for (const [i, id] of order.entries()) {
      await ctx.db.updateTable('leave_requests').set({ created_at: Date.UTC(2030, 0, 1) + i * 1000 }).where('id', '=', id).execute()
    }
  })
  after(() => ctx.close())

  it('/api/approvals: a manager’s reports’ pending requests and cancellation requests, oldest submission first', async () => {
    const res = await call('GET', '/api/approvals', c.max)
    assert.equal(res.statusCode, 200)
    assert.deepEqual(ids(res), [eve1, pete1, eve2, peteAsked])
    assert.equal(res.headers['x-total-count'], '4')
    assert.deepEqual(res.json()[0].allowed_actions, ['approve', 'reject'])
    assert.deepEqual(res.json()[3].allowed_actions, ['approve-cancellation', 'reject-cancellation'])

    const paged = await call('GET', '/api/approvals/?limit=2&offset=1', c.max)
    assert.deepEqual(ids(paged), [pete1, eve2])
    assert.equal(paged.headers.link, '</api/approvals/?limit=2&offset=3>; rel="next"')
    assert.deepEqual(ids(await call('GET', '/api/approvals', c.mia)), [otto1])
    assert.deepEqual(ids(await call('GET', '/api/approvals', c.eve)), [])
    assert.equal((await call('GET', '/api/approvals?limit=0', c.max)).statusCode, 400)
  })

  it('/api/approvals for an admin: requests of users without an active manager, never their own', async () => {
    assert.deepEqual(ids(await call('GET', '/api/approvals', c.ada)), [olga1])
    assert.deepEqual(ids(await call('GET', '/api/approvals', c.abe)), [olga1, ada1])
    // Mia leaves: Otto's request now waits for the admins.
    await ctx.db.updateTable('users').set({ is_active: 0 }).where('id', '=', c.mia.id).execute()
    assert.deepEqual(ids(await call('GET', '/api/approvals', c.ada)), [otto1, olga1])
    await ctx.db.updateTable('users').set({ is_active: 1 }).where('id', '=', c.mia.id).execute()
  })

  it('scope=team lists the direct reports’ requests; scope=all everyone’s, for admins', async () => {
    const team = await call('GET', '/api/leave-requests?scope=team', c.max)
    assert.equal(team.statusCode, 200)
    assert.deepEqual(new Set(ids(team)), new Set([eve1, pete1, eve2, eveApproved, peteAsked]))
    assert.equal(team.headers['x-total-count'], '5')
    assert.deepEqual(ids(await call('GET', '/api/leave-requests?scope=team&status=APPROVED', c.max)), [eveApproved])
    const page = await call('GET', '/api/leave-requests?scope=team&limit=2', c.max)
    assert.equal(page.json().length, 2)
    assert.match(String(page.headers.link), /scope=team&limit=2&offset=2/)

    const all = await call('GET', '/api/leave-requests?scope=all', c.ada)
    assert.equal(all.headers['x-total-count'], '8')
    assert.deepEqual(ids(await call('GET', '/api/leave-requests?scope=team', c.ada)), [])
    assert.deepEqual(ids(await call('GET', '/api/leave-requests?scope=own', c.eve)).sort(), [eve1, eve2, eveApproved].sort())
    assert.deepEqual(ids(await call('GET', '/api/leave-requests', c.eve)).sort(), [eve1, eve2, eveApproved].sort())
  })

  it('an employee asking for scope=team, or a non-admin for scope=all, gets 403; a bad scope 400', async () => {
    const forbidden = { detail: 'You do not have permission to perform this action.' }
    for (const [who, scope] of [
      [c.eve, 'team'],
      [c.eve, 'all'],
      [c.max, 'all'],
    ] as const) {
      const res = await call('GET', `/api/leave-requests?scope=${scope}`, who)
      assert.equal(res.statusCode, 403, `${who.email} ${scope}`)
      assert.deepEqual(res.json(), forbidden)
    }
    const bad = await call('GET', '/api/leave-requests?scope=everyone', c.ada)
    assert.equal(bad.statusCode, 400)
    assert.deepEqual(bad.json(), { scope: ['"everyone" is not a valid choice.'] })
  })

  it('overlap checks count pending, approved and cancellation-requested requests only', async () => {
    const at = async (id: number) => (await call('GET', `/api/leave-requests/${id}`, c.pete)).json()
    const asked = await at(peteAsked)
    const res = await call('POST', '/api/leave-requests', c.pete, { start: asked.start, end: asked.end })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json(), { error: [`This request overlaps leave request ${peteAsked}.`] })
    await ok(peteAsked, 'approve-cancellation', c.max)
    assert.equal((await call('POST', '/api/leave-requests', c.pete, { start: asked.start, end: asked.end })).statusCode, 201)
  })

  it('the own list stays at one page query and one count query, whatever the page size', async () => {
    const { db: recorded, executed } = recordingQueries(ctx.db)
    const app = await buildApp(ctx.config, { db: recorded, startMailDispatcher: false })
    try {
      for (const limit of [1, 20]) {
        executed.length = 0
        const res = await app.inject({ url: `/api/leave-requests?limit=${limit}`, headers: bearer(c.eve.token) })
        assert.equal(res.statusCode, 200)
        assert.equal(res.json().length, Math.min(limit, 3))
        assert.equal(res.json()[0].user.email, 'eve@example.com')
        assert.equal(executed.filter((q) => q.sql.includes('leave_requests')).length, 2, `limit=${limit}`)
      }
    } finally {
      await app.close()
    }
  })
})

describe('CANCEL_APPROVED_NEEDS_APPROVAL=false', () => {
  let ctx: TestContext
  let c: Cast
  const { call, ok } = harness(() => ctx)

  before(async () => {
    ctx = await createTestContext({ CANCEL_APPROVED_NEEDS_APPROVAL: 'false' })
    c = await createCast(ctx)
  })
  after(() => ctx.close())

  it('approved leave that has not started is cancelled at once; leave already under way still asks', async () => {
    const future = await call('POST', '/api/leave-requests', c.eve, period())
    await ok(future.json().id, 'approve', c.max)
    const cancelled = await ok(future.json().id, 'cancel', c.eve)
    assert.equal(cancelled.status, 'CANCELLED')
    assert.equal(cancelled.decided_by.id, c.max.id, 'the approval stays on record')

    const started = await call('POST', '/api/leave-requests', c.eve, period(true))
    await ok(started.json().id, 'approve', c.max)
    assert.equal((await ok(started.json().id, 'cancel', c.eve)).status, 'CANCELLATION_REQUESTED')
  })
})

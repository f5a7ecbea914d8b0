// /admin/adjustments?user=&type=&year=: a person's balance of one leave type, the ledger that makes
// it, and adjustments added to it (audited; never edited: a correction is another adjustment).
import { useState, type FormEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import { api } from '../../api/client'
import { unwrap } from '../../api/errors'
import { useMutation } from '../../api/mutation'
import { invalidate, useQuery } from '../../api/query'
import { formatDate, formatDateRange, formatNumber } from '../../i18n/format'
import { useLocale, useT } from '../../preferences'
import { SelectField, TextArea, TextField } from '../../ui/fields'
import { Page, Section } from '../../ui/page'
import { EmptyState, Loaded, Notice } from '../../ui/states'
import { usePeople, useLeaveTypes } from './data'
import { FormProblem } from './form-bits'
import type { Balance, LeaveType, User } from './types'
import { DataTable } from '../../ui/data-table'
import { personName } from '../../people'

export function AdjustmentsPage() {
  const t = useT()
  const a = t.admin.adjustments
  const [params, setParams] = useSearchParams()
  const people = usePeople()
  const types = useLeaveTypes()
  const userId = Number(params.get('user')) || 0
  const type = params.get('type') ?? ''
  const counting = (types.data ?? []).filter((lt) => lt.counts_against_balance)
  const person = people.data?.find((u) => u.id === userId)

  const choose = (next: { user: string; type: string }) => {
    const search = new URLSearchParams()
    if (next.user) search.set('user', next.user)
    if (next.type) search.set('type', next.type)
    setParams(search)
  }

  return (
    <Page title={a.title}>
      <Loaded query={people}>
        {(everyone) => (
          <Loaded query={types}>
            {() =>
              counting.length === 0 ? (
                <EmptyState title={a.noCountingTypes}>
                  <Link to="/admin/leave-types">{t.admin.nav.leaveTypes}</Link>
                </EmptyState>
              ) : (
                <>
                  <Chooser key={`${userId}|${type}`} people={everyone} types={counting} user={userId ? String(userId) : ''} type={type || (counting[0]?.code ?? '')} onChoose={choose} />
                  {person && counting.some((lt) => lt.code === type) ? (
                    <PersonBalance key={`${person.id}|${type}`} person={person} type={counting.find((lt) => lt.code === type)!} />
                  ) : (
                    <p className="muted">{a.pickFirst}</p>
                  )}
                </>
              )
            }
          </Loaded>
        )}
      </Loaded>
    </Page>
  )
}

function Chooser({ people, types, user, type, onChoose }: { people: User[]; types: LeaveType[]; user: string; type: string; onChoose: (next: { user: string; type: string }) => void }) {
  const t = useT()
  const a = t.admin.adjustments
  const [draft, setDraft] = useState({ user, type })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    onChoose(draft)
  }
  return (
    <form className="admin-filters" onSubmit={submit} aria-label={a.choose}>
      <SelectField label={a.person} name="user" value={draft.user} onChange={(e) => setDraft({ ...draft, user: e.target.value })}>
        <option value="">{a.choosePerson}</option>
        {people.map((u) => (
          <option key={u.id} value={u.id}>
            {personName(u)} ({u.email})
          </option>
        ))}
      </SelectField>
      <SelectField label={a.type} name="type" value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value })}>
        {types.map((lt) => (
          <option key={lt.code} value={lt.code}>
            {lt.name}
          </option>
        ))}
      </SelectField>
      <div className="admin-filters-submit">
        <button type="submit" className="button">
          {a.show}
        </button>
      </div>
    </form>
  )
}

function PersonBalance({ person, type }: { person: User; type: LeaveType }) {
  const t = useT()
  const locale = useLocale()
  const a = t.admin.adjustments
  const balances = useQuery(`/api/balances?user_id=${person.id}#admin`, async () => unwrap(await api.GET('/api/balances', { params: { query: { user_id: person.id } } })))
  const ledger = useQuery(`/api/balances/ledger?type=${type.code}&user_id=${person.id}#admin`, async () =>
    unwrap(await api.GET('/api/balances/ledger', { params: { query: { type: type.code, user_id: person.id } } })),
  )
  const [added, setAdded] = useState(false)
  const n = (value: number) => formatNumber(value, locale)
  return (
    <>
      <Section title={a.balanceTitle}>
        <Loaded query={balances}>
          {(list) => {
            const balance = list.find((b) => b.type === type.code)
            return balance ? <BalanceFacts balance={balance} /> : <p className="muted">{a.ledgerEmpty}</p>
          }}
        </Loaded>
      </Section>
      <Section title={a.ledgerTitle}>
        <Loaded query={ledger}>
          {(entries) =>
            entries.length === 0 ? (
              <EmptyState title={a.ledgerEmpty} />
            ) : (
              <DataTable caption={a.ledgerCaption(personName(person), type.name)} label={a.ledgerCaption(personName(person), type.name)} columns={[a.date, a.kind, { label: a.amount, numeric: true }, a.request, a.comment]}>
                {entries.map((entry, index) => (
                  <tr key={index}>
                    <td>{formatDate(entry.date, locale)}</td>
                    <th scope="row">{a.kinds[entry.kind] ?? entry.kind}</th>
                    <td className="num">{entry.amount > 0 ? `+${n(entry.amount)}` : n(entry.amount)}</td>
                    <td>{entry.request_id !== null ? <Link to={`/leave-requests/${entry.request_id}`}>#{entry.request_id}</Link> : ''}</td>
                    <td>{entry.comment}</td>
                  </tr>
                ))}
              </DataTable>
            )
          }
        </Loaded>
      </Section>
      <Section title={a.add}>
        <p className="muted">{a.addHint}</p>
        <Notice>{added ? a.added : ''}</Notice>
        <AdjustmentForm person={person} type={type} onAdded={() => setAdded(true)} onStart={() => setAdded(false)} />
      </Section>
    </>
  )
}

function BalanceFacts({ balance }: { balance: Balance }) {
  const t = useT()
  const locale = useLocale()
  const a = t.admin.adjustments
  const n = (value: number) => formatNumber(value, locale)
  return (
    <>
      <p className="muted">{a.yearRange(formatDateRange(balance.year.start, balance.year.end, locale))}</p>
      <dl className="facts">
        <dt>{a.accrued}</dt>
        <dd>{n(balance.accrued)}</dd>
        <dt>{a.carriedOver}</dt>
        <dd>
          {n(balance.carried_over)}
          {balance.carried_over_expires ? ` (${formatDate(balance.carried_over_expires, locale)})` : ''}
        </dd>
        <dt>{a.expired}</dt>
        <dd>{n(balance.expired)}</dd>
        <dt>{a.adjustmentsTotal}</dt>
        <dd>{n(balance.adjustments)}</dd>
        <dt>{a.used}</dt>
        <dd>{n(balance.used)}</dd>
        <dt>{a.pending}</dt>
        <dd>{n(balance.pending)}</dd>
        <dt>{a.balance}</dt>
        <dd>{n(balance.balance)}</dd>
        <dt>{a.available}</dt>
        <dd>
          <strong>{n(balance.available)}</strong>
        </dd>
      </dl>
    </>
  )
}

function AdjustmentForm({ person, type, onAdded, onStart }: { person: User; type: LeaveType; onAdded: () => void; onStart: () => void }) {
  const t = useT()
  const a = t.admin.adjustments
  const [form, setForm] = useState({ amount: '', comment: '', date: '' })
  const add = useMutation(async () => {
    const body = { user_id: person.id, type: type.code, amount: Number(form.amount), comment: form.comment.trim(), ...(form.date ? { date: form.date } : {}) }
    const result = unwrap(await api.POST('/api/balances/adjustments', { body }))
    invalidate('/api/balances')
    setForm({ amount: '', comment: '', date: '' })
    onAdded()
    return result
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    onStart()
    void add.run()
  }
  const errors = add.fieldErrors
  return (
    <form onSubmit={submit} noValidate>
      <div className="form-grid">
        <TextField label={a.amountField} hint={a.amountHint} type="number" inputMode="decimal" step={0.5} name="amount" required value={form.amount} errors={errors.amount} onChange={(e) => setForm({ ...form, amount: e.target.value })} />
        <TextField label={a.dateField} hint={a.dateHint} type="date" name="date" value={form.date} errors={errors.date} onChange={(e) => setForm({ ...form, date: e.target.value })} />
      </div>
      <TextArea label={a.reason} name="comment" required value={form.comment} errors={errors.comment} onChange={(e) => setForm({ ...form, comment: e.target.value })} />
      <FormProblem error={add.error} />
      <button type="submit" className="button button-primary" disabled={add.pending}>
        {a.submit}
      </button>
    </form>
  )
}

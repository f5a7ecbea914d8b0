// /admin/exports: absences.csv and balances.csv, fetched with the session's token and saved
// through a Blob URL (a plain link could not send the bearer token).
import { useState, type FormEvent, type ReactNode } from 'react'
import { fetchBlob } from '../../api/client'
import { apiError } from '../../api/errors'
import { useMutation } from '../../api/mutation'
import { useT } from '../../preferences'
import { CheckboxField, SelectField, TextField } from '../../ui/fields'
import { Page, Section } from '../../ui/page'
import { Notice } from '../../ui/states'
import { FormProblem } from './form-bits'
import { LEAVE_STATUSES as STATUSES } from '../../people'

const DEFAULT_STATUSES = ['PENDING', 'APPROVED', 'CANCELLATION_REQUESTED']

/** Fetches a CSV and hands it to the browser as a download named as the server names it. */
async function download(path: string, fallbackName: string): Promise<string> {
  const response = await fetchBlob(path)
  if (!response.ok) {
    let body: unknown
    try {
      body = await response.json()
    } catch {
      body = undefined
    }
    throw apiError(response.status, body)
  }
  const disposition = response.headers.get('Content-Disposition') ?? ''
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? fallbackName
  const url = URL.createObjectURL(await response.blob())
  try {
    const link = document.createElement('a')
    link.href = url
    link.download = decodeURIComponent(name)
    document.body.append(link)
    link.click()
    link.remove()
  } finally {
    // After the click has started the download; revoking at once can cancel it in some browsers.
    setTimeout(() => URL.revokeObjectURL(url), 1000)
  }
  return decodeURIComponent(name)
}

function query(values: Record<string, string>): string {
  const search = new URLSearchParams(Object.entries(values).filter(([, value]) => value !== ''))
  const text = search.toString()
  return text ? `?${text}` : ''
}

export function ExportsPage() {
  const t = useT()
  const e = t.admin.exports
  return (
    <Page title={e.title}>
      <p>{e.intro}</p>
      <AbsencesExport />
      <BalancesExport />
    </Page>
  )
}

function ExportForm({ title, hint, file, build, children }: { title: string; hint: string; file: string; build: () => string; children: (errors: Record<string, string[]>) => ReactNode }) {
  const t = useT()
  const e = t.admin.exports
  const [done, setDone] = useState('')
  const run = useMutation(async () => {
    const name = await download(build(), file)
    setDone(e.downloaded(name))
    return name
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setDone('')
    void run.run()
  }
  return (
    <Section title={title}>
      <p className="muted">{hint}</p>
      <form onSubmit={submit} noValidate>
        {children(run.fieldErrors)}
        <FormProblem error={run.error} />
        {run.pending ? <Notice tone="info">{e.downloading}</Notice> : <Notice>{done}</Notice>}
        <button type="submit" className="button button-primary" disabled={run.pending}>
          {e.download(file)}
        </button>
      </form>
    </Section>
  )
}

function AbsencesExport() {
  const t = useT()
  const e = t.admin.exports
  const [form, setForm] = useState({ from: '', to: '', scope: 'all', statuses: DEFAULT_STATUSES })
  const build = () => `/api/reports/absences.csv${query({ from: form.from, to: form.to, scope: form.scope, status: form.statuses.join(',') })}`
  const toggle = (status: string, on: boolean) => setForm({ ...form, statuses: on ? [...form.statuses, status] : form.statuses.filter((s) => s !== status) })
  return (
    <ExportForm title={e.absences} hint={e.absencesHint} file="absences.csv" build={build}>
      {(errors) => (
        <>
        <div className="form-grid">
          <TextField label={e.from} type="date" name="from" errors={errors.from} value={form.from} onChange={(ev) => setForm({ ...form, from: ev.target.value })} />
          <TextField label={e.to} type="date" name="to" errors={errors.to} value={form.to} onChange={(ev) => setForm({ ...form, to: ev.target.value })} />
          <SelectField label={e.scope} name="scope" errors={errors.scope} value={form.scope} onChange={(ev) => setForm({ ...form, scope: ev.target.value })}>
            <option value="all">{e.scopes.all}</option>
            <option value="team">{e.scopes.team}</option>
          </SelectField>
        </div>
        <fieldset>
          <legend>{e.statuses}</legend>
          {errors.status ? <p className="field-error">{errors.status.join(' ')}</p> : null}
          <div className="admin-checks">
            {STATUSES.map((status) => (
              <CheckboxField key={status} label={t.common.status[status] ?? status} name="status" value={status} checked={form.statuses.includes(status)} onChange={(ev) => toggle(status, ev.target.checked)} />
            ))}
          </div>
        </fieldset>
        </>
      )}
    </ExportForm>
  )
}

function BalancesExport() {
  const t = useT()
  const e = t.admin.exports
  const [form, setForm] = useState({ as_of: '', scope: 'all' })
  const build = () => `/api/reports/balances.csv${query(form)}`
  return (
    <ExportForm title={e.balances} hint={e.balancesHint} file="balances.csv" build={build}>
      {(errors) => (
        <div className="form-grid">
          <TextField label={e.asOf} hint={e.asOfHint} type="date" name="as_of" errors={errors.as_of} value={form.as_of} onChange={(ev) => setForm({ ...form, as_of: ev.target.value })} />
          <SelectField label={e.scope} name="scope" errors={errors.scope} value={form.scope} onChange={(ev) => setForm({ ...form, scope: ev.target.value })}>
            <option value="all">{e.scopes.all}</option>
            <option value="team">{e.scopes.team}</option>
          </SelectField>
        </div>
      )}
    </ExportForm>
  )
}

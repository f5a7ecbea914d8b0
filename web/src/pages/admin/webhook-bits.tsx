// Webhook pieces shared by the list and the detail page: the endpoint form (URL, description,
// events) and the signing secret, shown once with a copy button.
import { useState, type FormEvent } from 'react'
import type { Mutation } from '../../api/mutation'
import { useT } from '../../preferences'
import { CheckboxField, TextField } from '../../ui/fields'
import { Notice } from '../../ui/states'
import { FormProblem } from './form-bits'
import { WEBHOOK_EVENTS } from './types'

export interface WebhookDraft {
  url: string
  description: string
  events: string[]
}

export function WebhookForm({ initial, submitLabel, mutation, onSubmit }: { initial: WebhookDraft; submitLabel: string; mutation: Mutation<[WebhookDraft], unknown>; onSubmit?: () => void }) {
  const t = useT()
  const w = t.admin.webhooks
  const [form, setForm] = useState(initial)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    onSubmit?.()
    void mutation.run({ ...form, url: form.url.trim(), description: form.description.trim() }).then((done) => {
      if (done !== undefined && initial.url === '') setForm(initial)
    })
  }
  const toggle = (name: string, on: boolean) => setForm({ ...form, events: on ? [...form.events, name] : form.events.filter((e) => e !== name) })
  const errors = mutation.fieldErrors
  return (
    <form onSubmit={submit} noValidate className="admin-wide-form">
      <TextField label={w.url} hint={w.urlHint} type="url" name="url" required placeholder="https://" value={form.url} errors={errors.url} onChange={(e) => setForm({ ...form, url: e.target.value })} />
      <TextField label={w.description} name="description" value={form.description} errors={errors.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
      <fieldset className={errors.events?.length ? 'field-invalid' : undefined}>
        <legend>{w.events}</legend>
        <div className="admin-checks">
          {WEBHOOK_EVENTS.map((name) => (
            <CheckboxField key={name} label={name} name="events" value={name} checked={form.events.includes(name)} onChange={(e) => toggle(name, e.target.checked)} />
          ))}
        </div>
        {errors.events?.length ? <p className="field-error">{errors.events.join(' ')}</p> : null}
      </fieldset>
      <FormProblem error={mutation.error} />
      <button type="submit" className="button button-primary" disabled={mutation.pending}>
        {submitLabel}
      </button>
    </form>
  )
}

/** The secret the server shows once: a warning, the text, and a copy button. */
export function SecretPanel({ secret }: { secret: string }) {
  const t = useT()
  const w = t.admin.webhooks
  const [copied, setCopied] = useState<'' | 'ok' | 'failed'>('')
  const copy = () => {
    navigator.clipboard.writeText(secret).then(
      () => setCopied('ok'),
      () => setCopied('failed'),
    )
  }
  return (
    <section className="alert alert-warn" aria-labelledby="webhook-secret-title">
      <h2 id="webhook-secret-title">{w.secretTitle}</h2>
      <p>
        <strong>{w.secretWarning}</strong>
      </p>
      <div className="admin-secret">
        <span className="visually-hidden">{w.secretLabel}: </span>
        <code data-testid="webhook-secret">{secret}</code>
        <button type="button" className="button" onClick={copy}>
          {w.copy}
        </button>
      </div>
      {copied === 'ok' ? <Notice>{w.copied}</Notice> : null}
      {copied === 'failed' ? <Notice tone="error">{w.copyFailed}</Notice> : null}
    </section>
  )
}

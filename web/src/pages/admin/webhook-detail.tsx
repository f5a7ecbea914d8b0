// /admin/webhooks/:id: one endpoint: enable or disable it, a new secret, delete it (asked first),
// change it, and its last delivery attempts.
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { api } from '../../api/client'
import { unwrap } from '../../api/errors'
import { useMutation } from '../../api/mutation'
import { invalidate, useQuery } from '../../api/query'
import { formatInstant } from '../../i18n/format'
import { useLocale, useT } from '../../preferences'
import { Page, Section } from '../../ui/page'
import { EmptyState, Loaded, Notice } from '../../ui/states'
import { ConfirmButton } from '../../ui/confirm-button'
import { FormProblem } from './form-bits'
import { SecretPanel, WebhookForm, type WebhookDraft } from './webhook-bits'
import { useWebhooks, WebhookStatus } from './webhooks'
import type { Delivery, Webhook } from './types'
import { DataTable } from '../../ui/data-table'

export function WebhookDetailPage() {
  const t = useT()
  const w = t.admin.webhooks
  const { id = '' } = useParams()
  const webhooks = useWebhooks()
  const webhook = webhooks.data?.find((candidate) => String(candidate.id) === id)
  return (
    <Page title={webhook ? w.detailTitle(webhook.url) : w.title}>
      <p>
        <Link to="/admin/webhooks">{w.backToList}</Link>
      </p>
      <Loaded query={webhooks}>
        {() =>
          webhook ? (
            <WebhookDetail key={webhook.id} webhook={webhook} />
          ) : (
            <EmptyState title={w.notFound}>
              <Link to="/admin/webhooks">{w.backToList}</Link>
            </EmptyState>
          )
        }
      </Loaded>
    </Page>
  )
}

function WebhookDetail({ webhook }: { webhook: Webhook }) {
  const t = useT()
  const w = t.admin.webhooks
  const navigate = useNavigate()
  const path = { params: { path: { id: String(webhook.id) } } }
  const [notice, setNotice] = useState('')
  const [secret, setSecret] = useState('')
  const toggle = useMutation(async () => {
    const result = unwrap(await api.PATCH('/api/webhooks/{id}', { ...path, body: { active: !webhook.active } }))
    invalidate('/api/webhooks')
    setNotice(result.active ? w.enabledNotice : w.disabledNotice)
    return result
  })
  const rotate = useMutation(async () => {
    const result = unwrap(await api.POST('/api/webhooks/{id}/rotate-secret', path))
    invalidate('/api/webhooks')
    setSecret(result.secret)
    return true
  })
  const remove = useMutation(async () => {
    unwrap(await api.DELETE('/api/webhooks/{id}', path))
    // The list only: this page's deliveries would be asked again, of a webhook that is gone.
    invalidate('/api/webhooks#')
    navigate('/admin/webhooks', { state: { deleted: true } })
    return true
  })
  const edit = useMutation(async (draft: WebhookDraft) => {
    const result = unwrap(await api.PATCH('/api/webhooks/{id}', { ...path, body: draft }))
    invalidate('/api/webhooks')
    setNotice(t.admin.form.saved)
    return result
  })

  return (
    <>
      <dl className="facts">
        <dt>{w.url}</dt>
        <dd className="admin-url">{webhook.url}</dd>
        <dt>{w.description}</dt>
        <dd>{webhook.description || t.common.none}</dd>
        <dt>{w.status}</dt>
        <dd>
          <WebhookStatus webhook={webhook} />
        </dd>
        <dt>{w.events}</dt>
        <dd>{webhook.events.join(', ')}</dd>
      </dl>
      <Notice>{notice}</Notice>
      {secret ? <SecretPanel secret={secret} /> : null}
      <FormProblem error={toggle.error} />
      <div className="button-row">
        <button
          type="button"
          className="button"
          disabled={toggle.pending}
          onClick={() => {
            setNotice('')
            void toggle.run()
          }}
        >
          {webhook.active ? w.disable : w.enable}
        </button>
        <ConfirmButton
          danger={false}
          label={w.rotate}
          title={w.rotateTitle}
          body={w.rotateBody}
          confirmLabel={w.rotate}
          pending={rotate.pending}
          error={rotate.error}
          onOpen={rotate.reset}
          onConfirm={async () => (await rotate.run()) === true}
        />
        <ConfirmButton label={w.delete} title={w.deleteTitle} body={w.deleteBody} confirmLabel={w.delete} pending={remove.pending} error={remove.error} onOpen={remove.reset} onConfirm={async () => (await remove.run()) === true} />
      </div>
      <Section title={w.editTitle}>
        <WebhookForm initial={{ url: webhook.url, description: webhook.description, events: webhook.events }} submitLabel={t.common.save} mutation={edit} onSubmit={() => setNotice('')} />
      </Section>
      <Deliveries webhookId={webhook.id} />
    </>
  )
}

function Deliveries({ webhookId }: { webhookId: number }) {
  const t = useT()
  const locale = useLocale()
  const w = t.admin.webhooks
  const deliveries = useQuery(`/api/webhooks/${webhookId}/deliveries#admin`, async () =>
    unwrap(await api.GET('/api/webhooks/{id}/deliveries', { params: { path: { id: String(webhookId) } } })),
  )
  const result = (d: Delivery) => {
    if (d.status_code !== null && d.status_code >= 200 && d.status_code < 300) return <span className="admin-badge admin-badge-on">{w.delivered(d.status_code)}</span>
    if (d.status_code !== null) return <span className="admin-badge admin-badge-warn">{w.failedCode(d.status_code)}</span>
    return <span className="admin-badge admin-badge-warn">{w.failedError(d.error ?? '')}</span>
  }
  return (
    <Section title={w.deliveries}>
      <Loaded query={deliveries}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState title={w.noDeliveries} />
          ) : (
            <DataTable caption={w.deliveriesCaption} label={w.deliveriesCaption} columns={[w.at, w.eventType, w.result, { label: w.duration, numeric: true }, w.eventId]}>
              {list.map((d) => (
                <tr key={d.id}>
                  <th scope="row">{formatInstant(d.at, locale)}</th>
                  <td>{d.event_type}</td>
                  <td>{result(d)}</td>
                  <td className="num">{w.ms(d.duration_ms)}</td>
                  <td>
                    <code>{d.event_id}</code>
                  </td>
                </tr>
              ))}
            </DataTable>
          )
        }
      </Loaded>
    </Section>
  )
}

// /admin/webhooks: the endpoints, and a new one (its signing secret shown once after creation).
import { useState } from 'react'
import { Link, useLocation } from 'react-router'
import { api } from '../../api/client'
import { unwrap } from '../../api/errors'
import { useMutation } from '../../api/mutation'
import { invalidate, useQuery } from '../../api/query'
import { formatInstant } from '../../i18n/format'
import { useLocale, useT } from '../../preferences'
import { Page, Section } from '../../ui/page'
import { EmptyState, Loaded, Notice } from '../../ui/states'
import { SecretPanel, WebhookForm, type WebhookDraft } from './webhook-bits'
import type { Webhook } from './types'
import { DataTable } from '../../ui/data-table'

export function useWebhooks() {
  return useQuery('/api/webhooks#admin', async () => unwrap(await api.GET('/api/webhooks')))
}

export function WebhookStatus({ webhook }: { webhook: Webhook }) {
  const t = useT()
  const locale = useLocale()
  const w = t.admin.webhooks
  return (
    <>
      <span className={webhook.active ? 'admin-badge admin-badge-on' : 'admin-badge admin-badge-off'}>{webhook.active ? w.enabled : w.disabled}</span>
      {!webhook.active && webhook.disabled_at ? <span className="muted"> {w.disabledAt(formatInstant(webhook.disabled_at, locale))}</span> : null}
    </>
  )
}

export function WebhooksPage() {
  const t = useT()
  const w = t.admin.webhooks
  const webhooks = useWebhooks()
  const deleted = (useLocation().state as { deleted?: boolean } | null)?.deleted === true
  const [created, setCreated] = useState<{ id: number; secret: string } | null>(null)
  const create = useMutation(async (draft: WebhookDraft) => {
    const result = unwrap(await api.POST('/api/webhooks', { body: draft }))
    invalidate('/api/webhooks')
    setCreated({ id: result.id, secret: result.secret })
    return result
  })
  return (
    <Page title={w.title}>
      <p>{w.intro}</p>
      {deleted && !created ? <Notice>{w.deleted}</Notice> : null}
      {created ? (
        <>
          <SecretPanel secret={created.secret} />
          <p>
            <Link to={`/admin/webhooks/${created.id}`}>{w.open}</Link>
          </p>
        </>
      ) : null}
      <Loaded query={webhooks}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState title={w.empty} />
          ) : (
            <DataTable caption={w.caption} label={w.caption} columns={[w.url, w.description, w.events, w.status]}>
              {list.map((webhook) => (
                <tr key={webhook.id}>
                  <th scope="row" className="admin-url">
                    <Link to={`/admin/webhooks/${webhook.id}`}>{webhook.url}</Link>
                  </th>
                  <td>{webhook.description}</td>
                  <td>{w.eventCount(webhook.events.length)}</td>
                  <td>
                    <WebhookStatus webhook={webhook} />
                  </td>
                </tr>
              ))}
            </DataTable>
          )
        }
      </Loaded>
      <Section title={w.add}>
        <WebhookForm initial={{ url: '', description: '', events: [] }} submitLabel={w.submit} mutation={create} onSubmit={() => setCreated(null)} />
      </Section>
    </Page>
  )
}

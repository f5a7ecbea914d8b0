import { Type } from 'typebox'
import { Nullable } from '../http/schemas.js'
import { WEBHOOK_EVENTS, type WebhookEvent } from './webhooks.service.js'

const Event = Type.String({ description: `One of ${WEBHOOK_EVENTS.join(', ')}.` })
const Url = Type.String({ minLength: 1, maxLength: 2048, description: 'https:// (http:// only with WEBHOOKS_ALLOW_HTTP=true); never an internal address.' })
const Events = Type.Array(Event, { minItems: 1, maxItems: 20 })
const Description = Type.String({ maxLength: 500 })

export const WebhookBody = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  // As an enum in the answer, so that the web app's typed client knows every event name (a new one
  // fails its type check until the admin page offers it). Requests keep their own check and message.
  events: Type.Array(Type.Unsafe<WebhookEvent>({ type: 'string', enum: [...WEBHOOK_EVENTS] })),
  description: Type.String(),
  active: Type.Boolean({ description: 'false: disabled (by an admin, or after 24 hours of failed deliveries).' }),
  disabled_at: Nullable(Type.String()),
  created_at: Type.String(),
  updated_at: Type.String(),
})
export const WebhookWithSecret = Type.Object({ ...WebhookBody.properties, secret: Type.String({ description: 'whsec_…: shown once; verify deliveries with it.' }) })
export const WebhookList = Type.Array(WebhookBody)
export const WebhookCreate = Type.Object({ url: Url, events: Events, description: Type.Optional(Description) })
export const WebhookPatch = Type.Partial(Type.Object({ url: Url, events: Events, description: Description, active: Type.Boolean() }))
export const AttemptList = Type.Array(
  Type.Object({
    id: Type.Integer(),
    delivery_id: Type.Integer(),
    event_id: Type.String({ description: 'The webhook-id header: the same on every retry of a delivery.' }),
    event_type: Type.String(),
    at: Type.String(),
    status_code: Nullable(Type.Integer()),
    error: Nullable(Type.String()),
    duration_ms: Type.Integer(),
  }),
  { description: 'The last 100 attempts, newest first.' },
)

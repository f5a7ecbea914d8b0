// The shapes the admin pages read and send, named from the generated schema so that a renamed
// server field fails the type check here.
import type { paths } from '../../api/schema'

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never

export type User = Json<paths['/api/users/{id}']['get']['responses'][200]>
export type UserPatch = NonNullable<paths['/api/users/{id}']['patch']['requestBody']>['content']['application/json']
export type UserCreate = NonNullable<paths['/api/users']['post']['requestBody']>['content']['application/json']
export type Role = User['role']
export type WorkWeek = NonNullable<User['work_week']>
export type LeaveType = Json<paths['/api/leave-types/{code}']['get']['responses'][200]>
export type LeaveTypeCreate = NonNullable<paths['/api/leave-types']['post']['requestBody']>['content']['application/json']
export type Settings = Json<paths['/api/settings']['get']['responses'][200]>
export type Holiday = Json<paths['/api/holidays']['get']['responses'][200]>[number]
export type Region = Json<paths['/api/regions']['get']['responses'][200]>[number]
export type Balance = Json<paths['/api/balances']['get']['responses'][200]>[number]
export type LedgerEntry = Json<paths['/api/balances/ledger']['get']['responses'][200]>[number]
export type Group = Json<paths['/api/groups']['get']['responses'][200]>[number]
export type CoverageRule = Json<paths['/api/coverage-rules']['get']['responses'][200]>[number]
export type Webhook = Json<paths['/api/webhooks']['get']['responses'][200]>[number]
export type Delivery = Json<paths['/api/webhooks/{id}/deliveries']['get']['responses'][200]>[number]

export const ROLES: readonly Role[] = ['employee', 'manager', 'admin']
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
type WebhookEvent = Webhook['events'][number]

/** In the order the admin page offers them; the server's answer schema names the same set. */
export const WEBHOOK_EVENTS = [
  'leave.created',
  'leave.updated',
  'leave.deleted',
  'leave.approved',
  'leave.rejected',
  'leave.cancellation_requested',
  'leave.cancelled',
  'user.created',
  'user.updated',
  'user.deactivated',
] as const satisfies readonly WebhookEvent[]

// An event the server adds and this list lacks fails the type check here.
const everyEventOffered: Exclude<WebhookEvent, (typeof WEBHOOK_EVENTS)[number]> extends never ? true : never = true
void everyEventOffered

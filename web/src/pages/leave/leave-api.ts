// What the leave pages read and send, typed from the server's OpenAPI document, with the cache keys
// each answer is stored under (every parameter is part of its key).
import { api } from '../../api/client'
import { unwrap } from '../../api/errors'
import type { paths } from '../../api/schema'
import { startOfDayIn } from '../../i18n/format'

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never

export type LeaveRequest = Json<paths['/api/leave-requests/{id}']['get']['responses'][200]>
export type LeaveAction = LeaveRequest['allowed_actions'][number]
export type LeaveStatus = LeaveRequest['status']
export type LeaveRequestBody = NonNullable<paths['/api/leave-requests']['post']['requestBody']>['content']['application/json']
export type Preview = Json<paths['/api/leave-requests/preview']['post']['responses'][200]>
export type Balance = Json<paths['/api/balances']['get']['responses'][200]>[number]
export type LeaveType = Json<paths['/api/leave-types']['get']['responses'][200]>[number]
export type HistoryEntry = Json<paths['/api/leave-requests/{id}/history']['get']['responses'][200]>[number]

export { LEAVE_STATUSES as STATUSES } from '../../people'

/** Every invalidation after a change to a request: the lists, balances, calendar and inbox show it. */
export const AFFECTED_BY_LEAVE_CHANGE = ['/api/leave-requests', '/api/balances', '/api/calendar', '/api/approvals'] as const

export const leaveTypesKey = '/api/leave-types'
export async function loadLeaveTypes(): Promise<LeaveType[]> {
  return unwrap(await api.GET('/api/leave-types'))
}

export const balancesKey = '/api/balances'
export async function loadBalances(): Promise<Balance[]> {
  return unwrap(await api.GET('/api/balances'))
}

export interface RequestFilters {
  status?: LeaveStatus | undefined
  /** A calendar year: requests that touch it. */
  year?: number | undefined
  page: number
}

export const PAGE_SIZE = 20

export interface RequestPage {
  items: LeaveRequest[]
  total: number
}

export function requestListKey(f: RequestFilters, timeZone: string): string {
  return `/api/leave-requests?status=${f.status ?? ''}&year=${f.year ?? ''}&page=${f.page}&zone=${timeZone}`
}

/** `timeZone`: the person's; a year is theirs, from their first midnight of it to the next year's. */
export async function loadRequestPage(f: RequestFilters, timeZone: string): Promise<RequestPage> {
  const result = await api.GET('/api/leave-requests', {
    params: {
      query: {
        ...(f.status ? { status: f.status } : {}),
        // The list filters by instants: the year's bounds are the person's midnights, not UTC's.
        ...(f.year ? { from: startOfDayIn(`${f.year}-01-01`, timeZone), to: startOfDayIn(`${f.year + 1}-01-01`, timeZone) } : {}),
        limit: PAGE_SIZE,
        offset: (f.page - 1) * PAGE_SIZE,
      },
    },
  })
  const items = unwrap(result)
  const header = result.response.headers.get('X-Total-Count')
  return { items, total: header === null ? items.length : Number(header) }
}

export function requestKey(id: string): string {
  return `/api/leave-requests/${id}`
}
export async function loadRequest(id: string): Promise<LeaveRequest> {
  return unwrap(await api.GET('/api/leave-requests/{id}', { params: { path: { id } } }))
}

export function historyKey(id: string): string {
  return `/api/leave-requests/${id}/history`
}
export async function loadHistory(id: string): Promise<HistoryEntry[]> {
  return unwrap(await api.GET('/api/leave-requests/{id}/history', { params: { path: { id } } }))
}

export async function previewRequest(body: LeaveRequestBody, signal: AbortSignal): Promise<Preview> {
  return unwrap(await api.POST('/api/leave-requests/preview', { body, signal }))
}


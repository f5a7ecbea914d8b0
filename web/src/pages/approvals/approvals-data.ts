// The approvals' server data: the inbox, a person's balance at a date, and the team's requests.
import { api } from '../../api/client'
import { unwrap } from '../../api/errors'
import { useQuery } from '../../api/query'

/** The inbox holds at most this many; more wait behind them (oldest first). */
export const INBOX_LIMIT = 100

async function loadApprovals() {
  const result = await api.GET('/api/approvals', { params: { query: { limit: INBOX_LIMIT } } })
  const items = unwrap(result)
  return { items, total: Number(result.response.headers.get('X-Total-Count') ?? items.length) }
}

export type ApprovalItem = Awaited<ReturnType<typeof loadApprovals>>['items'][number]
export type Decision = 'approve' | 'reject' | 'approve-cancellation' | 'reject-cancellation'
export const DECISIONS: readonly Decision[] = ['approve', 'reject', 'approve-cancellation', 'reject-cancellation']

export function useApprovals() {
  return useQuery(`/api/approvals?limit=${INBOX_LIMIT}`, loadApprovals)
}

async function loadBalances(userId: number, asOf: string) {
  return unwrap(await api.GET('/api/balances', { params: { query: { user_id: userId, as_of: asOf } } }))
}

/** A person's balances on a date (the server reserves pending days, so "available" is what is left). */
export function useBalances(userId: number, asOf: string) {
  return useQuery(`/api/balances?as_of=${asOf}&user_id=${userId}`, () => loadBalances(userId, asOf))
}

/** Sends one decision; the body is what that endpoint takes. */
export async function decide(id: number, decision: Decision, comment: string, overrideCoverage = false) {
  const path = { path: { id: String(id) } }
  const text = comment.trim()
  switch (decision) {
    case 'approve':
      return unwrap(
        await api.POST('/api/leave-requests/{id}/approve', {
          params: path,
          body: overrideCoverage ? { override_coverage: true, comment: text } : text ? { comment: text } : {},
        }),
      )
    case 'reject':
      return unwrap(await api.POST('/api/leave-requests/{id}/reject', { params: path, body: { comment: text } }))
    case 'approve-cancellation':
      return unwrap(await api.POST('/api/leave-requests/{id}/approve-cancellation', { params: path, body: text ? { comment: text } : {} }))
    case 'reject-cancellation':
      return unwrap(await api.POST('/api/leave-requests/{id}/reject-cancellation', { params: path, body: text ? { comment: text } : {} }))
  }
}

export type TeamScope = 'team' | 'all'
export type RequestStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELLATION_REQUESTED' | 'CANCELLED'
export { LEAVE_STATUSES as STATUSES } from '../../people'
export const TEAM_PAGE_SIZE = 50

async function loadTeamRequests(scope: TeamScope, status: RequestStatus | undefined, offset: number) {
  const result = await api.GET('/api/leave-requests', { params: { query: { scope, status, limit: TEAM_PAGE_SIZE, offset } } })
  const items = unwrap(result)
  return { items, total: Number(result.response.headers.get('X-Total-Count') ?? items.length) }
}

export function useTeamRequests(scope: TeamScope, status: RequestStatus | undefined, offset: number) {
  return useQuery(`/api/leave-requests?scope=${scope}&status=${status ?? ''}&limit=${TEAM_PAGE_SIZE}&offset=${offset}`, () =>
    loadTeamRequests(scope, status, offset),
  )
}

// How the app names people and leave statuses, the same on every page.
import type { paths } from './api/schema'

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never
export type LeaveStatus = Json<paths['/api/leave-requests/{id}']['get']['responses'][200]>['status']

/** Every status of a leave request, in the order of its life. */
export const LEAVE_STATUSES: readonly LeaveStatus[] = ['PENDING', 'APPROVED', 'CANCELLATION_REQUESTED', 'REJECTED', 'CANCELLED']

/** "Preferred-or-first Last"; the email where the name is empty (the API's summaries of a person carry what they have). */
export function personName(user: { first_name: string; last_name: string; preferred_name?: string; email?: string }): string {
  const name = `${user.preferred_name || user.first_name} ${user.last_name}`.trim()
  return name || user.email || ''
}

// A small company for the page tests, the axe crawl and the screenshots, made through the JSON API as
// any client would: an admin, a manager with three reports, 25 days of VACATION, and requests in
// every state around TODAY (2027-03-03) so that every page has something to show.
import { apiCall, createFirstAdmin, createPerson, fileRequest, setAllowance, tokenFor, type Person, type WebServer } from '../helpers/browser.js'

export interface Company {
  admin: Person & { token: string }
  manager: Person & { token: string }
  /** Erin: one approved week in March, one pending in April, one rejected. */
  employee: Person & { token: string }
  colleagues: (Person & { token: string })[]
  requests: { approved: number; pending: number; rejected: number; colleaguePending: number; colleagueApproved: number; cancellation: number }
}

export async function seedCompany(server: WebServer): Promise<Company> {
  const adminToken = await createFirstAdmin(server)
  const me = await apiCall<Person>(server, 'GET', '/api/auth/me', { token: adminToken })
  await setAllowance(server, adminToken, 'VACATION', 25)
  const person = async (email: string, first_name: string, last_name: string, role: string, manager_id: number | null) => {
    const p = await createPerson(server, adminToken, { email, first_name, last_name, role, manager_id })
    return { ...p, token: await tokenFor(server, email) }
  }
  const manager = await person('maria@example.com', 'Maria', 'Manager', 'manager', null)
  const [employee, emil, nora] = await Promise.all([
    person('erin@example.com', 'Erin', 'Employee', 'employee', manager.id),
    person('emil@example.com', 'Emil', 'Example', 'employee', manager.id),
    person('nora@example.com', 'Nora', 'Novak', 'employee', manager.id),
  ])
  const decide = (id: number, action: string, comment?: string) =>
    apiCall(server, 'POST', `/api/leave-requests/${id}/${action}`, { token: manager.token, body: comment ? { comment } : {} })

  const approved = await fileRequest(server, employee.token, '2027-03-15', '2027-03-19', 'VACATION', 'Skiing')
  await decide(approved, 'approve')
  const pending = await fileRequest(server, employee.token, '2027-04-06', '2027-04-09', 'VACATION', 'Easter trip')
  const rejected = await fileRequest(server, employee.token, '2027-03-08', '2027-03-08', 'VACATION')
  await decide(rejected, 'reject', 'The release is that day.')
  const colleagueApproved = await fileRequest(server, emil.token, '2027-03-10', '2027-03-12', 'VACATION')
  await decide(colleagueApproved, 'approve')
  const colleaguePending = await fileRequest(server, nora.token, '2027-03-17', '2027-03-18', 'VACATION', 'Moving house')
  const cancellation = await fileRequest(server, emil.token, '2027-03-24', '2027-03-26', 'VACATION')
  await decide(cancellation, 'approve')
  await apiCall(server, 'POST', `/api/leave-requests/${cancellation}/cancel`, { token: emil.token, body: {} })

  return {
    admin: { ...me, token: adminToken },
    manager,
    employee,
    colleagues: [emil, nora],
    requests: { approved, pending, rejected, colleaguePending, colleagueApproved, cancellation },
  }
}

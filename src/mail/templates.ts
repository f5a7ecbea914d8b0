// Mail bodies: each mail has a plain-text part and an HTML part with the same content.
import type { OutgoingMail } from './mail-outbox.repository.js'

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** Builds both parts from paragraphs and one call-to-action link. */
export function composeMail(to: string, subject: string, paragraphs: string[], link?: { label: string; url: string }): OutgoingMail {
  const text = [...paragraphs, ...(link ? [`${link.label}: ${link.url}`] : [])].join('\n\n') + '\n'
  const html =
    `<!doctype html><html><body style="font-family:sans-serif">` +
    paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('') +
    (link ? `<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>` : '') +
    `</body></html>`
  return { to, subject, text, html }
}

function hours(seconds: number): string {
  const h = seconds / 3600
  return h >= 1 && Number.isInteger(h) ? `${h} hour${h === 1 ? '' : 's'}` : `${Math.round(seconds / 60)} minutes`
}

export function passwordResetMail(to: string, url: string, lifetimeSeconds: number): OutgoingMail {
  return composeMail(
    to,
    'Leavedesk password reset',
    [
      'Someone asked to reset the password of your Leavedesk account.',
      `This link is valid for the next ${hours(lifetimeSeconds)} and works once. If you did not ask for it, you can ignore this email: your password stays as it is.`,
    ],
    { label: 'Reset your password', url },
  )
}

export function passwordChangedMail(to: string, appUrl: string): OutgoingMail {
  return composeMail(
    to,
    'Your Leavedesk password was changed',
    [
      'The password of your Leavedesk account was just changed, and every session was signed out.',
      'If this was not you, reset your password at once and tell your administrator.',
    ],
    { label: 'Open Leavedesk', url: appUrl + '/' },
  )
}

/** How a person is named in mail: the preferred name, else first and last name, else the email. */
export function personName(user: { email: string; first_name: string; last_name: string; preferred_name?: string }): string {
  return user.preferred_name || `${user.first_name} ${user.last_name}`.trim() || user.email
}

/** Days when the lifetime is whole days (an invitation's week), else hours or minutes. */
function lifetime(seconds: number): string {
  const d = seconds / 86_400
  return d >= 1 && Number.isInteger(d) ? `${d} day${d === 1 ? '' : 's'}` : hours(seconds)
}

export function invitationMail(to: string, invitedBy: string, url: string, lifetimeSeconds: number): OutgoingMail {
  return composeMail(
    to,
    'You are invited to Leavedesk',
    [
      `${invitedBy} created a Leavedesk account for you, where you can request leave and follow its approval.`,
      `Choose your password with this link within the next ${lifetime(lifetimeSeconds)}; it works once. After that, use "Forgot password" to get a new one.`,
    ],
    { label: 'Set your password', url },
  )
}

export interface LeaveSummary {
  type: string
  start: number
  end: number
  description: string
  start_date: string
  end_date: string
  half_day_start: number
  half_day_end: number
  days: number
}

const TYPE_NAMES: Record<string, string> = { VACATION: 'Vacation', SICK: 'Sick leave', MATERNITY: 'Maternity leave', UNPAID: 'Unpaid leave' }
const WHEN = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' })

function localDates(leave: LeaveSummary): string {
  const first = `${leave.start_date}${leave.half_day_start ? ' (afternoon)' : ''}`
  const last = `${leave.end_date}${leave.half_day_end ? ' (morning)' : ''}`
  const days = `${leave.days} working day${leave.days === 1 ? '' : 's'}`
  return leave.start_date === leave.end_date && !leave.half_day_start && !leave.half_day_end ? `${first}: ${days}.` : `${first} to ${last}: ${days}.`
}

function describeLeave(leave: LeaveSummary): string[] {
  const lines = [
    `${TYPE_NAMES[leave.type] ?? leave.type}, from ${WHEN.format(leave.start)} to ${WHEN.format(leave.end)} (UTC).`,
    `In the owner's local dates: ${localDates(leave)}`,
  ]
  if (leave.description) lines.push(`Description: ${leave.description}`)
  return lines
}

/** To an approver: a request waits for their decision. */
export function leaveAwaitingMail(
  to: string,
  what: 'submitted' | 'cancellation_requested',
  ownerName: string,
  leave: LeaveSummary,
  url: string,
): OutgoingMail {
  const submitted = what === 'submitted'
  return composeMail(
    to,
    submitted ? `Leave request from ${ownerName}` : `${ownerName} asks to cancel approved leave`,
    [
      submitted ? `${ownerName} asks for leave and waits for your decision:` : `${ownerName} asks to cancel leave you approved:`,
      ...describeLeave(leave),
    ],
    { label: submitted ? 'Approve or reject' : 'Decide on the cancellation', url },
  )
}

/** To an approver, for information: a request was approved the moment it was filed. */
export function leaveAutoApprovedMail(to: string, ownerName: string, leave: LeaveSummary, url: string): OutgoingMail {
  return composeMail(
    to,
    `Leave of ${ownerName} (approved automatically)`,
    [`${ownerName} took leave of a type that needs no approval. For your information:`, ...describeLeave(leave)],
    { label: 'View the request', url },
  )
}

export type LeaveOutcome = 'approved' | 'rejected' | 'cancelled' | 'cancellation_rejected'

const OUTCOMES: Record<LeaveOutcome, { subject: string; sentence: string }> = {
  approved: { subject: 'Your leave was approved', sentence: 'approved your leave request' },
  rejected: { subject: 'Your leave was rejected', sentence: 'rejected your leave request' },
  cancelled: { subject: 'Your leave was cancelled', sentence: 'cancelled your leave' },
  cancellation_rejected: { subject: 'Your leave stays approved', sentence: 'declined to cancel your leave; it stays approved' },
}

/** To the owner: what became of their request, who decided, and why when they said. */
export function leaveOutcomeMail(to: string, outcome: LeaveOutcome, byName: string, comment: string, leave: LeaveSummary, url: string): OutgoingMail {
  const { subject, sentence } = OUTCOMES[outcome]
  return composeMail(
    to,
    subject,
    [`${byName} ${sentence}:`, ...describeLeave(leave), ...(comment ? [`Comment: ${comment}`] : [])],
    { label: 'View the request', url },
  )
}

export function webhookDisabledMail(to: string, url: string, failingSince: string, lastError: string, adminUrl: string): OutgoingMail {
  return composeMail(
    to,
    'A Leavedesk webhook was disabled',
    [
      `Deliveries to the webhook ${url} have failed since ${failingSince}, so it was disabled after 24 hours of failures. The last attempt: ${lastError}.`,
      'Its queued deliveries will not be sent. Fix the receiver, then enable the webhook again (PATCH /api/webhooks/<id> with "active": true).',
    ],
    { label: 'Open Leavedesk', url: adminUrl },
  )
}

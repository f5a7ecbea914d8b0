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

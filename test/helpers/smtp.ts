// A real SMTP server on 127.0.0.1 (the smtp-server package) that keeps every mail it accepts, and can
// refuse attempts with a temporary error, to test delivery and retries end to end.
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { decodeMail } from './harness.js'

export interface CapturedMail {
  from: string
  to: string[]
  subject: string
  /** The whole message, quoted-printable soft breaks and escapes decoded: enough to find text and links. */
  body: string
  raw: string
}

export interface SmtpCapture {
  /** SMTP_URL for the app's config. */
  url: string
  mails: CapturedMail[]
  /** When each delivery attempt (accepted or refused) reached the server. */
  attempts: number[]
  /** Refuses the next `count` attempts with 451 (temporary failure); Infinity refuses all. */
  refuse(count: number): void
  /** Waits until `count` mails have arrived; fails after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<CapturedMail[]>
  /** The mails to one address. */
  to(address: string): CapturedMail[]
  close(): Promise<void>
}

function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? ''
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ')
  return new RegExp(`^${name}: (.*)$`, 'im').exec(unfolded)?.[1]?.trim() ?? ''
}

export async function startSmtpCapture(): Promise<SmtpCapture> {
  const mails: CapturedMail[] = []
  const attempts: number[] = []
  let refusals = 0

  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    // No reverse DNS lookup of 127.0.0.1 on every connection.
    disableReverseLookup: true,
    logger: false,
    onMailFrom(_address, _session, callback) {
      attempts.push(Date.now())
      if (refusals > 0) {
        refusals--
        return callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }))
      }
      callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : ''
        mails.push({ from, to: session.envelope.rcptTo.map((r) => r.address), subject: header(raw, 'Subject'), body: decodeMail(raw), raw })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo

  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    attempts,
    refuse(count) {
      refusals = count
    },
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs
      while (mails.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} mails, got ${mails.length}: ${mails.map((m) => m.subject).join(' | ')}`)
        await new Promise((r) => setTimeout(r, 10))
      }
      return mails
    },
    to(address) {
      return mails.filter((m) => m.to.includes(address))
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** The single-use token in an invitation or reset link. */
export function tokenIn(mail: CapturedMail | string): string {
  const text = typeof mail === 'string' ? mail : mail.body
  const match = /\/(?:set|reset)-password\/\?token=([A-Za-z0-9]+)/.exec(text)
  if (!match?.[1]) throw new Error('no password link in the mail')
  return match[1]
}

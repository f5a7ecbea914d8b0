// Where mail goes: an SMTP server when SMTP_URL is set, otherwise one .eml file per mail in MAIL_DIR.
import { randomBytes } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import nodemailer from 'nodemailer'
import type { OutgoingMail } from './mail-outbox.repository.js'

export interface MailTransport {
  /** Resolves once the mail is accepted; returns where it went, for the log. */
  send(mail: OutgoingMail): Promise<string>
  close(): void
}

export function createMailTransport(opts: { smtpUrl: string | null; mailDir: string; from: string }): MailTransport {
  if (opts.smtpUrl) {
    const transporter = nodemailer.createTransport(opts.smtpUrl)
    return {
      async send(mail) {
        const info = await transporter.sendMail({ from: opts.from, ...mail })
        return `smtp ${String(info.messageId)}`
      },
      close: () => transporter.close(),
    }
  }
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  return {
    async send(mail) {
      const info = await transporter.sendMail({ from: opts.from, ...mail })
      await mkdir(opts.mailDir, { recursive: true })
      const file = path.join(opts.mailDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`)
      await writeFile(file, info.message as Buffer, { mode: 0o600 })
      return file
    },
    close: () => transporter.close(),
  }
}

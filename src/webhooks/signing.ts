// Webhook secrets and signatures, per the Standard Webhooks specification: a secret is "whsec_" and
// the base64 of 32 random bytes; a delivery carries webhook-id, webhook-timestamp (seconds) and
// webhook-signature "v1,<base64 HMAC-SHA256 of id.timestamp.body under the secret's bytes>", several
// space-separated while a rotated secret is still honoured. Secrets are kept encrypted (AES-256-GCM
// under a key derived from SECRET_KEY): the database alone cannot sign.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'

const PREFIX = 'whsec_'

export function newSecret(): string {
  return PREFIX + randomBytes(32).toString('base64')
}

export function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice(PREFIX.length), 'base64')
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`
}

export class SecretBox {
  private readonly key: Buffer

  constructor(secretKey: string) {
    this.key = createHmac('sha256', secretKey).update('leavedesk webhook secrets v1').digest()
  }

  seal(secret: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()])
    return [iv, cipher.getAuthTag(), sealed].map((b) => b.toString('base64')).join('.')
  }

  open(stored: string): string {
    const [iv, tag, sealed] = stored.split('.').map((p) => Buffer.from(p, 'base64'))
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv!)
    decipher.setAuthTag(tag!)
    return Buffer.concat([decipher.update(sealed!), decipher.final()]).toString('utf8')
  }
}

// Calendar feed tokens: derived, never stored. A token names a person and a feed kind and carries an
// HMAC-SHA256, under a key derived from the server's secret, of (user id, kind, the person's feed
// version): the same URL every time it is asked for, and a rotation (a new version) ends all of a
// person's URLs at once. It reads one feed and is no credential for anything else.
import { createHmac, timingSafeEqual } from 'node:crypto'

export const FEED_KINDS = ['me', 'team', 'all'] as const
export type FeedKind = (typeof FEED_KINDS)[number]

/** 32 base64url characters: 192 bits of the MAC. */
const MAC_CHARS = 32
const TOKEN = /^([1-9][0-9]{0,9})\.(me|team|all)\.([A-Za-z0-9_-]{32})$/

export class FeedTokens {
  private readonly key: Buffer

  constructor(secretKey: string) {
    // Its own key, so a feed MAC can never be mistaken for anything else signed with the secret.
    this.key = createHmac('sha256', secretKey).update('leavedesk calendar feeds v1').digest()
  }

  token(userId: number, kind: FeedKind, version: number): string {
    return `${userId}.${kind}.${this.mac(userId, kind, version)}`
  }

  /** What a token claims (not yet verified: see verify), or null when it cannot be one. */
  parse(token: string): { userId: number; kind: FeedKind; mac: string } | null {
    const m = TOKEN.exec(token)
    if (!m) return null
    return { userId: Number(m[1]), kind: m[2] as FeedKind, mac: m[3]! }
  }

  verify(claim: { userId: number; kind: FeedKind; mac: string }, version: number): boolean {
    const expected = Buffer.from(this.mac(claim.userId, claim.kind, version))
    const given = Buffer.from(claim.mac)
    return given.length === expected.length && timingSafeEqual(given, expected)
  }

  private mac(userId: number, kind: FeedKind, version: number): string {
    return createHmac('sha256', this.key).update(`${userId}\0${kind}\0${version}`).digest('base64url').slice(0, MAC_CHARS)
  }
}

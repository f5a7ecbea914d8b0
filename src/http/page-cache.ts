// Serialised list pages, kept per process and checked against versions that the database keeps
// (see migration 0005): a page is served from memory only while nothing it shows has changed, in
// this process or any other sharing the database.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { type Page, sendPage } from './paging.js'

/** What a cached page answers with: the body as sent, and the paging headers. */
interface CachedPage {
  version: string
  /** Bytes, not a string: sent as they are, with no encoding on each hit. */
  body: Buffer
  totalCount: string
  link: string | undefined
  bytes: number
}

const JSON_TYPE = 'application/json; charset=utf-8'
/** What an entry costs besides its strings: the object, the map slot, the header values. */
const ENTRY_OVERHEAD = 200

export class PageCache {
  private readonly pages = new Map<string, CachedPage>()
  private bytes = 0

  constructor(private readonly maxBytes: number) {}

  get size(): number {
    return this.pages.size
  }

  get usedBytes(): number {
    return this.bytes
  }

  /**
   * Answers from the cache when `key` holds a page of this `version`; otherwise loads the page, sends
   * it and keeps it. `version` null: this request's page is not cached. The key must name everything
   * the page depends on besides the version (who asks, and the URL with its query).
   */
  async send<T>(request: FastifyRequest, reply: FastifyReply, key: string, version: string | null, load: () => Promise<Page<T>>) {
    if (version === null || this.maxBytes === 0) return sendPage(reply, request, await load())
    const hit = this.get(key, version)
    if (hit) return sendCached(reply, hit)
    const items = sendPage(reply, request, await load())
    const json = reply.serialize(items) as string
    const body = Buffer.from(json)
    const page: CachedPage = {
      version,
      body,
      totalCount: String(reply.getHeader('x-total-count')),
      link: reply.getHeader('link') as string | undefined,
      // The key is a string: two bytes a character is the most V8 takes.
      bytes: 2 * key.length + body.length + ENTRY_OVERHEAD,
    }
    this.set(key, page)
    return reply.type(JSON_TYPE).send(json)
  }

  /** The same for an answer that is no page (no paging headers): `load` gives the body. */
  async sendJson(reply: FastifyReply, key: string, version: string | null, load: () => Promise<unknown>) {
    if (version === null || this.maxBytes === 0) return reply.send(await load())
    const hit = this.get(key, version)
    if (hit) return reply.type(JSON_TYPE).send(hit.body)
    const json = reply.serialize(await load()) as string
    const body = Buffer.from(json)
    this.set(key, { version, body, totalCount: '', link: undefined, bytes: 2 * key.length + body.length + ENTRY_OVERHEAD })
    return reply.type(JSON_TYPE).send(json)
  }

  private get(key: string, version: string): CachedPage | undefined {
    const page = this.pages.get(key)
    if (!page) return undefined
    this.pages.delete(key)
    if (page.version !== version) {
      this.bytes -= page.bytes
      return undefined
    }
    // Map keeps insertion order: re-inserting makes this the most recently used.
    this.pages.set(key, page)
    return page
  }

  private set(key: string, page: CachedPage): void {
    if (page.bytes > this.maxBytes) return
    const old = this.pages.get(key)
    if (old) {
      this.pages.delete(key)
      this.bytes -= old.bytes
    }
    this.pages.set(key, page)
    this.bytes += page.bytes
    for (const [oldest, evicted] of this.pages) {
      if (this.bytes <= this.maxBytes) break
      this.pages.delete(oldest)
      this.bytes -= evicted.bytes
    }
  }
}

function sendCached(reply: FastifyReply, page: CachedPage) {
  reply.header('x-total-count', page.totalCount)
  if (page.link !== undefined) reply.header('link', page.link)
  return reply.type(JSON_TYPE).send(page.body)
}

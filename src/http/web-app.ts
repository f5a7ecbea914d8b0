// Serves the web app (web/, built by Vite into dist/web) from the API's own origin: hashed assets
// cached for a year, index.html for every other non-API GET so that deep links and reloads work.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { App } from '../http/types.js'

/**
 * The two <style> elements react-aria adds at run time (usePress: no double-tap delay on touch;
 * usePreventScroll: no scroll chaining behind a modal), byte for byte. CSP allows exactly these by
 * their hashes rather than any inline style; test/http/web-app.test.ts checks them against the
 * installed react-aria, so an upgrade that changes them fails there and not in a person's browser.
 */
export const REACT_ARIA_STYLES = [
  '@layer {\n  [data-react-aria-pressable] {\n    touch-action: pan-x pan-y pinch-zoom;\n  }\n}',
  '@layer {\n  * {\n    overscroll-behavior: contain;\n  }\n}',
]

const styleHashes = REACT_ARIA_STYLES.map((css) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`)

/**
 * The app's own policy: only its own scripts, styles and API; no inline script, no eval, never framed.
 * Styles set from script (React's `style` prop goes through CSSOM) are not inline styles to CSP.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  `style-src 'self' ${styleHashes.join(' ')}`,
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

const IMMUTABLE = 'public, max-age=31536000, immutable'

/** Paths the app never answers: the API keeps its JSON 404 there. */
function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?') || url === '/healthz' || url.startsWith('/healthz?')
}

/** The default place of the built app: dist/web beside the compiled server, when it was built. */
export function defaultWebRoot(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url))
  // From dist/http (node dist/server.js) and from src/http (tsx) alike, the build is in dist/web.
  const candidates = [path.resolve(here, '..', 'web'), path.resolve(here, '..', '..', 'dist', 'web')]
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? null
}

export async function registerWebApp(app: App, root: string): Promise<void> {
  const indexHtml = readFileSync(path.join(root, 'index.html'))
  // In a scope of its own, so that these headers replace the API's (set on every request) for the
  // app's answers only; a path the app does not answer goes to the API's 404, with the API's headers.
  await app.register(async (scope) => {
    scope.addHook('onSend', async (request, reply, payload) => {
      if (reply.statusCode === 404) return payload
      reply.header('content-security-policy', APP_CSP)
      reply.header('cache-control', request.url.startsWith('/assets/') ? IMMUTABLE : 'no-cache')
      // Files go out Brotli- or gzip-encoded by what the browser accepts: caches must keep them apart.
      const vary = reply.getHeader('vary')
      reply.header('vary', vary ? `${String(vary)}, Accept-Encoding` : 'Accept-Encoding')
      return payload
    })
    await scope.register(fastifyStatic, {
      root,
      prefix: '/',
      // Only the files that exist at start get routes; everything else falls through to index.html.
      wildcard: false,
      index: false,
      cacheControl: false,
      etag: true,
      lastModified: false,
      serveDotFiles: false,
      // The .br and .gz copies scripts/compress-web.mjs writes, for browsers that accept them.
      preCompressed: true,
      list: false,
    })
    const sendIndex = (request: FastifyRequest, reply: FastifyReply) => {
      if (isApiPath(request.url)) return reply.callNotFound()
      // An asset that does not exist (an old hash after a deploy) must not come back as HTML.
      if (request.url.startsWith('/assets/')) return reply.callNotFound()
      return reply.type('text/html; charset=utf-8').send(indexHtml)
    }
    scope.get('/', { schema: { hide: true } }, async (request, reply) => sendIndex(request, reply))
    scope.get('/*', { schema: { hide: true } }, async (request, reply) => sendIndex(request, reply))
  })
}

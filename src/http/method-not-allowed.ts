// Fastify answers 404 to a known path with an unknown method; the original (and RFC 9110) say 405
// with an Allow header. This adds, for every API path, a route catching the other methods.
import type { App } from './types.js'

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'TRACE']

/** Starts recording routes; call the returned function once every route is registered. */
export function trackRoutesForMethodNotAllowed(app: App): () => void {
  const byUrl = new Map<string, Set<string>>()
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs') || route.url === '/api/openapi.json') return
    const methods = byUrl.get(route.url) ?? new Set<string>()
    for (const m of [route.method].flat()) methods.add(m)
    byUrl.set(route.url, methods)
  })
  return () => {
    for (const [url, methods] of [...byUrl]) {
      if (methods.has('GET')) methods.add('HEAD')
      const allow = [...methods, 'OPTIONS'].join(', ')
      const others = METHODS.filter((m) => !methods.has(m))
      if (others.length > 0) {
        app.route({
          method: others,
          url,
          schema: { hide: true },
          handler: async (request, reply) =>
            reply.code(405).header('allow', allow).send({ detail: `Method "${request.method}" not allowed.` }),
        })
      }
      app.route({
        method: 'OPTIONS',
        url,
        schema: { hide: true },
        handler: async (_request, reply) => reply.code(204).header('allow', allow).send(),
      })
    }
  }
}

// Everything the OpenAPI document needs beyond the route schemas, so that it passes `redocly lint`
// (recommended rules) and client generators get good names: info with a licence, servers, the bearer
// scheme, and for every operation an operationId, an explicit `security` and a 4xx response.
// Generic: a route added later is covered without touching this file.
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger'
import type { RouteOptions } from 'fastify'
import { errorSchema } from './schemas.js'

/** The `openapi` option of @fastify/swagger: the document's fixed parts. */
export function openapiOptions(): NonNullable<FastifyDynamicSwaggerOptions['openapi']> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Leavedesk API',
      version: '1.0.0',
      description: 'Leave requests: sign in, keep a profile, file and decide time off.',
      // The project is private and has no licence file to link to; an SPDX "LicenseRef-" identifier is
      // how SPDX names a licence of one's own, and satisfies info-license-strict without a made-up URL.
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    // Relative: the API is the host that served this document, wherever it is deployed (APP_URL is the
    // base of links in mails, and is localhost by default, which no-server-example.com rejects).
    servers: [{ url: '/', description: 'The server that serves this document.' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
  }
}

/** All @fastify/swagger options: the fixed parts, readable component names, and the per-operation fixes. */
export function swaggerOptions(): FastifyDynamicSwaggerOptions {
  return {
    openapi: openapiOptions(),
    // Shared schemas (app.addSchema) are named by their $id (Detail, FieldErrors) instead of def-0, def-1:
    // generated clients name their types after them.
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' && /^[A-Za-z0-9._-]+$/.test(json.$id) ? json.$id : `def-${i}`,
    },
    transformObject: (document) => {
      if (!('openapiObject' in document)) throw new Error('expected an OpenAPI 3 document')
      completeDocument(document.openapiObject as Document)
      return document.openapiObject
    },
  }
}

// --- operationId -------------------------------------------------------------------------------

const PATH_ITEM_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'query']
const ITEM_VERBS: Record<string, string> = { GET: 'get', PUT: 'replace', PATCH: 'update', DELETE: 'delete' }
const PARAM = /^[:{*(]/

const words = (segment: string) => segment.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w.toLowerCase())
const pascal = (ws: string[]) => ws.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')
/** Ends in "s" but not "ss", "us" or "is" (address, status, analysis). */
const isPlural = (ws: string[]) => /[^sui]s$/.test(ws.at(-1) ?? '')

function singular(ws: string[]): string[] {
  const last = ws.at(-1)
  if (!last || !isPlural(ws)) return ws
  const one = /ies$/.test(last) ? last.slice(0, -3) + 'y' : /(ss|x|ch|sh)es$/.test(last) ? last.slice(0, -2) : last.slice(0, -1)
  return [...ws.slice(0, -1), one]
}

/**
 * The operationId of a route that declares none, from its method and path (`:id` or `{id}` alike):
 * a leading `/api` is dropped; a static segment before the last one is an entity (named in the
 * singular) when a parameter follows it or it is plural, otherwise a namespace (dropped: `auth`);
 * and the last static segment decides:
 *
 * - followed by a parameter, an item: GET getX, PUT replaceX, PATCH updateX, DELETE deleteX
 *   (`/leave-requests/{id}` → getLeaveRequest);
 * - plural, a collection: GET listXs (getXs when the success response is known not to be an array:
 *   `/settings` → getSettings), POST createX, others replaceXs, updateXs, deleteXs
 *   (`/leave-requests` → listLeaveRequests, createLeaveRequest);
 * - singular with POST, an action: its first word is the verb, the entity and its other words follow
 *   (`/leave-requests/{id}/approve-cancellation` → approveLeaveRequestCancellation,
 *   `/leave-requests/preview` → previewLeaveRequest, `/auth/logout-all` → logoutAll);
 * - singular with another method, a sub-resource: getLeaveRequestHistory, getMe, replaceMe, updateMe.
 *
 * Other methods take their lower-cased name as the verb.
 */
export function operationIdFor(method: string, path: string, options: { returnsArray?: boolean } = {}): string {
  const m = method.toUpperCase()
  const segments = path.split('/').filter(Boolean)
  if (segments[0] === 'api') segments.shift()
  const parts = segments.map((s) => (PARAM.test(s) ? null : words(s)))
  const itemVerb = ITEM_VERBS[m] ?? m.toLowerCase()
  let last = parts.length - 1
  while (last >= 0 && (parts[last] === null || parts[last]!.length === 0)) last--
  if (last < 0) return `${itemVerb}Root`
  const target = parts[last]!
  const context = parts
    .slice(0, last)
    .flatMap((p, i) => (p && p.length > 0 && (parts[i + 1] === null || isPlural(p)) ? [pascal(singular(p))] : []))
    .join('')
  if (last < parts.length - 1) return itemVerb + context + pascal(singular(target))
  if (isPlural(target)) {
    if (m === 'GET') return (options.returnsArray === false ? 'get' : 'list') + context + pascal(target)
    if (m === 'POST') return `create${context}${pascal(singular(target))}`
    return itemVerb + context + pascal(target)
  }
  if (m === 'POST') return target[0]! + context + pascal(target.slice(1))
  return itemVerb + context + pascal(target)
}

/** Whether a (JSON) schema is of an array: undefined when it does not say (a $ref, a union). */
function isArraySchema(schema: unknown): boolean | undefined {
  const type = (schema as { type?: unknown } | undefined)?.type
  if (typeof type === 'string') return type === 'array'
  if (Array.isArray(type)) return type.includes('array')
  return undefined
}

/** The schema of the first 2xx response of a route's or an operation's response map. */
function successSchema(responses: unknown): unknown {
  if (!responses || typeof responses !== 'object') return undefined
  const key = Object.keys(responses).filter((k) => /^2/.test(k)).sort()[0]
  const response = key === undefined ? undefined : (responses as Record<string, unknown>)[key]
  const content = (response as { content?: Record<string, { schema?: unknown }> } | undefined)?.content
  return content ? Object.values(content)[0]?.schema : response
}

const hidden = (schema: { hide?: boolean; tags?: readonly string[] } | undefined) => !!schema?.hide || !!schema?.tags?.includes('X-HIDDEN')

/**
 * An onRoute hook that gives each documented route its operationId (operationIdFor, unless its schema
 * declares one) and throws, so that the app does not start, when two operations would share one.
 * Documented as @fastify/swagger does: not hidden ones, and not the HEAD routes fastify adds next to
 * each GET (they share its schema). A route with several methods keeps one schema: its operations get
 * their ids in the document (completeDocument), and the same ones are checked here.
 */
export function checkOperationIds(): (route: RouteOptions) => void {
  const owners = new Map<string, string>()
  return (route) => {
    if (hidden(route.schema)) return
    const methods = typeof route.method === 'string' ? (route.method === 'HEAD' ? [] : [route.method]) : [...route.method]
    const declared = route.schema?.operationId
    if (declared !== undefined && methods.length > 1) {
      throw new Error(`${methods.join(',')} ${route.url} declares operationId "${declared}" for several methods: register one route per method`)
    }
    const returnsArray = isArraySchema(successSchema(route.schema?.response))
    for (const method of methods) {
      const id = declared ?? operationIdFor(method, route.url, { returnsArray })
      const where = `${method} ${route.url}`
      const other = owners.get(id)
      if (other !== undefined && other !== where) {
        throw new Error(`operationId "${id}" of ${where} is already the operationId of ${other}: declare a distinct schema.operationId on one of them`)
      }
      owners.set(id, where)
      if (methods.length === 1 && declared === undefined) route.schema = { ...route.schema, operationId: id }
    }
  }
}

// --- the document ------------------------------------------------------------------------------

interface Operation {
  operationId?: string
  security?: unknown[]
  responses?: Record<string, unknown>
}
type PathItem = Record<string, unknown> & { additionalOperations?: Record<string, Operation> }
interface Document {
  paths?: Record<string, PathItem>
  components?: { schemas?: Record<string, { title?: string }> }
}

/** The operations of a path item, by method (upper-case), each its own object. */
function operationsOf(item: PathItem): Array<[string, Operation, (op: Operation) => void]> {
  const out: Array<[string, Operation, (op: Operation) => void]> = []
  for (const key of PATH_ITEM_METHODS) {
    const op = item[key] as Operation | undefined
    if (op && typeof op === 'object') out.push([key.toUpperCase(), op, (o) => (item[key] = o)])
  }
  for (const [method, op] of Object.entries(item.additionalOperations ?? {})) {
    out.push([method.toUpperCase(), op, (o) => (item.additionalOperations![method] = o)])
  }
  return out
}

/** A response of the shared Detail body (its component, named by refResolver or found by title). */
function detailResponse(doc: Document, status: number): unknown {
  const schemas = doc.components?.schemas ?? {}
  const name = Object.hasOwn(schemas, 'Detail') ? 'Detail' : Object.keys(schemas).find((k) => schemas[k]?.title === 'Detail')
  const description = (errorSchema(status) as { description?: string }).description ?? 'Error.'
  const schema = name ? { $ref: `#/components/schemas/${name}` } : { type: 'object', properties: { detail: { type: 'string' } }, required: ['detail'] }
  return { description, content: { 'application/json': { schema } } }
}

/**
 * Completes each operation in place:
 * - paths lose a trailing slash (the router ignores it; no-path-trailing-slash);
 * - an operation without operationId (one of a route with several methods; checkOperationIds gave the
 *   others theirs) gets operationIdFor(method, path); duplicates throw;
 * - an operation without `security` is public: `security: []` (security-defined);
 * - every operation may answer 429 (the per-address limit runs on every route) and 500: they are
 *   listed where missing (operation-4xx-response).
 */
export function completeDocument(doc: Document): Document {
  const paths: Record<string, PathItem> = {}
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const trimmed = path.replace(/(.)\/+$/, '$1')
    paths[trimmed] = { ...paths[trimmed], ...item }
  }
  doc.paths = paths
  // A route with several methods puts one object under each: each gets its own before any change.
  const seen = new Set<Operation>()
  for (const item of Object.values(paths)) {
    for (const [, op, replace] of operationsOf(item)) {
      if (seen.has(op)) replace({ ...op })
      seen.add(op)
    }
  }
  const owners = new Map<string, string>()
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of operationsOf(item)) {
      op.operationId ??= operationIdFor(method, path, { returnsArray: isArraySchema(successSchema(op.responses)) })
      const where = `${method} ${path}`
      const other = owners.get(op.operationId)
      if (other !== undefined) throw new Error(`operationId "${op.operationId}" of ${where} is already the operationId of ${other}`)
      owners.set(op.operationId, where)
      op.security ??= []
      const responses = (op.responses ??= {})
      for (const status of [429, 500]) responses[status] ??= detailResponse(doc, status)
    }
  }
  return doc
}

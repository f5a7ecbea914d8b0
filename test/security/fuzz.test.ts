// Property-based fuzzing of every documented endpoint (OWASP API8/API3/API1): thousands of generated
// ids, bodies, query strings and headers, sent as user B while user A's data sits in the same database.
// Every response must be below 500, JSON of the shape the OpenAPI document promises for its status,
// and free of A's data. The endpoints come from GET /api/openapi.json, so new ones are fuzzed too.
//
// Reproduce a failure with the seed it prints: FUZZ_SEED=<seed> FUZZ_ONLY="<METHOD /path>" npm test -- test/security/fuzz
// (the database state differs from the full run, so a failure may need the full run to recur).
// FUZZ_RUNS=<n> sets the number of runs per endpoint.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsImport from 'ajv-formats'
import fc from 'fast-check'
import type { LightMyRequestResponse } from 'fastify'
import { TokenService } from '../../src/auth/tokens.js'
import { bearer, createTestContext, createUser, login, type TestContext } from '../helpers/harness.js'
import type { Schema } from '../helpers/openapi-schema.js'

const addFormats = addFormatsImport as unknown as (ajv: Ajv) => Ajv

// A fixed budget of generated requests shared by the endpoints (at least 20 each), so that the file
// keeps its run time as endpoints are added (on this 2-core machine about 15 s on SQLite and 20 s on
// PostgreSQL when idle, up to three times that when other jobs load it):
// 2,400 as an employee, 900 as an admin (who reaches the admin endpoints), 300 with any method.
const EMPLOYEE_RUNS = 2_400
const ADMIN_RUNS = 900
const runsPerEndpoint = (budget: number, endpoints: number) => Number(process.env.FUZZ_RUNS) || Math.max(20, Math.floor(budget / endpoints))
const MIXED_RUNS = 300
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined
/** FUZZ_ONLY="POST /api/auth/refresh" fuzzes only the endpoints whose "METHOD /path" contains it. */
const ONLY = process.env.FUZZ_ONLY

// ---------------------------------------------------------------------------------------------
// The OpenAPI document, read as data.


interface Operation {
  method: string
  path: string
  secured: boolean
  bodyProps: Record<string, Schema> | null
  bodyRequired: string[]
  query: Record<string, Schema>
  pathParams: string[]
  responses: Map<number, ValidateFunction | null>
  /** The media types each status is documented with (CSV and iCalendar answers are not JSON). */
  mediaTypes: Map<number, string[]>
}

interface OpenApiOperation {
  security?: unknown[]
  parameters?: Array<{ in: string; name: string; schema?: Schema }>
  requestBody?: { content?: Record<string, { schema?: Schema }> }
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>
}

/** Every object that lists its properties gets additionalProperties: false, so extra keys (leaks) fail. */
function strict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strict)
  if (node === null || typeof node !== 'object') return node
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(node)) out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, strict(s)])) : strict(v)
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false
  return out
}

function readOperations(doc: { paths: Record<string, Record<string, OpenApiOperation>>; components?: unknown }): Operation[] {
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats(ajv)
  ajv.addSchema({ $id: 'openapi', components: strict(doc.components) } as object)
  const ops: Operation[] = []
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue
      const responses = new Map<number, ValidateFunction | null>()
      const mediaTypes = new Map<number, string[]>()
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        mediaTypes.set(Number(status), Object.keys(response.content ?? {}))
        const schema = response.content?.['application/json']?.schema
        // A $ref in the document points at #/components/...: resolve it against the document.
        const fixed = schema ? JSON.parse(JSON.stringify(strict(schema)).replaceAll('"#/components/', '"openapi#/components/')) : null
        responses.set(Number(status), fixed ? ajv.compile(fixed) : null)
      }
      const body = op.requestBody?.content?.['application/json']?.schema
      ops.push({
        method: method.toUpperCase(),
        path,
        secured: (op.security ?? []).length > 0,
        bodyProps: body ? (body.properties ?? {}) : null,
        bodyRequired: body?.required ?? [],
        query: Object.fromEntries((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p.schema ?? {}])),
        pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        responses,
        mediaTypes,
      })
    }
  }
  return ops
}

/** The documented operation that a concrete request reaches, as the router would pick it. */
function resolve(ops: Operation[], method: string, url: string): { pathOps: Operation[]; op: Operation | undefined } {
  // As the server sees it: dot segments resolved, one trailing slash ignored.
  const pathname = new URL(url, 'http://localhost').pathname
  const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname
  const segments = path.split('/')
  // The router matches a parameter (even an empty one) only when it is decodable and at most 200 characters.
  const param = (s: string) => {
    try {
      return s.length <= 200 && decodeURIComponent(s) !== undefined
    } catch {
      return false
    }
  }
  const matches = (template: string) => {
    const t = template.split('/')
    return t.length === segments.length && t.every((part, i) => (part.startsWith('{') ? param(segments[i]!) : part === segments[i]))
  }
  const literal = ops.filter((o) => o.path === path)
  const pathOps = literal.length > 0 ? literal : ops.filter((o) => matches(o.path))
  const wanted = method === 'HEAD' ? 'GET' : method
  return { pathOps, op: pathOps.find((o) => o.method === wanted) }
}

// ---------------------------------------------------------------------------------------------
// Generators. Every body is produced as JSON text, so that keys like __proto__ survive as written.

const json = (v: unknown) => JSON.stringify(v) ?? 'null'
const objectText = (entries: Array<[string, string]>) => `{${entries.map(([k, v]) => `${json(k)}:${v}`).join(',')}}`

const LIMITS = [0, 1, 11, 12, 149, 150, 151, 254, 255, 256, 257, 320, 321, 999, 1000, 1001, 1024, 1025, 4096, 4097, 20_000]
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfff',
    '\udc00\ud800',
    "'; DROP TABLE users; --",
    '" OR 1=1 --',
    '<script>alert(1)</script>',
    '${7*7}{{7*7}}',
    '../../etc/passwd',
    '\r\nSet-Cookie: x=1',
    'null',
    'NaN',
    '__proto__',
    '\u202egnp.exe',
    '\ufeff',
    'PENDING',
    'APPROVED',
    'admin',
  ),
  fc.constantFrom(...LIMITS).map((n) => 'x'.repeat(n)),
)
const hostileScalar = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  { arbitrary: fc.constantFrom(null, true, false, 0, -1, 1, 1.5, -0.0, 1e308, 2 ** 31, 2 ** 53 + 2, -(2 ** 63)), weight: 2 },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 1 },
)
const DANGEROUS_KEYS = ['__proto__', 'constructor', 'prototype', 'status', 'user', 'user_id', 'owner', 'id', 'role', 'is_active', 'token_version', 'password', 'password_hash', 'created_at', 'decided_by', 'manager_id']
const hostileKey = fc.oneof(fc.constantFrom(...DANGEROUS_KEYS), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 }))

const { hostileJson } = fc.letrec<{ hostileJson: string }>((tie) => ({
  hostileJson: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileScalar.map(json),
    fc.array(tie('hostileJson'), { maxLength: 4 }).map((xs) => `[${xs.join(',')}]`),
    fc.array(fc.tuple(hostileKey, tie('hostileJson')), { maxLength: 4 }).map(objectText),
    fc.constant('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}'),
  ),
}))

const RAW_BODIES = [
  '',
  ' ',
  'null',
  '[]',
  '[1,2]',
  '"text"',
  '123',
  'true',
  '{',
  '{"a":',
  '{"a":1}garbage',
  '{"a":1,}',
  "{'a':1}",
  '\ufeff{}',
  '\u0000',
  'NaN',
  '1e400',
  '{"a":1e400}',
  '{"status":"PENDING","status":"APPROVED"}',
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '['.repeat(10_000),
  '{"a":'.repeat(5_000),
  `[${'[]'.repeat(20_000)}]`,
  `[${Array(25_000).fill(0).join(',')}]`,
  `{"description":"${'z'.repeat(70_000)}"}`,
  'x'.repeat(65 * 1024),
]

/** A few weeks of one year: two of these make a period short enough (at most 1096 days) to be filed. */
const nearby = fc.integer({ min: 0, max: 60 * 24 }).map((hours) => new Date(Date.UTC(2031, 0, 1) + hours * 3_600_000))

/** Dates the API accepts, including the extremes of its format, and near-misses it must refuse. */
const dateTime = fc.oneof(
  { arbitrary: nearby.map((d) => d.toISOString()), weight: 4 },
  { arbitrary: fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()), weight: 4 },
  {
    arbitrary: fc
      .tuple(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 60 }),
        fc.constantFrom('', ':00', ':59', ':60', ':00.123456789', '.5'),
        fc.constantFrom('', 'Z', 'z', '+00:00', '-00:00', '+23:59', '-23:59', '+2400', '+05:30', 'UTC', '+99:99'),
        fc.constantFrom('T', ' ', 't', '_'),
      )
      .map(([y, mo, d, h, mi, s, z, sep]) => {
        const p = (n: number, w = 2) => String(n).padStart(w, '0')
        return `${p(y, 4)}-${p(mo)}-${p(d)}${sep}${p(h)}:${p(mi)}${s}${z}`
      }),
    weight: 3,
  },
  { arbitrary: fc.constantFrom('0001-01-01T00:00:00+23:59', '9999-12-31T23:59:59-23:59', '2020-02-29T00:00:00Z', '2021-02-29T00:00:00Z', '2020-01-01', '1577836800', 'now'), weight: 1 },
)
const date = fc.oneof(
  nearby.map((d) => d.toISOString().slice(0, 10)),
  fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('2000-02-29', '2001-02-29', '2000-13-01', '2000-00-10', '0000-01-01', '3000-01-01', '2000-1-1', '20000101'),
)
const email = fc.oneof(fc.emailAddress(), fc.nat(1000).map((n) => `b${n}@example.com`), fc.constantFrom('a@b', '@example.com', 'x@y.z', 'UPPER@EXAMPLE.COM'))

interface Pools {
  /** Real tokens of user B (and foreign ones) for fields that take a token. */
  tokens: () => string[]
  ownEmail: string
}

/** A value the schema accepts (mostly), so that requests get past validation into the service and the database. */
function validFor(schema: Schema, name: string, pools: Pools): fc.Arbitrary<string> {
  if (/refresh|token|access/i.test(name) && (schema.type === 'string' || schema.type === undefined)) {
    return fc.oneof(fc.constantFrom(...pools.tokens()).map(json), fc.string({ maxLength: 60 }).map(json))
  }
  // The caller's own address half the time: a profile update that keeps the email needs no password.
  if (schema.format === 'email') return fc.oneof(fc.constant(pools.ownEmail), email).map(json)
  // The first choice is usually the default (PENDING, VACATION, employee): the one a client may always send.
  if (schema.enum) return fc.oneof({ arbitrary: fc.constant(schema.enum[0]), weight: 2 }, { arbitrary: fc.constantFrom(...schema.enum), weight: 1 }).map(json)
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? 'string']
  return fc.oneof(
    ...types.map((type): fc.Arbitrary<string> => {
      switch (type) {
        case 'null':
          return fc.constant('null')
        case 'integer':
          return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 }).map(json)
        case 'number':
          return fc.double({ noNaN: true, noDefaultInfinity: true }).map(json)
        case 'boolean':
          return fc.boolean().map(json)
        case 'array':
          return fc.array(validFor(schema.items ?? {}, name, pools), { maxLength: 3 }).map((xs) => `[${xs.join(',')}]`)
        case 'object':
          return fc
            .tuple(...Object.entries(schema.properties ?? {}).map(([k, s]) => validFor(s, k, pools).map((v): [string, string] => [k, v])))
            .map((entries) => objectText(entries))
        default:
          if (schema.format === 'date-time') return dateTime.map(json)
          if (schema.format === 'date') return date.map(json)
          if (schema.format === 'email') return email.map(json)
          return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) }).map(json)
      }
    }),
  )
}

/** Values an attacker would try for fields the server must ignore (mass assignment). */
const massAssignment = fc.constantFrom('1', '2', '0', '-1', 'true', 'false', 'null', '"admin"', '"APPROVED"', '"manager"', '{"id":1}', '[1]', '"x"')

/** A period of a few hours to a few weeks, so that valid requests do not all overlap one another. */
const period = fc
  .tuple(fc.noBias(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) })), fc.noBias(fc.integer({ min: 3_600_000, max: 40 * 86_400_000 })))
  .map(([start, length]) => [new Date(start).toISOString(), new Date(start + length).toISOString()] as const)

/**
 * A JSON object for the endpoint: mostly valid (so the request reaches the service and the database)
 * with mass-assignment keys added, or valid with one field made hostile, or hostile through and through.
 */
function bodyFor(op: Operation, pools: Pools): fc.Arbitrary<string> {
  const props = Object.entries(op.bodyProps ?? {})
  const names = props.map(([name]) => name)
  const valid = fc
    .tuple(
      fc.tuple(...props.map(([name, schema]) => (op.bodyRequired.includes(name) ? validFor(schema, name, pools) : fc.option(validFor(schema, name, pools), { freq: 2 })))),
      period,
      fc.boolean(),
    )
    .map(([values, [start, end], asDates]) => {
      const entries: Array<[string, string]> = []
      // A leave request's period comes as start and end, or as start_date and end_date (with half
      // days), never both: a real client sends one form, whole.
      const twoForms = names.includes('start') && names.includes('start_date')
      const pair: Record<string, string> = asDates ? { start_date: start.slice(0, 10), end_date: end.slice(0, 10) } : { start, end }
      values.forEach((v, i) => {
        const name = names[i]!
        if (twoForms && (asDates ? ['start', 'end'] : ['start_date', 'end_date', 'half_day_start', 'half_day_end']).includes(name)) return
        // A start and an end in order, close together: the common case of a real client.
        if (twoForms && name in pair) return void entries.push([name, json(pair[name])])
        if (v === null) return
        entries.push([name, name === 'start' && names.includes('end') ? json(start) : name === 'end' && names.includes('start') ? json(end) : v])
      })
      return entries
    })
  const extra = fc.array(fc.tuple(fc.constantFrom(...DANGEROUS_KEYS), massAssignment), { maxLength: 3 })
  const mostlyValid = fc.tuple(valid, extra).map(([entries, more]) => objectText([...entries, ...more]))
  const oneHostile = fc.tuple(valid, fc.nat(), hostileJson, extra).map(([entries, i, bad, more]) => {
    if (entries.length > 0) entries[i % entries.length]![1] = bad
    return objectText([...entries, ...more])
  })
  const field = ([name, schema]: [string, Schema]) =>
    fc.option(
      fc.oneof({ arbitrary: validFor(schema, name, pools), weight: 3 }, { arbitrary: hostileJson, weight: 1 }).map((v): [string, string] => [name, v]),
      { freq: 4 },
    )
  const hostile = fc
    .tuple(fc.tuple(...props.map(field)), fc.array(fc.tuple(hostileKey, hostileJson), { maxLength: 3 }), fc.boolean())
    .map(([fields, more, extraFirst]) => {
      const known = fields.filter((f): f is [string, string] => f !== null)
      return objectText(extraFirst ? [...more, ...known] : [...known, ...more])
    })
  return fc.oneof({ arbitrary: mostlyValid, weight: 5 }, { arbitrary: oneHostile, weight: 3 }, { arbitrary: hostile, weight: 3 })
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json;charset=UTF-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/merge-patch+json',
  'application/jsonx',
  'application',
  '*/*',
  '',
]

const RAW_QUERY_VALUES = ['%', '%zz', '%00', '%ED%A0%80', '%FF%FE', '1e309', '-0', '0x10', '1.5', '+1', '%201', '', '[]', '{}', 'null', 'PENDING%00', 'pending', '-1', '0', '501', '9'.repeat(30), 'x'.repeat(5000)]
const queryValue = fc.oneof(
  fc.constantFrom(...RAW_QUERY_VALUES),
  fc.string({ unit: 'binary', maxLength: 20 }).map((s) => encodeURIComponent(s.toWellFormed())),
  fc.integer().map(String),
)

interface Ids {
  own: () => string[]
  other: string[]
}

/** Path ids in every form: own, another user's, malformed, encoded, oversized. */
function pathId(ids: Ids): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.nat().map((i) => ids.own()[i % Math.max(1, ids.own().length)] ?? '1'), weight: 6 },
    { arbitrary: fc.constantFrom(...ids.other), weight: 3 },
    { arbitrary: fc.constantFrom(...ids.other).chain((id) => fc.constantFrom(`0${id}`, `000${id}`, `+${id}`, `${id}.0`, `${id}e0`, ` ${id}`, `${id}%20`, encodeURIComponent(id).replace(/\d/g, (d) => `%3${d}`))), weight: 2 },
    {
      arbitrary: fc.constantFrom('abc', '-1', '0', '1.5', '1e3', '0x1', '2147483647', '2147483648', '4294967296', '9007199254740993', '9'.repeat(10), '9'.repeat(40), 'null', 'undefined', '%00', '%2F', '%2e%2e', '..', '%', '%zz', '%ED%A0%80', '%C3%A9', 'x'.repeat(300), ''),
      weight: 3,
    },
    { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).map((s) => encodeURIComponent(s.toWellFormed())), weight: 2 },
  )
}

interface Generated {
  method: string
  url: string
  headers: Record<string, string>
  payload: string | undefined
  authVariant: string
}

function requestFor(op: Operation, ids: Ids, auth: () => Record<string, string>, pools: Pools): fc.Arbitrary<Generated> {
  const idArb = op.pathParams.length > 0 ? fc.array(pathId(ids), { minLength: op.pathParams.length, maxLength: op.pathParams.length }) : fc.constant([] as string[])
  const queryNames = Object.keys(op.query)
  const queryEntry = fc.oneof(
    ...(queryNames.length > 0
      ? [
          {
            arbitrary: fc.constantFrom(...queryNames).chain((name) =>
              fc.oneof(validFor(op.query[name]!, name, pools).map((v) => String(JSON.parse(v))).map(encodeURIComponent), queryValue).map((v): [string, string] => [name, v]),
            ),
            weight: 4,
          },
        ]
      : []),
    { arbitrary: fc.tuple(fc.constantFrom('user', 'user_id', 'owner', 'scope', 'all', 'include', '__proto__', 'constructor', 'limit', 'offset', 'id'), queryValue), weight: 2 },
    { arbitrary: fc.tuple(fc.string({ maxLength: 8 }).map(encodeURIComponent), queryValue), weight: 1 },
  )
  const body =
    op.bodyProps !== null
      ? fc.oneof({ arbitrary: bodyFor(op, pools), weight: 8 }, { arbitrary: fc.constantFrom(...RAW_BODIES), weight: 2 }, { arbitrary: hostileJson, weight: 1 }, { arbitrary: fc.constant(undefined), weight: 1 })
      : fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: fc.constantFrom(...RAW_BODIES), weight: 1 }, { arbitrary: hostileJson, weight: 1 })
  return fc
    .record({
      ids: idArb,
      slash: fc.boolean(),
      query: fc.array(queryEntry, { maxLength: 4 }),
      body,
      contentType: fc.oneof({ arbitrary: fc.constant('application/json'), weight: 10 }, { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 2 }, { arbitrary: fc.constant(null), weight: 1 }),
      auth: fc.oneof({ arbitrary: fc.constant('valid'), weight: 12 }, { arbitrary: fc.constantFrom(...AUTH_VARIANTS), weight: 3 }, { arbitrary: fc.string({ maxLength: 40 }), weight: 1 }),
      extraHeaders: fc.dictionary(
        // x-requested-with: the cookie endpoints' CSRF header, so their bodies and cookies get fuzzed too.
        fc.constantFrom('x-http-method-override', 'x-forwarded-for', 'x-request-id', 'accept', 'origin', 'x-forwarded-host', 'host', 'accept-encoding', 'cookie', 'content-encoding', 'x-requested-with', 'x-requested-with'),
        fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('DELETE', 'PUT', 'GET', 'gzip', 'application/xml', 'evil.example', '10.0.0.1, 127.0.0.1', '*/*', 'null', 'leavedesk', 'leavedesk')),
        { maxKeys: 3 },
      ),
      head: fc.boolean(),
    })
    .map((r) => {
      let path = op.path
      op.pathParams.forEach((name, i) => (path = path.replace(`{${name}}`, r.ids[i] ?? '')))
      if (r.slash) path += '/'
      const query = r.query.map(([k, v]) => `${k}=${v}`).join('&')
      const headers: Record<string, string> = { ...r.extraHeaders }
      const authHeader = r.auth === 'valid' ? auth().authorization! : Object.hasOwn(AUTH_BUILDERS, r.auth) ? AUTH_BUILDERS[r.auth]!(auth()) : r.auth
      if (authHeader !== '') headers.authorization = authHeader
      if (r.body !== undefined && r.contentType !== null) headers['content-type'] = r.contentType
      return {
        method: op.method === 'GET' && r.head ? 'HEAD' : op.method,
        url: query ? `${path}?${query}` : path,
        headers,
        payload: r.body,
        authVariant: r.auth === 'valid' ? 'valid' : 'other',
      }
    })
}

/** Authorization headers that must not authenticate anyone (B's valid token aside). */
const AUTH_BUILDERS: Record<string, (valid: Record<string, string>) => string> = {
  none: () => '',
  bearerOnly: () => 'Bearer',
  bearerSpace: () => 'Bearer ',
  lower: (v) => v.authorization!.replace('Bearer', 'bearer'),
  doubleSpace: (v) => v.authorization!.replace('Bearer ', 'Bearer  '),
  trailing: (v) => `${v.authorization!} x`,
  basic: () => `Basic ${Buffer.from('a:b').toString('base64')}`,
  tampered: (v) => `${v.authorization!.slice(0, -3)}abc`,
  payloadSwap: (v) => {
    const [h, p, s] = v.authorization!.slice(7).split('.')
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString())
    return `Bearer ${h}.${Buffer.from(JSON.stringify({ ...claims, user_id: 1 })).toString('base64url')}.${s}`
  },
  algNone: (v) => {
    const [, p] = v.authorization!.slice(7).split('.')
    return `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.`
  },
  garbage: () => 'Bearer eyJ.eyJ.sig',
  jwtOfRefresh: () => `Bearer ${FOREIGN.refresh}`,
  wrongKey: () => `Bearer ${FOREIGN.wrongKey}`,
  expired: () => `Bearer ${FOREIGN.expired}`,
  staleVersion: () => `Bearer ${FOREIGN.stale}`,
}
const AUTH_VARIANTS = Object.keys(AUTH_BUILDERS)
const FOREIGN = { refresh: '', wrongKey: '', expired: '', stale: '' }

/** fc.assert with a fixed number of runs; a failure names the seed and a counterexample short enough to read. */
async function assertProperty<T>(arb: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, numRuns: number): Promise<void> {
  await fc.assert(fc.asyncProperty(arb, predicate), {
    numRuns,
    seed: SEED,
    endOnFailure: true,
    reporter: (out) => {
      if (!out.failed) return
      const shorten = (_key: string, v: unknown) => (typeof v === 'string' && v.length > 300 ? `${v.slice(0, 300)}...(${v.length} chars)` : v)
      const cause = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance)
      throw new Error(
        `property failed after ${out.numRuns} runs; reproduce with FUZZ_SEED=${out.seed} (path "${out.counterexamplePath}")\n` +
          `counterexample: ${JSON.stringify(out.counterexample?.[0], shorten)}\n${cause.slice(0, 3000)}`,
      )
    },
  })
}

// ---------------------------------------------------------------------------------------------

const MARK = randomBytes(6).toString('hex')
const A_EMAIL = `alice-${MARK}@example.com`
const B_EMAIL = `bob-${MARK}@example.com`
const A_SECRETS = [A_EMAIL, `desc-${MARK}`, `first-${MARK}`, `last-${MARK}`, `pref-${MARK}`]

/**
 * Fuzzes every endpoint as user B. As an employee, B must never see anything of user A. As an admin
 * (who may see everyone, and manages A), the other invariants still hold and the admin endpoints are reached.
 */
function fuzzAs(role: 'employee' | 'admin', budget: number) {
  const asEmployee = role === 'employee'
  let ctx: TestContext
  let ops: Operation[]
  let tokens: TokenService
  let bId: number
  let bVersion = -1
  let bAuth: Record<string, string> = {}
  let bRefresh = ''
  let aRow: unknown
  let aUser: unknown
  const bRequestIds: string[] = []
  const otherIds: string[] = []
  const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort()
  const seen = new Map<string, Map<number, number>>()

  /**
   * B's token stays valid even after B's own logout-all: a fresh one is minted when the version moves.
   * An admin who demoted or deactivated themselves is put back, so the fuzzing goes on reaching everything.
   */
  async function refreshAuth(): Promise<void> {
    const row = await ctx.db.selectFrom('users').select(['token_version', 'role', 'is_active']).where('id', '=', bId).executeTakeFirstOrThrow()
    if (row.role !== role || row.is_active !== 1) await ctx.db.updateTable('users').set({ role, is_active: 1 }).where('id', '=', bId).execute()
    if (row.token_version !== bVersion) {
      bVersion = row.token_version
      bAuth = bearer(tokens.issue('access', bId, bVersion).token)
      FOREIGN.stale = tokens.issue('access', bId, bVersion - 1).token
    }
  }

  /** B's own ids: pending requests first (the ones that can still change), a few others, B's user id. */
  async function ownIds(): Promise<void> {
    const mine = ctx.db.selectFrom('leave_requests').select('id').where('user_id', '=', bId)
    const pending = await mine.where('status', '=', 'PENDING').orderBy('id', 'desc').limit(15).execute()
    const others = await mine.where('status', '!=', 'PENDING').orderBy('id', 'desc').limit(5).execute()
    bRequestIds.splice(0, bRequestIds.length, ...[...pending, ...others].map((r) => String(r.id)), String(bId))
  }

  before(async () => {
    ctx = await createTestContext()
    const alice = await createUser(ctx.db, { email: A_EMAIL, first_name: `first-${MARK}`, last_name: `last-${MARK}` })
    await ctx.db.updateTable('users').set({ preferred_name: `pref-${MARK}` }).where('id', '=', alice.id).execute()
    const bob = await createUser(ctx.db, { email: B_EMAIL, first_name: 'Bob', role })
    bId = bob.id
    // The admin manages A: their approvals then have something to decide.
    if (!asEmployee) await ctx.db.updateTable('users').set({ manager_id: bId }).where('id', '=', alice.id).execute()
    tokens = new TokenService(ctx.config.secretKey, { access: ctx.config.accessTokenLifetime, refresh: ctx.config.refreshTokenLifetime })
    const aAuth = bearer(tokens.issue('access', alice.id, 0).token)
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/leave-requests',
      headers: aAuth,
      payload: { start: '2030-01-01T00:00:00Z', end: '2030-01-10T00:00:00Z', description: `desc-${MARK}`, type: 'SICK' },
    })
    assert.equal(created.statusCode, 201, created.body)
    otherIds.push(String(created.json().id), String(alice.id))
    aRow = await ctx.db.selectFrom('leave_requests').selectAll().where('user_id', '=', alice.id).execute()
    aUser = await ctx.db.selectFrom('users').selectAll().where('id', '=', alice.id).executeTakeFirstOrThrow()

    bRefresh = (await login(ctx.app, B_EMAIL)).refresh
    await refreshAuth()
    for (let i = 0; i < 3; i++) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/leave-requests',
        headers: bAuth,
        payload: { start: `2031-0${i + 1}-01T00:00:00Z`, end: `2031-0${i + 1}-05T00:00:00Z`, description: `bob ${i}` },
      })
      assert.equal(res.statusCode, 201, res.body)
    }
    await ownIds()
    FOREIGN.refresh = bRefresh
    FOREIGN.wrongKey = new TokenService('another-secret-key-of-sufficient-length-123', { access: 900, refresh: 900 }).issue('access', alice.id, 0).token
    FOREIGN.expired = tokens.issue('access', bId, bVersion, Date.now() - 3_600_000).token

    const doc = await ctx.app.inject({ url: '/api/openapi.json' })
    assert.equal(doc.statusCode, 200)
    ops = readOperations(doc.json())
  })

  after(async () => {
    // Which statuses each endpoint answered: shows the fuzzing reached past validation.
    const lines = [...seen].map(([k, v]) => `  ${k}: ${[...v].sort(([a], [b]) => a - b).map(([status, n]) => `${status}x${n}`).join(' ')}`)
    console.log(`statuses seen as ${role}:\n${lines.join('\n')}`)
    await ctx?.close()
  })

  function record(method: string, path: string, status: number) {
    const key = `${method} ${path}`
    const counts = seen.get(key) ?? new Map<number, number>()
    counts.set(status, (counts.get(status) ?? 0) + 1)
    seen.set(key, counts)
  }

  /** Every invariant of one response. */
  function check(req: Generated, res: LightMyRequestResponse, fuzzedOp: Operation | null) {
    const where = `${req.method} ${req.url.slice(0, 200)} -> ${res.statusCode} ${res.body.slice(0, 300)}`
    assert.ok(res.statusCode < 500, `5xx: ${where}`)

    const everything = res.body + JSON.stringify(res.headers)
    if (asEmployee) for (const secret of A_SECRETS) assert.ok(!everything.includes(secret), `user A's data (${secret}) leaked: ${where}`)
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), protoKeys, `Object.prototype changed: ${where}`)
    assert.equal(({} as Record<string, unknown>).polluted, undefined, `prototype polluted: ${where}`)

    const { pathOps, op } = resolve(ops, req.method, req.url)
    if (fuzzedOp && op === fuzzedOp) record(fuzzedOp.method, fuzzedOp.path, res.statusCode)

    if (req.method === 'HEAD' || res.statusCode === 204) {
      assert.equal(res.body, '', `a ${res.statusCode} has no body: ${where}`)
      return
    }
    if (res.statusCode === 405) assert.ok(res.headers.allow, `405 without Allow: ${where}`)
    const media = op?.mediaTypes.get(res.statusCode) ?? []
    if (media.length > 0 && !media.includes('application/json')) {
      // A documented CSV or iCalendar answer: its own media type, UTF-8.
      assert.ok(media.some((type) => String(res.headers['content-type']) === `${type}; charset=utf-8`), `content type ${String(res.headers['content-type'])}: ${where}`)
      return
    }
    assert.match(String(res.headers['content-type']), /^application\/json; charset=utf-8$/, `not JSON: ${where}`)
    let body: unknown
    assert.doesNotThrow(() => (body = JSON.parse(res.body)), `unparseable JSON: ${where}`)

    if (res.statusCode >= 400) {
      // The two error shapes of the original API, and nothing more (no stack, no SQL).
      const isDetail =
        body !== null &&
        typeof body === 'object' &&
        !Array.isArray(body) &&
        typeof (body as { detail?: unknown }).detail === 'string' &&
        Object.keys(body).every((k) => k === 'detail' || (k === 'code' && typeof (body as { code?: unknown }).code === 'string'))
      const isFieldErrors =
        body !== null &&
        typeof body === 'object' &&
        !Array.isArray(body) &&
        Object.keys(body).length > 0 &&
        Object.values(body).every((v) => Array.isArray(v) && v.length > 0 && v.every((m) => typeof m === 'string'))
      assert.ok(isDetail || (res.statusCode === 400 && isFieldErrors), `error shape: ${where}`)
      if (res.statusCode === 401) assert.equal(res.headers['www-authenticate'], 'Bearer realm="api"', `401 without WWW-Authenticate: ${where}`)
      if (res.statusCode === 404) assert.deepEqual(body, { detail: 'Not found.' }, where)
      if (res.statusCode === 405) assert.match((body as { detail: string }).detail, /^Method "[A-Z]+" not allowed\.$/, where)
    }

    if (op) {
      // A request that reached a documented operation answers one of its documented statuses, in its documented shape.
      const validate = op.responses.get(res.statusCode)
      assert.ok(op.responses.has(res.statusCode), `undocumented status for ${op.method} ${op.path}: ${where}`)
      if (validate) assert.ok(validate(body), `shape for ${op.method} ${op.path} ${res.statusCode}: ${JSON.stringify(validate.errors)} ${where}`)
    } else if (pathOps.length > 0) {
      assert.ok([405, 404, 413, 415, 400].includes(res.statusCode) || (req.method === 'OPTIONS' && res.statusCode === 204), `method not offered: ${where}`)
    } else {
      assert.ok([404, 405, 413, 415, 400].includes(res.statusCode), `unknown path: ${where}`)
    }
  }

  async function send(req: Generated): Promise<LightMyRequestResponse> {
    return ctx.app.inject({ method: req.method as 'GET', url: req.url, headers: req.headers, ...(req.payload !== undefined ? { payload: req.payload } : {}) })
  }

  it('covers every operation of the OpenAPI document', () => {
    assert.ok(ops.length >= 17, `only ${ops.length} operations documented`)
    for (const expected of ['GET /api/leave-requests', 'POST /api/leave-requests', 'GET /api/leave-requests/{id}', 'PUT /api/leave-requests/{id}', 'PATCH /api/leave-requests/{id}', 'DELETE /api/leave-requests/{id}', 'PATCH /api/auth/me']) {
      assert.ok(ops.some((o) => `${o.method} ${o.path}` === expected), `${expected} is not in the OpenAPI document`)
    }
  })

  it(`every endpoint: never 5xx, always the documented JSON shape${asEmployee ? ', never user A’s data' : ''}`, async (t) => {
    const ids: Ids = { own: () => bRequestIds, other: otherIds }
    const pools: Pools = { tokens: () => [bRefresh, bAuth.authorization!.slice(7), FOREIGN.wrongKey, FOREIGN.expired], ownEmail: B_EMAIL }
    for (const op of ops.filter((o) => !ONLY || `${o.method} ${o.path}`.includes(ONLY))) {
      await t.test(`${op.method} ${op.path}`, async () => {
        await assertProperty(
          requestFor(op, ids, () => bAuth, pools),
          async (req) => {
            await refreshAuth()
            const res = await send(req)
            check(req, res, op)
            // Without valid credentials a protected endpoint answers 401 and nothing else.
            const { op: reached } = resolve(ops, req.method, req.url)
            if (reached === op && op.secured && req.authVariant !== 'valid' && req.headers.authorization !== bAuth.authorization) {
              assert.equal(res.statusCode, 401, `unauthenticated request got ${res.statusCode}: ${req.method} ${req.url} ${JSON.stringify(req.headers)}`)
            }
            if (res.statusCode === 201 || res.statusCode === 204) await ownIds()
          },
          runsPerEndpoint(budget, ops.length),
        )
      })
    }
  })

  it('any method on any documented path: no 5xx, 405 with Allow where a method is not offered', { skip: !asEmployee }, async () => {
    const paths = [...new Set(ops.map((o) => o.path))]
    const arb = fc.record({
      method: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'),
      path: fc.constantFrom(...paths),
      id: pathId({ own: () => bRequestIds, other: otherIds }),
      body: fc.option(fc.oneof(hostileJson, fc.constantFrom(...RAW_BODIES)), { freq: 2 }),
      authed: fc.boolean(),
      override: fc.option(fc.constantFrom('DELETE', 'PUT', 'PATCH', 'TRACE')),
    })
    await assertProperty(
      arb,
      async (r) => {
        await refreshAuth()
        const headers: Record<string, string> = r.authed ? { ...bAuth } : {}
        if (r.body !== null) headers['content-type'] = 'application/json'
        if (r.override) headers['x-http-method-override'] = r.override
        const req: Generated = {
          method: r.method,
          url: r.path.replace(/\{[^}]+\}/g, () => r.id),
          headers,
          payload: r.body ?? undefined,
          authVariant: r.authed ? 'valid' : 'none',
        }
        const res = await send(req)
        check(req, res, null)
        if (res.statusCode === 201 || res.statusCode === 204) await ownIds()
      },
      MIXED_RUNS,
    )
  })

  it('left user A’s leave request and account exactly as they were', { skip: !asEmployee }, async () => {
    const alice = aUser as { id: number }
    assert.deepEqual(await ctx.db.selectFrom('leave_requests').selectAll().where('user_id', '=', alice.id).execute(), aRow)
    assert.deepEqual(await ctx.db.selectFrom('users').selectAll().where('id', '=', alice.id).executeTakeFirstOrThrow(), aUser)
  })

  it('reached past validation: requests got to the services and the database', { skip: !!ONLY }, () => {
    // A fuzzer that only ever hits 400 proves little; these statuses show requests reached the database.
    const statuses = (key: string) => seen.get(key) ?? new Map<number, number>()
    // Each expectation holds in all but a vanishing fraction of seeds (each is met by many runs).
    const reached = (what: string, ...cases: Array<[string, number]>) =>
      assert.ok(
        cases.some(([key, status]) => statuses(key).has(status)),
        `${what}: never ${cases.map(([key, status]) => `${key} -> ${status}`).join(' nor ')}`,
      )
    reached('no leave request was read', ['GET /api/leave-requests/{id}', 200])
    reached('no leave request was listed', ['GET /api/leave-requests', 200])
    if (asEmployee) {
      reached('no leave request was created', ['POST /api/leave-requests', 201])
      reached('no id was refused', ['GET /api/leave-requests/{id}', 404])
      reached(
        'no leave request was changed',
        ['PATCH /api/leave-requests/{id}', 200],
        ['PUT /api/leave-requests/{id}', 200],
        ['DELETE /api/leave-requests/{id}', 204],
        ['POST /api/leave-requests/{id}/cancel', 200],
      )
      reached('no profile was changed', ['PATCH /api/auth/me', 200], ['PUT /api/auth/me', 200])
    } else if (ops.some((o) => o.path === '/api/users')) {
      reached('no user was read', ['GET /api/users', 200], ['GET /api/users/{id}', 200])
    }
  })
}

describe('fuzzing every documented endpoint as employee B, with user A’s data in the database', () => fuzzAs('employee', EMPLOYEE_RUNS))
describe('fuzzing every documented endpoint as an admin', () => fuzzAs('admin', ADMIN_RUNS))

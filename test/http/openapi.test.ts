// The generated OpenAPI document has what redocly's recommended rules and client generators need
// (src/http/openapi.ts). `npm run lint:openapi` runs redocly itself on it, in CI.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import Fastify, { type HTTPMethods } from 'fastify'
import { checkOperationIds, operationIdFor } from '../../src/http/openapi.js'
import { createTestContext, type TestContext } from '../helpers/harness.js'

interface Operation {
  operationId?: string
  security?: Array<Record<string, string[]>>
  responses?: Record<string, unknown>
}
interface Doc {
  info: { license?: { name?: string; url?: string; identifier?: string } }
  servers?: Array<{ url: string }>
  components?: { securitySchemes?: Record<string, unknown> }
  paths: Record<string, Record<string, Operation>>
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'])

let ctx: TestContext
let doc: Doc
let operations: Array<{ method: string; path: string; op: Operation }>

before(async () => {
  ctx = await createTestContext()
  const res = await ctx.app.inject({ url: '/api/openapi.json' })
  assert.equal(res.statusCode, 200)
  doc = res.json()
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  )
})
after(() => ctx.close())

const isBearer = (op: Operation) => (op.security ?? []).some((requirement) => Object.hasOwn(requirement, 'bearer'))
/** A concrete URL of a documented path: every parameter 1. */
const urlOf = (path: string) => path.replace(/\{[^}]+\}/g, '1')

describe('the OpenAPI document', () => {
  it('documents operations, without HEAD twins or trailing-slash paths', () => {
    assert.ok(operations.length >= 20, `only ${operations.length} operations`)
    for (const { method, path } of operations) {
      assert.notEqual(method, 'HEAD', `HEAD ${path} is documented`)
      assert.ok(path === '/' || !path.endsWith('/'), `${path} ends with a slash`)
    }
  })

  it('gives every operation a unique, camelCase operationId', () => {
    const owners = new Map<string, string>()
    for (const { method, path, op } of operations) {
      const where = `${method} ${path}`
      assert.ok(op.operationId, `${where} has no operationId`)
      assert.match(op.operationId, /^[a-z][A-Za-z0-9]*$/, where)
      assert.equal(owners.get(op.operationId), undefined, `${where} and ${owners.get(op.operationId)} share "${op.operationId}"`)
      owners.set(op.operationId, where)
    }
  })

  it('names operations after their method and path', () => {
    const idOf = (method: string, path: string) => doc.paths[path]?.[method]?.operationId
    const expected: Array<[string, string, string]> = [
      ['get', '/api/leave-requests', 'listLeaveRequests'],
      ['post', '/api/leave-requests', 'createLeaveRequest'],
      ['get', '/api/leave-requests/{id}', 'getLeaveRequest'],
      ['put', '/api/leave-requests/{id}', 'replaceLeaveRequest'],
      ['patch', '/api/leave-requests/{id}', 'updateLeaveRequest'],
      ['delete', '/api/leave-requests/{id}', 'deleteLeaveRequest'],
      ['post', '/api/leave-requests/{id}/approve', 'approveLeaveRequest'],
      ['post', '/api/leave-requests/{id}/approve-cancellation', 'approveLeaveRequestCancellation'],
      ['get', '/api/leave-requests/{id}/history', 'getLeaveRequestHistory'],
      ['get', '/api/auth/me', 'getMe'],
      ['post', '/api/auth/logout-all', 'logoutAll'],
      ['get', '/api/users', 'listUsers'],
      ['post', '/api/users/{id}/deactivate', 'deactivateUser'],
      ['get', '/healthz', 'getHealthz'],
    ]
    for (const [method, path, id] of expected) assert.equal(idOf(method, path), id, `${method.toUpperCase()} ${path}`)
  })

  it('marks every operation without bearer security public with security: []', () => {
    assert.ok(doc.components?.securitySchemes?.bearer, 'the bearer scheme is declared')
    for (const { method, path, op } of operations) {
      assert.ok(Array.isArray(op.security), `${method} ${path} declares no security`)
      if (!isBearer(op)) assert.deepEqual(op.security, [], `${method} ${path}`)
    }
    assert.deepEqual(doc.paths['/api/auth/token']?.post?.security, [])
    assert.ok(isBearer(doc.paths['/api/leave-requests']!.get!))
  })

  it('is right about which operations are public', async () => {
    // Authentication runs before validation, so a protected route answers 401 to a request without
    // credentials whatever its body; a route documented public must not.
    for (const { method, path, op } of operations) {
      const res = await ctx.app.inject({
        method: method as HTTPMethods,
        url: urlOf(path),
        ...(['POST', 'PUT', 'PATCH'].includes(method) ? { payload: {} } : {}),
      })
      const where = `${method} ${path} -> ${res.statusCode} ${res.body.slice(0, 200)}`
      if (isBearer(op)) assert.equal(res.statusCode, 401, where)
      else assert.ok(!(res.statusCode === 401 && /credentials were not provided/.test(res.body)), `documented public, but asks for credentials: ${where}`)
    }
  })

  it('lists a 4xx response for every operation', () => {
    for (const { method, path, op } of operations) {
      assert.ok(Object.keys(op.responses ?? {}).some((s) => /^4/.test(s)), `${method} ${path}`)
    }
  })

  it('has servers and a licence', () => {
    assert.ok(doc.servers && doc.servers.length > 0, 'servers')
    for (const server of doc.servers) assert.ok(server.url === '/' || !server.url.endsWith('/'), server.url)
    assert.ok(doc.info.license?.name, 'license.name')
    assert.ok(doc.info.license.url || doc.info.license.identifier, 'license.url or license.identifier')
  })
})

describe('operationIdFor', () => {
  it('derives readable ids from the method and the path, in either parameter syntax', () => {
    const cases: Array<[string, string, string]> = [
      ['GET', '/api/leave-requests/:id', 'getLeaveRequest'],
      ['GET', '/api/users/{userId}/leave-requests', 'listUserLeaveRequests'],
      ['POST', '/api/users/:userId/leave-requests', 'createUserLeaveRequest'],
      ['POST', '/api/leave-requests/preview', 'previewLeaveRequest'],
      ['GET', '/api/policies', 'listPolicies'],
      ['GET', '/api/status', 'getStatus'],
      ['DELETE', '/api/users/{id}/avatar', 'deleteUserAvatar'],
      ['GET', '/', 'getRoot'],
    ]
    for (const [method, path, id] of cases) assert.equal(operationIdFor(method, path), id, `${method} ${path}`)
    assert.equal(operationIdFor('GET', '/api/settings', { returnsArray: false }), 'getSettings')
    assert.equal(operationIdFor('GET', '/api/settings'), 'listSettings')
  })

  it('stops the app from starting when two operations would share an id', async () => {
    const app = Fastify()
    app.addHook('onRoute', checkOperationIds())
    app.get('/api/users', async () => [])
    assert.throws(() => app.get('/api/admin/users', async () => []), /operationId "listUsers" of GET \/api\/admin\/users is already the operationId of GET \/api\/users/)
    app.get('/api/admin/users/:id', { schema: { operationId: 'getAdminUser' } }, async () => ({}))
    assert.throws(() => app.get('/api/other', { schema: { operationId: 'getAdminUser' } }, async () => ({})), /already the operationId/)
    await app.close()
  })
})

// The server's side of the web app: which paths answer the app (deep links), which keep the API's
// JSON 404, and the headers of each (the app's CSP, immutable hashed assets, an uncached index).
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createRequire } from 'node:module'
import { APP_CSP, REACT_ARIA_STYLES } from '../../src/http/web-app.js'
import { createTestContext, type TestContext } from '../helpers/harness.js'

const INDEX = '<!doctype html><title>Leavedesk</title><script type="module" src="/assets/app-3f2a1b.js"></script>'
const API_CSP = "default-src 'none'; frame-ancestors 'none'"

let ctx: TestContext
let root: string

before(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'leavedesk-web-'))
  mkdirSync(path.join(root, 'assets'))
  mkdirSync(path.join(root, '.vite'))
  writeFileSync(path.join(root, 'index.html'), INDEX)
  writeFileSync(path.join(root, 'assets', 'app-3f2a1b.js'), 'console.log(1)')
  writeFileSync(path.join(root, 'assets', 'app-3f2a1b.js.br'), brotliCompressSync('console.log(1)'))
  writeFileSync(path.join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  writeFileSync(path.join(root, '.vite', 'manifest.json'), '{"secret":true}')
  ctx = await createTestContext({}, { webRoot: root })
})
after(async () => {
  await ctx.close()
  rmSync(root, { recursive: true, force: true })
})

const get = (url: string, method: 'GET' | 'HEAD' | 'POST' = 'GET') => ctx.app.inject({ method, url })

describe('the web app', () => {
  it('answers the app for / and every deep link, with its own CSP and no caching of the index', async () => {
    for (const url of ['/', '/leave', '/leave/new', '/leave-requests/12/', '/reset-password/?token=abc', '/set-password/?token=x', '/admin/people/3', '/index.html']) {
      const res = await get(url)
      assert.equal(res.statusCode, 200, url)
      assert.equal(res.body, INDEX, url)
      assert.match(String(res.headers['content-type']), /^text\/html/, url)
      assert.equal(res.headers['content-security-policy'], APP_CSP, url)
      assert.equal(res.headers['cache-control'], 'no-cache', url)
      assert.equal(res.headers['x-frame-options'], 'DENY', url)
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url)
    }
  })

  it('the app CSP allows no inline script, no eval and no framing', () => {
    const directives = Object.fromEntries(APP_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]))
    assert.equal(directives['script-src'], "'self'")
    assert.match(directives['style-src']!, /^'self'( 'sha256-[A-Za-z0-9+/]+=*')+$/)
    assert.equal(directives['frame-ancestors'], "'none'")
    assert.equal(directives['object-src'], "'none'")
    assert.doesNotMatch(APP_CSP, /unsafe-inline|unsafe-eval|\*/)
  })

  it('allows by hash exactly the <style> texts the installed react-aria injects', () => {
    const dir = path.dirname(createRequire(import.meta.url).resolve('react-aria/package.json'))
    const injected = ['interactions/usePress.mjs', 'overlays/usePreventScroll.mjs'].map((file) => {
      const source = readFileSync(path.join(dir, 'dist', 'private', file), 'utf8')
      const template = /style\.textContent = `([^`]*)`\.trim\(\)/.exec(source)?.[1]
      assert.ok(template, `no injected style found in react-aria ${file}: check what it injects now`)
      return template.replace(/\$\{[^}]*PRESSABLE_ATTRIBUTE\}/, 'data-react-aria-pressable').trim()
    })
    assert.deepEqual(injected, REACT_ARIA_STYLES)
  })

  it('serves hashed assets as immutable for a year, other files revalidated', async () => {
    const asset = await get('/assets/app-3f2a1b.js')
    assert.equal(asset.statusCode, 200)
    assert.equal(asset.body, 'console.log(1)')
    assert.match(String(asset.headers['content-type']), /javascript/)
    assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable')
    assert.equal(asset.headers['content-security-policy'], APP_CSP)
    const icon = await get('/favicon.svg')
    assert.equal(icon.statusCode, 200)
    assert.equal(icon.headers['cache-control'], 'no-cache')
  })

  it('sends the pre-compressed copy to a browser that accepts it, with the same headers', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/assets/app-3f2a1b.js', headers: { 'accept-encoding': 'gzip, deflate, br' } })
    assert.equal(res.statusCode, 200)
    assert.equal(res.headers['content-encoding'], 'br')
    assert.match(String(res.headers.vary), /accept-encoding/i)
    assert.equal(brotliDecompressSync(res.rawPayload).toString(), 'console.log(1)')
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable')
    assert.equal(res.headers['content-security-policy'], APP_CSP)
    const plain = await ctx.app.inject({ method: 'GET', url: '/assets/app-3f2a1b.js', headers: { 'accept-encoding': 'identity' } })
    assert.equal(plain.headers['content-encoding'], undefined)
    assert.equal(plain.body, 'console.log(1)')
  })

  it('keeps the API JSON 404 for unknown API paths and missing assets, never the app', async () => {
    for (const url of ['/api', '/api/', '/api/nope', '/api/leave-requests/1/extra', '/assets/app-old.js']) {
      const res = await get(url)
      assert.equal(res.statusCode, 404, url)
      assert.deepEqual(res.json(), { detail: 'Not found.' }, url)
      assert.equal(res.headers['content-security-policy'], API_CSP, url)
      assert.equal(res.headers['cache-control'], 'no-store', url)
    }
  })

  it('never serves dot files or paths outside its folder', async () => {
    const manifest = await get('/.vite/manifest.json')
    assert.doesNotMatch(manifest.body, /secret/)
    for (const url of ['/..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd']) {
      const res = await get(url)
      assert.doesNotMatch(res.body, /root:/, url)
      assert.ok(res.statusCode === 404 || res.body === INDEX, `${url}: ${res.statusCode}`)
    }
  })

  it('leaves the API as it was: health, JSON answers and the API CSP', async () => {
    const health = await get('/healthz')
    assert.equal(health.statusCode, 200)
    assert.deepEqual(health.json(), { status: 'ok' })
    assert.equal(health.headers['content-security-policy'], API_CSP)
    const me = await get('/api/auth/me')
    assert.equal(me.statusCode, 401)
    assert.equal(me.headers['content-security-policy'], API_CSP)
  })

  it('answers HEAD like GET and refuses other methods on app paths with 404', async () => {
    const head = await get('/leave', 'HEAD')
    assert.equal(head.statusCode, 200)
    assert.equal(head.body, '')
    const post = await get('/leave', 'POST')
    assert.equal(post.statusCode, 404)
  })
})

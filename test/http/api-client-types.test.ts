// The web app's API types (web/src/api/schema.d.ts) are generated from the server's OpenAPI
// document and committed. When a route's schema changes without `npm run gen:api`, this fails, so
// the app's type check (not its users) meets the change.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { it } from 'node:test'
import { apiClientTypes, SCHEMA_FILE } from '../../scripts/generate-api-client.js'

it('web/src/api/schema.d.ts is the current OpenAPI document (run `npm run gen:api` when this fails)', async () => {
  const committed = readFileSync(SCHEMA_FILE, 'utf8')
  const current = await apiClientTypes()
  if (committed !== current) {
    const a = committed.split('\n')
    const b = current.split('\n')
    const line = a.findIndex((text, i) => text !== b[i])
    assert.fail(`stale at line ${line + 1}: committed ${JSON.stringify(a[line])}, current ${JSON.stringify(b[line])}. Run npm run gen:api.`)
  }
})

#!/usr/bin/env node
// In a checkout (src/ and tsx present) runs the TypeScript source, so the CLI never lags behind the
// code, e.g. a migration added since the last build; in an install without them, the compiled dist/.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const source = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url))
let tsx = false
try {
  createRequire(import.meta.url).resolve('tsx/esm/api')
  tsx = true
} catch {
  // No tsx: a production install.
}
if (tsx && existsSync(source)) {
  const { register } = await import('tsx/esm/api')
  register()
  await import(new URL('../src/cli/main.ts', import.meta.url).href)
} else {
  await import(new URL('../dist/cli/main.js', import.meta.url).href)
}

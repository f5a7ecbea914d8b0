// The JSON body parser: safe against prototype pollution, and strict about text that the
// databases cannot store faithfully (PostgreSQL refuses NUL; lone surrogates are not Unicode).
import type { FastifyInstance } from 'fastify'
import sjson from 'secure-json-parse'
import { ValidationError } from '../errors.js'

const MAX_DEPTH = 32

export class JsonParseError extends Error {}

/** Walks the parsed value without recursion and rejects bad strings and extreme nesting. Query strings get it too. */
export function checkValue(root: unknown): void {
  const stack: Array<{ value: unknown; depth: number; field: string }> = [{ value: root, depth: 0, field: 'error' }]
  while (stack.length > 0) {
    const { value, depth, field } = stack.pop()!
    if (typeof value === 'string') {
      if (value.includes('\0')) throw ValidationError.field(field, 'Null characters are not allowed.')
      if (!value.isWellFormed()) throw ValidationError.field(field, 'Text must be valid Unicode (no lone surrogates).')
      continue
    }
    if (value === null || typeof value !== 'object') continue
    if (depth >= MAX_DEPTH) throw ValidationError.object(`JSON nesting is deeper than ${MAX_DEPTH} levels.`)
    for (const [key, child] of Object.entries(value)) {
      if (!key.isWellFormed() || key.includes('\0')) throw ValidationError.object('Keys must be valid Unicode without null characters.')
      // Errors name the top-level field they were found under.
      stack.push({ value: child, depth: depth + 1, field: depth === 0 && !Array.isArray(value) ? key : field })
    }
  }
}

export function parseJsonBody(text: string): unknown {
  // An empty body reads as an empty object, as the original did: the client then hears which fields are required.
  if (text.trim() === '') return {}
  let value: unknown
  try {
    value = sjson.parse(text, undefined, { protoAction: 'remove', constructorAction: 'remove' })
  } catch (err) {
    throw new JsonParseError((err as Error).message)
  }
  checkValue(value)
  return value
}

export function registerJsonParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as string))
    } catch (err) {
      done(err as Error, undefined)
    }
  })
}

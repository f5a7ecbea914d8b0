import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { describe, it } from 'node:test'
import type { FastifyBaseLogger } from 'fastify'
import pino from 'pino'
import { lazyChildLogger } from '../../src/http/request-logger.js'

function logger(level: string) {
  const lines: Array<Record<string, unknown>> = []
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>)
      done()
    },
  })
  let children = 0
  const parent = pino({ level, redact: ['*.password'] }, stream)
  const child = parent.child
  parent.child = function (this: typeof parent, ...args: Parameters<typeof child>) {
    children++
    return child.apply(this, args)
  } as typeof parent.child
  return { parent: parent as unknown as FastifyBaseLogger, lines, children: () => children }
}

describe('lazyChildLogger', () => {
  it('makes no child for levels that are off, and one child, with the bindings, on the first line logged', () => {
    const l = logger('warn')
    const log = lazyChildLogger(l.parent, { reqId: 'r-1' }, {})
    log.info('quiet')
    log.debug({ body: { password: 'x' } }, 'quiet')
    assert.equal(l.children(), 0)
    log.warn({ body: { password: 'secret' } }, 'loud')
    log.error('louder')
    assert.equal(l.children(), 1, 'one child for the whole request')
    assert.deepEqual(
      l.lines.map((line) => [line.reqId, line.msg, line.level]),
      [
        ['r-1', 'loud', 40],
        ['r-1', 'louder', 50],
      ],
    )
    assert.equal(JSON.stringify(l.lines).includes('secret'), false, 'redaction still applies')
    log.child({ step: 2 }).warn('deeper')
    assert.deepEqual([l.lines[2]?.reqId, l.lines[2]?.step], ['r-1', 2])
  })

  it('follows a route’s own level when it has one', () => {
    const l = logger('warn')
    const log = lazyChildLogger(l.parent, { reqId: 'r-2' }, { level: 'debug' })
    assert.equal(log.level, 'debug')
    log.debug('shown')
    assert.deepEqual(
      l.lines.map((line) => [line.reqId, line.msg]),
      [['r-2', 'shown']],
    )
  })
})

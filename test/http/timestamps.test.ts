import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isoTimestamp } from '../../src/http/timestamps.js'

describe('isoTimestamp', () => {
  it('writes exactly what Date#toISOString writes', () => {
    const day = 86_400_000
    const edges = [0, -1, 1, day - 1, day, -day, -day - 1, Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(2100, 1, 28, 12), Date.UTC(1900, 0, 1)]
    const far = [Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(10000, 0, 1), Date.UTC(-1, 5, 6, 7, 8, 9, 10), 8.64e15, -8.64e15]
    let seed = 42
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31
    const spread = Array.from({ length: 20_000 }, () => Math.floor((random() - 0.3) * 200 * 365 * day))
    for (const ms of [...edges, ...far, ...spread, 1.5, -1.5, 999.9]) assert.equal(isoTimestamp(ms), new Date(ms).toISOString(), String(ms))
  })

  it('refuses what toISOString refuses', () => {
    for (const ms of [Number.NaN, 8.64e15 + 1, Number.POSITIVE_INFINITY]) assert.throws(() => isoTimestamp(ms), RangeError)
  })
})

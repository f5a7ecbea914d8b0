// argon2 runs at most HASH_CONCURRENCY at a time, so a login flood leaves a core to the event loop.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { HASH_CONCURRENCY, hashPassword, hashQueue, verifyPassword } from '../../src/auth/passwords.js'

describe('password hashing concurrency', () => {
  it('never runs more than HASH_CONCURRENCY hashes at once, and every caller gets its answer', async () => {
    const hash = await hashPassword('a correct password')
    let peak = 0
    let peakWaiting = 0
    let sampling = true
    const sample = () => {
      const q = hashQueue()
      peak = Math.max(peak, q.running)
      peakWaiting = Math.max(peakWaiting, q.waiting)
      if (sampling) setImmediate(sample)
    }
    sample()
    const n = HASH_CONCURRENCY * 3 + 2
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) => verifyPassword(hash, i % 2 === 0 ? 'a correct password' : 'a wrong password')),
    )
    sampling = false
    assert.deepEqual(
      results,
      Array.from({ length: n }, (_, i) => i % 2 === 0),
    )
    assert.equal(peak, HASH_CONCURRENCY)
    assert.ok(peakWaiting >= n - HASH_CONCURRENCY - 1, `peak waiting ${peakWaiting}`)
    assert.deepEqual(hashQueue(), { running: 0, waiting: 0 })
  })

  it('frees the slot when a check throws (a malformed hash), so later checks still run', async () => {
    const bad = await Promise.all(Array.from({ length: HASH_CONCURRENCY + 2 }, () => verifyPassword('not-a-hash', 'x')))
    assert.ok(bad.every((ok) => ok === false))
    assert.deepEqual(hashQueue(), { running: 0, waiting: 0 })
    assert.equal(await verifyPassword(await hashPassword('still works'), 'still works'), true)
  })
})

// The sign-in page's `next`: any string an attacker can put in a link must end on this origin.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HOME, safeNext } from './next-path'

const ORIGIN = 'https://leave.example.com'

describe('safeNext', () => {
  it('keeps the app paths people are sent back to', () => {
    expect(safeNext('/calendar?month=2027-04', ORIGIN)).toBe('/calendar?month=2027-04')
    expect(safeNext('/leave-requests/12/', ORIGIN)).toBe('/leave-requests/12/')
    expect(safeNext('/admin/people?q=a%20b#top', ORIGIN)).toBe('/admin/people?q=a%20b#top')
  })

  it('sends everything that could leave the origin to My leave', () => {
    for (const hostile of [null, '', 'https://evil.example', '//evil.example', '/\\evil.example', '\\\\evil.example', '/\t/evil.example', '/\n/evil.example', '/\r//evil.example', 'javascript:alert(1)', ' /leave', 'leave']) {
      expect(safeNext(hostile, ORIGIN)).toBe(HOME)
    }
  })

  it('never yields a target outside the origin, for any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.string().map((s) => '/' + s), fc.string().map((s) => '//' + s)), (next) => {
        const target = safeNext(next, ORIGIN)
        expect(target.startsWith('/')).toBe(true)
        expect(new URL(target, ORIGIN).origin).toBe(ORIGIN)
      }),
      { numRuns: 2000 },
    )
  })
})

// A change sent to the server from a form or button: pending while it runs (so it cannot be sent
// twice), its error kept for the form to show (per field where the server named fields).
import { useCallback, useRef, useState } from 'react'
import { ApiError } from './errors'

export interface Mutation<A extends unknown[], R> {
  run: (...args: A) => Promise<R | undefined>
  pending: boolean
  error: unknown
  /** The server's messages per body field of a 400. */
  fieldErrors: Record<string, string[]>
  reset: () => void
}

export function useMutation<A extends unknown[], R>(action: (...args: A) => Promise<R>): Mutation<A, R> {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const running = useRef(false)
  const run = useCallback(
    async (...args: A) => {
      if (running.current) return undefined
      running.current = true
      setPending(true)
      setError(undefined)
      try {
        return await action(...args)
      } catch (err) {
        setError(err)
        return undefined
      } finally {
        running.current = false
        setPending(false)
      }
    },
    [action],
  )
  const reset = useCallback(() => setError(undefined), [])
  return { run, pending, error, fieldErrors: error instanceof ApiError ? error.fields : {}, reset }
}

// The live preview of a draft request: POST /api/leave-requests/preview ~300 ms after the person
// stops changing it; a newer draft aborts the call in flight, so an older answer never wins.
import { useEffect, useState } from 'react'
import { previewRequest, type LeaveRequestBody, type Preview } from './leave-api'

export interface PreviewState {
  preview: Preview | null
  error: unknown
  checking: boolean
}

const DEBOUNCE_MS = 300

export function usePreview(body: LeaveRequestBody | null): PreviewState {
  const [state, setState] = useState<PreviewState>({ preview: null, error: undefined, checking: false })
  // The body's JSON is the dependency: a new object with the same fields sends nothing.
  const json = body ? JSON.stringify(body) : null
  useEffect(() => {
    if (json === null) {
      setState({ preview: null, error: undefined, checking: false })
      return
    }
    const controller = new AbortController()
    setState((previous) => ({ ...previous, checking: true }))
    const timer = window.setTimeout(() => {
      previewRequest(JSON.parse(json) as LeaveRequestBody, controller.signal).then(
        (preview) => {
          if (!controller.signal.aborted) setState({ preview, error: undefined, checking: false })
        },
        (error: unknown) => {
          if (!controller.signal.aborted) setState({ preview: null, error, checking: false })
        },
      )
    }, DEBOUNCE_MS)
    return () => {
      window.clearTimeout(timer)
      controller.abort()
    }
  }, [json])
  return state
}

// A table that may scroll sideways on a phone: the scrolling box is a labelled, focusable region,
// so that keyboard users can scroll it too (axe: scrollable-region-focusable).
import type { ReactNode } from 'react'

export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap scroll-region" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  )
}

// A table's horizontal scroller on a phone. Focusable and named, so that keyboard users can scroll
// a table without links or buttons in it (axe: scrollable-region-focusable).
import type { ReactNode } from 'react'

export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  )
}

// A table of records as every page shows one: a named, focusable scroller on narrow screens
// (ScrollRegion), a <caption>, and a header row of <th scope="col">; the page gives the body rows.
import type { ReactNode } from 'react'
import { ScrollRegion } from './scroll-region'

export interface Column {
  label: ReactNode
  /** Right-aligned, for amounts and durations. */
  numeric?: boolean
}

interface DataTableProps {
  caption: ReactNode
  /** The scroller's accessible name. */
  label: string
  columns: ReadonlyArray<Column | string>
  className?: string
  /** The <tr> rows. */
  children: ReactNode
}

export function DataTable({ caption, label, columns, className, children }: DataTableProps) {
  return (
    <ScrollRegion label={label}>
      <table className={className ? `data ${className}` : 'data'}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, i) => {
              const { label: text, numeric } = typeof column === 'string' ? { label: column, numeric: false } : column
              return (
                <th key={i} scope="col" className={numeric ? 'num' : undefined}>
                  {text}
                </th>
              )
            })}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </ScrollRegion>
  )
}

// What the chart's marks mean: every one has a pattern or outline as well as a colour.
import type { Messages } from '../../i18n/messages'

export function Legend({ t }: { t: Messages }) {
  const items = [
    { swatch: 'cal-swatch cal-approved', label: t.calendar.legendApproved },
    { swatch: 'cal-swatch cal-pending', label: t.calendar.legendPending },
    { swatch: 'cal-swatch cal-cancel', label: t.calendar.legendCancellation },
    { swatch: 'cal-swatch cal-swatch-half', label: t.calendar.legendHalf },
    { swatch: 'cal-swatch cal-swatch-weekend', label: t.calendar.legendWeekend },
    { swatch: 'cal-swatch cal-swatch-holiday', label: t.calendar.legendHoliday },
    { swatch: 'cal-swatch cal-swatch-today', label: t.calendar.legendToday },
  ]
  return (
    <section className="cal-legend" aria-labelledby="cal-legend-title">
      <h2 id="cal-legend-title">{t.calendar.legendTitle}</h2>
      <ul>
        {items.map((item) => (
          <li key={item.label}>
            <span className={item.swatch} aria-hidden="true">
              {item.swatch.includes('holiday') ? '★' : null}
            </span>
            {item.label}
          </li>
        ))}
      </ul>
    </section>
  )
}

// Days of the month where a coverage rule is broken (managers and admins; others get none).
import { formatDate, formatNumber, type Locale } from '../../i18n/format'
import type { Messages } from '../../i18n/messages'
import { Section } from '../../ui/page'
import type { CalendarAnswer } from './calendar-data'

export function CoverageTable({ coverage, locale, t }: { coverage: CalendarAnswer['coverage']; locale: Locale; t: Messages }) {
  if (coverage.length === 0) return null
  return (
    <Section title={t.calendar.coverageTitle}>
      {/* Focusable: the keyboard can scroll it when it is wider than a phone. */}
      <div className="table-wrap cal-coverage-wrap" role="region" aria-label={t.calendar.coverageCaption} tabIndex={0}>
        <table className="data">
          <caption>{t.calendar.coverageCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.calendar.coverageDate}</th>
              <th scope="col">{t.calendar.coverageGroup}</th>
              <th scope="col">{t.calendar.coveragePresent}</th>
              <th scope="col">{t.calendar.coverageMode}</th>
            </tr>
          </thead>
          <tbody>
            {coverage.map((row) => (
              <tr key={`${row.rule_id}-${row.date}`}>
                <th scope="row">{formatDate(row.date, locale, { weekday: 'short', day: 'numeric', month: 'short' })}</th>
                <td>{row.group}</td>
                <td>{t.calendar.coverageCount(formatNumber(row.present, locale), formatNumber(row.min_present, locale))}</td>
                <td>{t.calendar.coverageModes[row.mode] ?? row.mode}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  )
}

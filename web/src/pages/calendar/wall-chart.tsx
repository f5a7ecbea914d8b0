// The month wall chart: one row per person, one column per day. Cells are plain elements built in
// one pass (no component or hook per cell), so 50 people × 31 days render at once.
import { useMemo } from 'react'
import { formatDate, type Locale } from '../../i18n/format'
import type { Messages } from '../../i18n/messages'
import type { CalendarHoliday, CalendarPerson } from './calendar-data'
import { cellLabel, statusClass } from './labels'
import { cellsOf, isWeekend, type DayCell } from './month'
import { personName } from '../../people'

interface WallChartProps {
  caption: string
  days: readonly string[]
  people: readonly CalendarPerson[]
  holidays: Map<string, CalendarHoliday[]>
  today: string
  locale: Locale
  t: Messages
  typeName: (code: string) => string
}

export function holidayText(holidays: readonly CalendarHoliday[] | undefined, t: Messages): string {
  if (!holidays?.length) return ''
  return holidays.map((h) => t.calendar.holiday(h.name, h.region) + (h.half_day ? ` (${t.calendar.halfDayHoliday})` : '')).join('; ')
}

function dayClass(day: string, today: string, holidays: Map<string, CalendarHoliday[]>): string {
  let name = 'cal-cell'
  if (isWeekend(day)) name += ' cal-weekend'
  if (holidays.has(day)) name += ' cal-holiday'
  if (day === today) name += ' cal-today'
  return name
}

/** A cell's bars (whole or two halves) and the words for them; a plain function, called per cell. */
function cellContent(cell: DayCell, label: string) {
  const whole = cell.morning !== null && cell.morning === cell.afternoon
  return (
    <>
      {whole ? (
        <span className={`cal-bar cal-full ${statusClass(cell.morning!.status)}`} aria-hidden="true" />
      ) : (
        <span className="cal-bar cal-split" aria-hidden="true">
          <span className={cell.morning ? `cal-half ${statusClass(cell.morning.status)}` : 'cal-half'} />
          <span className={cell.afternoon ? `cal-half ${statusClass(cell.afternoon.status)}` : 'cal-half'} />
        </span>
      )}
      <span className="visually-hidden">{label}</span>
    </>
  )
}

export function WallChart({ caption, days, people, holidays, today, locale, t, typeName }: WallChartProps) {
  const classes = useMemo(() => days.map((day) => dayClass(day, today, holidays)), [days, today, holidays])
  const rows = useMemo(() => people.map((person) => ({ person, cells: cellsOf(person.absences, days) })), [people, days])
  return (
    // Focusable, so that the keyboard can scroll the chart sideways when it is wider than the screen.
    <div className="table-wrap cal-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="cal-chart">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="cal-name">
              {t.calendar.person}
            </th>
            {days.map((day, i) => {
              const holidayName = holidayText(holidays.get(day), t)
              return (
                <th key={day} scope="col" className={classes[i]} title={holidayName || undefined}>
                  <span className="cal-weekday">{formatDate(day, locale, { weekday: 'short' })}</span>{' '}
                  <span className="cal-daynum">{formatDate(day, locale, { day: 'numeric' })}</span>
                  {day === today ? <span className="visually-hidden">, {t.calendar.today}</span> : null}
                  {holidayName ? <span className="visually-hidden">, {holidayName}</span> : null}
                  {holidayName ? <span className="cal-holiday-mark" aria-hidden="true">★</span> : null}
                </th>
              )
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ person, cells }) => (
            <tr key={person.user.id}>
              <th scope="row" className="cal-name">
                {personName(person.user)}
              </th>
              {days.map((day, i) => {
                const cell = cells.get(day)
                if (!cell) return <td key={day} className={classes[i]} />
                const label = cellLabel(cell, t, typeName)
                return (
                  <td key={day} className={classes[i]} title={label}>
                    {cellContent(cell, label)}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

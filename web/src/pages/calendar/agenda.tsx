// The month as a list for a phone: each day with someone away or a holiday, and who it is.
import { useMemo } from 'react'
import { formatDate, type Locale } from '../../i18n/format'
import type { Messages } from '../../i18n/messages'
import { EmptyState } from '../../ui/states'
import type { CalendarHoliday, CalendarPerson } from './calendar-data'
import { cellLabel, statusClass } from './labels'
import { cellsOf } from './month'
import { holidayText } from './wall-chart'
import { personName } from '../../people'

interface AgendaProps {
  title: string
  days: readonly string[]
  people: readonly CalendarPerson[]
  holidays: Map<string, CalendarHoliday[]>
  today: string
  locale: Locale
  t: Messages
  typeName: (code: string) => string
}

export function Agenda({ title, days, people, holidays, today, locale, t, typeName }: AgendaProps) {
  const entries = useMemo(() => {
    const perPerson = people.map((person) => ({ name: personName(person.user), id: person.user.id, cells: cellsOf(person.absences, days) }))
    return days
      .map((day) => ({
        day,
        holiday: holidayText(holidays.get(day), t),
        away: perPerson.flatMap(({ name, id, cells }) => {
          const cell = cells.get(day)
          if (!cell) return []
          const first = cell.morning ?? cell.afternoon
          return [{ id, name, label: cellLabel(cell, t, typeName), className: first ? statusClass(first.status) : '' }]
        }),
      }))
      .filter((entry) => entry.holiday || entry.away.length > 0)
  }, [days, people, holidays, t, typeName])

  return (
    <section className="cal-agenda" aria-labelledby="cal-agenda-title">
      <h2 id="cal-agenda-title">{title}</h2>
      {entries.length === 0 ? (
        <EmptyState title={t.calendar.agendaEmpty}>
          <p>{t.calendar.agendaEmptyHint}</p>
        </EmptyState>
      ) : (
        <ul className="cal-agenda-days">
          {entries.map(({ day, holiday, away }) => (
            <li key={day} className={day === today ? 'cal-agenda-day cal-agenda-today' : 'cal-agenda-day'}>
              <h3>
                {formatDate(day, locale, { weekday: 'long', day: 'numeric', month: 'long' })}
                {day === today ? <span className="cal-today-tag">{t.calendar.today}</span> : null}
              </h3>
              {holiday ? <p className="cal-agenda-holiday">{holiday}</p> : null}
              {away.length > 0 ? (
                <ul className="cal-agenda-people">
                  {away.map((person) => (
                    <li key={person.id}>
                      <span className={`cal-swatch ${person.className}`} aria-hidden="true" />
                      <span>
                        <strong>{person.name}</strong> <span className="muted">{person.label}</span>
                      </span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

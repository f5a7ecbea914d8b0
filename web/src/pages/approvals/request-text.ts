// How a request's period and size read, the same in the inbox and the team list.
import { formatDateRange, type Locale } from '../../i18n/format'
import type { Messages } from '../../i18n/messages'

interface Period {
  start_date: string
  end_date: string
  half_day_start: boolean
  half_day_end: boolean
}

export function periodText(request: Period, locale: Locale, t: Messages): string {
  const notes = [request.half_day_start ? t.approvals.startsAfternoon : '', request.half_day_end ? t.approvals.endsMidday : ''].filter(Boolean)
  const range = formatDateRange(request.start_date, request.end_date, locale)
  return notes.length ? `${range} (${notes.join(', ')})` : range
}

/** The server's count: days, or hours for a type counted in hours. */
export function amountText(request: { days: number; hours: number }, unit: 'day' | 'hour' | undefined, t: Messages): string {
  return unit === 'hour' ? t.approvals.hours(request.hours) : t.common.days(request.days)
}


// The words that say what a calendar cell shows, so that no status is told by colour alone.
import type { Messages } from '../../i18n/messages'
import type { CalendarAbsence, DayCell } from './month'

export function statusClass(status: string): string {
  if (status === 'PENDING') return 'cal-pending'
  if (status === 'CANCELLATION_REQUESTED') return 'cal-cancel'
  return 'cal-approved'
}

/** "Approved: Vacation", "Pending", "Cancellation requested: Sick leave" (the type only where the server gives it). */
export function absenceLabel(absence: CalendarAbsence, t: Messages, typeName: (code: string) => string): string {
  const status =
    absence.status === 'PENDING' ? t.calendar.pending : absence.status === 'CANCELLATION_REQUESTED' ? t.calendar.cancellationRequested : t.calendar.approved
  return absence.type ? `${status}: ${typeName(absence.type)}` : status
}

/** A whole day's label, or each half's when they differ. */
export function cellLabel(cell: DayCell, t: Messages, typeName: (code: string) => string): string {
  if (cell.morning && cell.morning === cell.afternoon) return absenceLabel(cell.morning, t, typeName)
  const parts: string[] = []
  if (cell.morning) parts.push(`${absenceLabel(cell.morning, t, typeName)} (${t.calendar.morning})`)
  if (cell.afternoon) parts.push(`${absenceLabel(cell.afternoon, t, typeName)} (${t.calendar.afternoon})`)
  return parts.join('; ')
}

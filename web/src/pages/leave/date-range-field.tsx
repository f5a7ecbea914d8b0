// The request's period: two typed date fields (each day, month and year a spin segment) with a
// calendar popover to pick the range, in the person's locale and first day of the week.
import { parseDate } from '@internationalized/date'
import {
  Button,
  CalendarCell,
  CalendarGrid,
  DateInput,
  DateRangePicker,
  DateSegment,
  Dialog,
  FieldError,
  Group,
  Heading,
  I18nProvider,
  Label,
  Popover,
  RangeCalendar,
  Text,
} from 'react-aria-components'
import { useLocale, usePreferences, useT } from '../../preferences'

export interface PlainRange {
  start: string
  end: string
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const

/** The browser's own tag for the chosen language (en-GB, de-AT), for date order and month names. */
function localeTag(locale: 'en' | 'de'): string {
  const own = (navigator.languages ?? [navigator.language]).find((tag) => tag.toLowerCase().split('-')[0] === locale)
  return own ?? (locale === 'de' ? 'de-DE' : 'en-US')
}

function toCalendarRange(range: PlainRange | null) {
  if (!range) return null
  try {
    return { start: parseDate(range.start), end: parseDate(range.end) }
  } catch {
    return null
  }
}

export function DateRangeField({
  value,
  onChange,
  errors,
}: {
  value: PlainRange | null
  onChange: (range: PlainRange | null) => void
  errors?: string[] | undefined
}) {
  const t = useT()
  const locale = useLocale()
  const { firstDayOfWeek } = usePreferences()
  return (
    <I18nProvider locale={localeTag(locale)}>
      <DateRangePicker
        className="field date-range-field"
        value={toCalendarRange(value)}
        onChange={(range) => onChange(range ? { start: range.start.toString(), end: range.end.toString() } : null)}
        firstDayOfWeek={WEEKDAYS[firstDayOfWeek - 1] ?? 'mon'}
        isInvalid={Boolean(errors?.length)}
        startName="start_date"
        endName="end_date"
      >
        <Label className="field-label">{t.leave.form.period}</Label>
        <Text slot="description" className="field-hint">
          {t.leave.form.periodHint}
        </Text>
        <Group className="date-range-group">
          <DateInput slot="start" className="date-input" aria-label={t.leave.form.startDate}>
            {(segment) => <DateSegment segment={segment} className="date-segment" />}
          </DateInput>
          <span aria-hidden="true" className="date-range-dash">
            –
          </span>
          <DateInput slot="end" className="date-input" aria-label={t.leave.form.endDate}>
            {(segment) => <DateSegment segment={segment} className="date-segment" />}
          </DateInput>
          <Button className="button button-small date-range-open" aria-label={t.leave.form.openCalendar}>
            <span aria-hidden="true">▾</span>
          </Button>
        </Group>
        <FieldError className="field-error">{errors?.join(' ')}</FieldError>
        <Popover className="range-popover" placement="bottom start">
          <Dialog className="range-dialog" aria-label={t.leave.form.calendar}>
            <RangeCalendar className="range-calendar">
              <header className="range-calendar-head">
                <Button slot="previous" className="button button-small">
                  <span aria-hidden="true">‹</span>
                </Button>
                <Heading className="range-calendar-title" />
                <Button slot="next" className="button button-small">
                  <span aria-hidden="true">›</span>
                </Button>
              </header>
              <CalendarGrid className="range-calendar-grid">{(date) => <CalendarCell date={date} className="range-cell" />}</CalendarGrid>
            </RangeCalendar>
          </Dialog>
        </Popover>
      </DateRangePicker>
    </I18nProvider>
  )
}

// Pieces the admin forms share: the form-level problem line, the work-week hours, the time-zone
// and holiday-region pickers.
import { ApiError } from '../../api/errors'
import { useT } from '../../preferences'
import { SelectField, TextField } from '../../ui/fields'
import { errorMessage, Notice } from '../../ui/states'
import { timeZones } from './data'
import { WEEKDAYS, type Region, type WorkWeek } from './types'

/** What went wrong with a submit: the server's detail, or "see the fields" plus whole-form errors. */
export function FormProblem({ error }: { error: unknown }) {
  const t = useT()
  if (!error) return null
  if (error instanceof ApiError && Object.keys(error.fields).length > 0) {
    const general = error.fields.error ?? []
    return (
      <Notice tone="error">
        {t.admin.form.fixErrors} {general.join(' ')}
      </Notice>
    )
  }
  return <Notice tone="error">{errorMessage(error, t.common)}</Notice>
}

export type WeekDraft = Record<(typeof WEEKDAYS)[number], string>

export function weekDraft(week: WorkWeek): WeekDraft {
  return Object.fromEntries(WEEKDAYS.map((day) => [day, String(week[day])])) as WeekDraft
}

export function weekFromDraft(draft: WeekDraft): WorkWeek {
  return Object.fromEntries(WEEKDAYS.map((day) => [day, Number(draft[day] || 0)])) as WorkWeek
}

/** Seven hour fields in a fieldset; the server's message for the whole week below them. */
export function WorkWeekFields({ value, onChange, errors, disabled }: { value: WeekDraft; onChange: (next: WeekDraft) => void; errors?: string[] | undefined; disabled?: boolean }) {
  const t = useT()
  return (
    <fieldset className={errors?.length ? 'admin-week field-invalid' : 'admin-week'} disabled={disabled}>
      <legend>{t.admin.form.workWeek}</legend>
      <p className="field-hint">{t.admin.form.hoursHint}</p>
      <div className="admin-week-days">
        {WEEKDAYS.map((day) => (
          <TextField
            key={day}
            label={t.admin.form.weekdays[day]}
            type="number"
            inputMode="decimal"
            min={0}
            max={24}
            step={0.25}
            name={`work_week.${day}`}
            value={value[day]}
            onChange={(e) => onChange({ ...value, [day]: e.target.value })}
          />
        ))}
      </div>
      {errors?.length ? <p className="field-error">{errors.join(' ')}</p> : null}
    </fieldset>
  )
}

/** A time zone from the browser's list; '' stands for "the company default" where one is offered. */
export function TimeZoneField({ label, value, onChange, errors, defaultLabel }: { label: string; value: string; onChange: (zone: string) => void; errors?: string[] | undefined; defaultLabel?: string }) {
  return (
    <SelectField label={label} name="time_zone" value={value} onChange={(e) => onChange(e.target.value)} errors={errors}>
      {defaultLabel !== undefined ? <option value="">{defaultLabel}</option> : null}
      {timeZones(value).map((zone) => (
        <option key={zone} value={zone}>
          {zone}
        </option>
      ))}
    </SelectField>
  )
}

/** A holiday region from GET /api/regions; '' is the first option, named by `emptyLabel`. */
export function RegionField({ label, value, onChange, errors, regions, emptyLabel, hint, name = 'holiday_region' }: { label: string; value: string; onChange: (code: string) => void; errors?: string[] | undefined; regions: Region[]; emptyLabel: string; hint?: string; name?: string }) {
  return (
    <SelectField label={label} name={name} hint={hint} value={value} onChange={(e) => onChange(e.target.value)} errors={errors}>
      <option value="">{emptyLabel}</option>
      {regions.map((region) => (
        <option key={region.code} value={region.code}>
          {region.name} ({region.code})
        </option>
      ))}
    </SelectField>
  )
}

/** '' → null, else the number ('' means "no value" in the optional number fields). */
export function numberOrNull(value: string): number | null {
  return value.trim() === '' ? null : Number(value)
}

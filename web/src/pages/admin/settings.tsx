// /admin/settings: the company's working-time defaults (PATCH /api/settings). The leave year's
// start cannot move once balances are booked: the server's 409 leave_year_in_use is shown at the field.
import { useState, type FormEvent } from 'react'
import { api } from '../../api/client'
import { ApiError, unwrap } from '../../api/errors'
import { useMutation } from '../../api/mutation'
import { invalidate } from '../../api/query'
import { useT } from '../../preferences'
import { CheckboxField, TextField } from '../../ui/fields'
import { Page } from '../../ui/page'
import { Loaded, Notice } from '../../ui/states'
import { useRegions, useSettings } from './data'
import { FormProblem, RegionField, TimeZoneField, weekDraft, weekFromDraft, WorkWeekFields } from './form-bits'
import type { Region, Settings } from './types'

export function SettingsPage() {
  const t = useT()
  const settings = useSettings()
  const regions = useRegions()
  return (
    <Page title={t.admin.settings.title}>
      <p>{t.admin.settings.intro}</p>
      <Loaded query={settings}>{(data) => <SettingsForm settings={data} regions={regions.data ?? []} />}</Loaded>
    </Page>
  )
}

function SettingsForm({ settings, regions }: { settings: Settings; regions: Region[] }) {
  const t = useT()
  const s = t.admin.settings
  const [form, setForm] = useState({
    default_time_zone: settings.default_time_zone,
    default_holiday_region: settings.default_holiday_region ?? '',
    week: weekDraft(settings.default_work_week),
    leave_year_start: settings.leave_year_start,
    calendar_visible_to_everyone: settings.calendar_visible_to_everyone,
  })
  const [saved, setSaved] = useState(false)
  const save = useMutation(async () => {
    const body = {
      default_time_zone: form.default_time_zone,
      default_holiday_region: form.default_holiday_region || null,
      default_work_week: weekFromDraft(form.week),
      calendar_visible_to_everyone: form.calendar_visible_to_everyone,
      // Sent only when it changes: an unchanged start day is no move, whatever is booked.
      ...(form.leave_year_start !== settings.leave_year_start ? { leave_year_start: form.leave_year_start.trim() } : {}),
    }
    const result = unwrap(await api.PATCH('/api/settings', { body }))
    // Defaults change everyone's working time: days, balances and the calendar follow.
    invalidate('/api/settings', '/api/users', '/api/auth/me', '/api/leave-requests', '/api/balances', '/api/calendar', '/api/holidays', '/api/approvals')
    setSaved(true)
    return result
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setSaved(false)
    void save.run()
  }
  const errors = save.fieldErrors
  const yearInUse = save.error instanceof ApiError && save.error.code === 'leave_year_in_use'
  const yearErrors = yearInUse ? [(save.error as ApiError).message] : errors.leave_year_start

  return (
    <form onSubmit={submit} noValidate className="admin-wide-form">
      <div className="form-grid">
        <TimeZoneField label={s.timeZone} value={form.default_time_zone} errors={errors.default_time_zone} onChange={(zone) => setForm({ ...form, default_time_zone: zone })} />
        <RegionField
          label={s.region}
          hint={t.admin.form.regionHint}
          name="default_holiday_region"
          value={form.default_holiday_region}
          errors={errors.default_holiday_region}
          regions={regions}
          emptyLabel={s.noRegion}
          onChange={(code) => setForm({ ...form, default_holiday_region: code })}
        />
        <TextField
          label={s.leaveYearStart}
          hint={s.leaveYearStartHint}
          name="leave_year_start"
          placeholder="01-01"
          autoComplete="off"
          value={form.leave_year_start}
          errors={yearErrors}
          onChange={(e) => setForm({ ...form, leave_year_start: e.target.value })}
        />
      </div>
      <WorkWeekFields value={form.week} errors={errors.default_work_week} onChange={(week) => setForm({ ...form, week })} />
      <CheckboxField
        label={s.calendarVisible}
        hint={s.calendarVisibleHint}
        name="calendar_visible_to_everyone"
        checked={form.calendar_visible_to_everyone}
        onChange={(e) => setForm({ ...form, calendar_visible_to_everyone: e.target.checked })}
      />
      {yearInUse ? <Notice tone="error">{s.leaveYearInUse}</Notice> : <FormProblem error={save.error} />}
      {saved ? <Notice>{t.admin.form.saved}</Notice> : null}
      <button type="submit" className="button button-primary" disabled={save.pending}>
        {save.pending ? t.common.saving : t.common.save}
      </button>
    </form>
  )
}

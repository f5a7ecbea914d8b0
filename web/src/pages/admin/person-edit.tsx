// /admin/people/:id: a person's details, manager, role and working time (PATCH /api/users/{id}),
// and their account's state (deactivate behind a confirmation, activate).
import { useState, type FormEvent } from 'react'
import { Link, useParams } from 'react-router'
import { api } from '../../api/client'
import { ApiError, unwrap } from '../../api/errors'
import { useMutation } from '../../api/mutation'
import { invalidate, useQuery } from '../../api/query'
import { useT } from '../../preferences'
import { CheckboxField, SelectField, TextField } from '../../ui/fields'
import { Page, Section } from '../../ui/page'
import { EmptyState, Loaded, Notice } from '../../ui/states'
import { ConfirmButton } from '../../ui/confirm-button'
import { usePeople, useRegions, useSettings } from './data'
import { FormProblem, RegionField, TimeZoneField, weekDraft, weekFromDraft, WorkWeekFields } from './form-bits'
import { ROLES, type Role, type User, type UserPatch } from './types'
import { personName } from '../../people'

/** Everything a change to a person can move: their requests' days, balances, the calendar. */
function invalidatePerson() {
  invalidate('/api/users', '/api/leave-requests', '/api/balances', '/api/calendar', '/api/approvals')
}

export function EditPersonPage() {
  const t = useT()
  const { id = '' } = useParams()
  const user = useQuery(`/api/users/${id}#admin`, async () => unwrap(await api.GET('/api/users/{id}', { params: { path: { id } } })))
  if (user.error instanceof ApiError && user.error.status === 404) {
    return (
      <Page title={t.admin.people.title}>
        <EmptyState title={t.admin.person.notFound}>
          <Link to="/admin/people">{t.admin.person.backToList}</Link>
        </EmptyState>
      </Page>
    )
  }
  return (
    <Page title={user.data ? personName(user.data) : t.admin.people.title}>
      <p>
        <Link to="/admin/people">{t.admin.person.backToList}</Link>
      </p>
      <Loaded query={user}>
        {(data) => (
          <>
            <PersonForm key={`${data.id}|${data.created_at}`} user={data} />
            <PersonAccount user={data} />
          </>
        )}
      </Loaded>
    </Page>
  )
}

function PersonForm({ user }: { user: User }) {
  const t = useT()
  const a = t.admin
  const people = usePeople()
  const regions = useRegions()
  const settings = useSettings()
  const [form, setForm] = useState({
    first_name: user.first_name,
    last_name: user.last_name,
    preferred_name: user.preferred_name,
    email: user.email,
    role: user.role,
    manager_id: user.manager_id === null ? '' : String(user.manager_id),
    time_zone: user.time_zone ?? '',
    holiday_region: user.holiday_region ?? '',
    useDefaultWeek: user.work_week === null,
    week: weekDraft(user.work_week ?? user.effective_work_week),
    employment_start: user.employment_start ?? '',
  })
  const [saved, setSaved] = useState(false)
  const save = useMutation(async () => {
    const body: UserPatch = {
      first_name: form.first_name.trim(),
      last_name: form.last_name.trim(),
      preferred_name: form.preferred_name.trim(),
      email: form.email.trim(),
      role: form.role,
      manager_id: form.manager_id ? Number(form.manager_id) : null,
      time_zone: form.time_zone || null,
      holiday_region: form.holiday_region || null,
      work_week: form.useDefaultWeek ? null : weekFromDraft(form.week),
      employment_start: form.employment_start || null,
    }
    const result = unwrap(await api.PATCH('/api/users/{id}', { params: { path: { id: String(user.id) } }, body }))
    invalidatePerson()
    setSaved(true)
    return result
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setSaved(false)
    void save.run()
  }
  const errors = save.fieldErrors
  const managers = (people.data ?? []).filter((u) => u.is_active && u.id !== user.id)
  const defaults = settings.data
  const regionName = (code: string | null) => (code ? (regions.data?.find((r) => r.code === code)?.name ?? code) : a.person.noRegion)

  return (
    <form onSubmit={submit} noValidate className="admin-wide-form">
      <Section title={a.person.details}>
        <div className="form-grid">
          <TextField label={a.invite.firstName} name="first_name" value={form.first_name} errors={errors.first_name} onChange={(e) => setForm({ ...form, first_name: e.target.value })} />
          <TextField label={a.invite.lastName} name="last_name" value={form.last_name} errors={errors.last_name} onChange={(e) => setForm({ ...form, last_name: e.target.value })} />
          <TextField label={a.person.preferredName} name="preferred_name" value={form.preferred_name} errors={errors.preferred_name} onChange={(e) => setForm({ ...form, preferred_name: e.target.value })} />
          <TextField label={a.invite.email} type="email" name="email" value={form.email} errors={errors.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
          <SelectField label={a.invite.role} name="role" value={form.role} errors={errors.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t.common.roles[role]}
              </option>
            ))}
          </SelectField>
          <SelectField label={a.invite.manager} hint={a.invite.managerHint} name="manager_id" value={form.manager_id} errors={errors.manager_id} onChange={(e) => setForm({ ...form, manager_id: e.target.value })}>
            <option value="">{a.people.noManager}</option>
            {managers.map((u) => (
              <option key={u.id} value={u.id}>
                {personName(u)} ({t.common.roles[u.role]})
              </option>
            ))}
          </SelectField>
        </div>
      </Section>
      <Section title={a.person.workingTime}>
        <p className="muted">{a.person.effective(user.effective_time_zone, regionName(user.effective_holiday_region))}</p>
        <div className="form-grid">
          <TimeZoneField label={a.form.timeZone} value={form.time_zone} errors={errors.time_zone} defaultLabel={a.form.companyDefault(defaults?.default_time_zone ?? '…')} onChange={(zone) => setForm({ ...form, time_zone: zone })} />
          <RegionField
            label={a.form.holidayRegion}
            hint={a.form.regionHint}
            value={form.holiday_region}
            errors={errors.holiday_region}
            regions={regions.data ?? []}
            emptyLabel={a.form.companyDefault(defaults ? regionName(defaults.default_holiday_region) : '…')}
            onChange={(code) => setForm({ ...form, holiday_region: code })}
          />
          <TextField label={a.person.employmentStart} hint={a.person.employmentStartHint} type="date" name="employment_start" value={form.employment_start} errors={errors.employment_start} onChange={(e) => setForm({ ...form, employment_start: e.target.value })} />
        </div>
        <CheckboxField label={a.form.useDefaultWeek} name="use_default_week" checked={form.useDefaultWeek} onChange={(e) => setForm({ ...form, useDefaultWeek: e.target.checked })} />
        {form.useDefaultWeek ? null : <WorkWeekFields value={form.week} errors={errors.work_week} onChange={(week) => setForm({ ...form, week })} />}
      </Section>
      <FormProblem error={save.error} />
      {saved ? <Notice>{a.form.saved}</Notice> : null}
      <button type="submit" className="button button-primary" disabled={save.pending}>
        {save.pending ? t.common.saving : t.common.save}
      </button>
    </form>
  )
}

function PersonAccount({ user }: { user: User }) {
  const t = useT()
  const p = t.admin.person
  const [notice, setNotice] = useState('')
  const deactivate = useMutation(async () => {
    unwrap(await api.POST('/api/users/{id}/deactivate', { params: { path: { id: String(user.id) } } }))
    invalidatePerson()
    setNotice(p.deactivated)
    return true
  })
  const activate = useMutation(async () => {
    unwrap(await api.POST('/api/users/{id}/activate', { params: { path: { id: String(user.id) } } }))
    invalidatePerson()
    setNotice(p.activated)
    return true
  })
  return (
    <Section title={p.account}>
      <p>
        <span className={user.is_active ? 'admin-badge admin-badge-on' : 'admin-badge admin-badge-off'}>{user.is_active ? t.admin.people.active : t.admin.people.inactive}</span>{' '}
        {user.is_active ? p.isActive : p.isInactive}
      </p>
      <Notice>{notice}</Notice>
      {activate.error ? <FormProblem error={activate.error} /> : null}
      {user.is_active ? (
        <ConfirmButton
          label={p.deactivate}
          title={p.deactivateTitle(personName(user))}
          body={p.deactivateBody}
          confirmLabel={p.deactivate}
          pending={deactivate.pending}
          error={deactivate.error}
          onOpen={deactivate.reset}
          onConfirm={async () => {
            setNotice('')
            return (await deactivate.run()) === true
          }}
        />
      ) : (
        <button type="button" className="button" disabled={activate.pending} onClick={() => { setNotice(''); void activate.run() }}>
          {p.activate}
        </button>
      )}
    </Section>
  )
}

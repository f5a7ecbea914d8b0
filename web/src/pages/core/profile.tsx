// Profile: the person's own details and time zone, this browser's language, theme and first day of
// the week, the password, and signing out everywhere.
import { useState, type FormEvent } from 'react'
import { useNavigate } from 'react-router'
import { api } from '../../api/client'
import { unwrap } from '../../api/errors'
import { useMutation } from '../../api/mutation'
import { useT } from '../../preferences'
import { useMe, useSession, type Me } from '../../session-context'
import { SelectField, TextField } from '../../ui/fields'
import { Page, Section } from '../../ui/page'
import { errorMessage, Notice } from '../../ui/states'
import { PreferencesForm } from './preferences-form'

type Gender = Me['gender']

function zones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone')
  } catch {
    return ['UTC']
  }
}

function DetailsForm() {
  const t = useT()
  const me = useMe()
  const { reloadMe } = useSession()
  const [form, setForm] = useState({
    first_name: me.first_name,
    last_name: me.last_name,
    preferred_name: me.preferred_name,
    email: me.email,
    gender: me.gender,
    birth_date: me.birth_date ?? '',
    time_zone: me.time_zone ?? '',
    current_password: '',
  })
  const [saved, setSaved] = useState(false)
  const save = useMutation(async () => {
    setSaved(false)
    const emailChanged = form.email.trim().toLowerCase() !== me.email
    unwrap(
      await api.PATCH('/api/auth/me', {
        body: {
          first_name: form.first_name,
          last_name: form.last_name,
          preferred_name: form.preferred_name,
          gender: form.gender,
          birth_date: form.birth_date || null,
          time_zone: form.time_zone || null,
          ...(emailChanged ? { email: form.email.trim(), current_password: form.current_password } : {}),
        },
      }),
    )
    await reloadMe()
    setForm((f) => ({ ...f, current_password: '' }))
    setSaved(true)
  })
  const errors = save.fieldErrors
  const set = (name: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value })
  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void save.run()
  }
  const emailChanged = form.email.trim().toLowerCase() !== me.email
  return (
    <form onSubmit={onSubmit} noValidate>
      <div className="form-grid">
        <TextField label={t.profile.firstName} autoComplete="given-name" value={form.first_name} onChange={set('first_name')} errors={errors.first_name} />
        <TextField label={t.profile.lastName} autoComplete="family-name" value={form.last_name} onChange={set('last_name')} errors={errors.last_name} />
        <TextField label={t.profile.preferredName} autoComplete="nickname" value={form.preferred_name} onChange={set('preferred_name')} errors={errors.preferred_name} />
        <TextField label={t.profile.email} type="email" autoComplete="email" value={form.email} onChange={set('email')} errors={errors.email} hint={t.profile.emailPasswordHint} />
        {emailChanged ? (
          <TextField label={t.profile.currentPassword} type="password" autoComplete="current-password" value={form.current_password} onChange={set('current_password')} errors={errors.current_password} />
        ) : null}
        <SelectField label={t.profile.gender} value={form.gender} onChange={(e) => setForm({ ...form, gender: e.target.value as Gender })} errors={errors.gender}>
          <option value="">{t.profile.genderNone}</option>
          <option value="female">{t.profile.genderFemale}</option>
          <option value="male">{t.profile.genderMale}</option>
          <option value="other">{t.profile.genderOther}</option>
        </SelectField>
        <TextField label={t.profile.birthDate} type="date" value={form.birth_date} onChange={set('birth_date')} errors={errors.birth_date} />
        <SelectField label={t.profile.timeZone} value={form.time_zone} onChange={set('time_zone')} errors={errors.time_zone} hint={t.profile.timeZoneHint}>
          <option value="">{t.profile.timeZoneDefault(me.effective_time_zone)}</option>
          {zones().map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </SelectField>
      </div>
      <dl className="facts">
        <dt>{t.profile.role}</dt>
        <dd>{t.common.roles[me.role] ?? me.role}</dd>
        <dt>{t.profile.manager}</dt>
        <dd>{me.manager ? `${me.manager.first_name} ${me.manager.last_name}`.trim() || me.manager.email : t.profile.noManager}</dd>
      </dl>
      {save.error && Object.keys(errors).length === 0 ? <Notice tone="error">{errorMessage(save.error, t.common)}</Notice> : null}
      {saved ? <Notice>{t.common.saved}</Notice> : null}
      <button type="submit" className="button button-primary" disabled={save.pending}>
        {save.pending ? t.common.saving : t.common.save}
      </button>
    </form>
  )
}

function PasswordForm() {
  const t = useT()
  const navigate = useNavigate()
  const { signOut } = useSession()
  const [form, setForm] = useState({ current_password: '', new_password: '', confirm_new_password: '' })
  const change = useMutation(async () => {
    unwrap(await api.POST('/api/auth/change-password', { body: form }))
    // The change ends every session, this one too: sign in again with the new password.
    await signOut()
    navigate('/sign-in', { replace: true })
  })
  const everywhere = useMutation(async () => {
    unwrap(await api.POST('/api/auth/logout-all'))
    await signOut()
    navigate('/sign-in', { replace: true })
  })
  const errors = change.fieldErrors
  const set = (name: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value })
  return (
    <>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          void change.run()
        }}
        noValidate
        aria-labelledby="change-password-title"
      >
        <h3 id="change-password-title">{t.auth.changePasswordTitle}</h3>
        <TextField label={t.auth.currentPassword} type="password" autoComplete="current-password" value={form.current_password} onChange={set('current_password')} errors={errors.current_password} />
        <TextField label={t.auth.newPassword} type="password" autoComplete="new-password" value={form.new_password} onChange={set('new_password')} errors={errors.new_password} />
        <TextField label={t.auth.confirmPassword} type="password" autoComplete="new-password" value={form.confirm_new_password} onChange={set('confirm_new_password')} errors={errors.confirm_new_password} />
        {change.error && Object.keys(errors).length === 0 ? <Notice tone="error">{errorMessage(change.error, t.common)}</Notice> : null}
        <button type="submit" className="button button-primary" disabled={change.pending}>
          {t.auth.changePassword}
        </button>
      </form>
      <h3>{t.auth.signOutEverywhere}</h3>
      <p className="muted">{t.auth.signOutEverywhereHint}</p>
      {everywhere.error ? <Notice tone="error">{errorMessage(everywhere.error, t.common)}</Notice> : null}
      <button type="button" className="button button-danger" disabled={everywhere.pending} onClick={() => void everywhere.run()}>
        {t.auth.signOutEverywhere}
      </button>
    </>
  )
}

export default function ProfilePage() {
  const t = useT()
  return (
    <Page title={t.common.nav.profile}>
      <Section title={t.profile.detailsTitle}>
        <DetailsForm />
      </Section>
      <Section title={t.profile.preferencesTitle}>
        <PreferencesForm />
      </Section>
      <Section title={t.profile.securityTitle}>
        <PasswordForm />
      </Section>
    </Page>
  )
}

// /admin/people/new: invite a person (POST /api/users mails them a link to set their password).
import { useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { api } from '../../api/client'
import { unwrap } from '../../api/errors'
import { useMutation } from '../../api/mutation'
import { invalidate } from '../../api/query'
import { useT } from '../../preferences'
import { SelectField, TextField } from '../../ui/fields'
import { Page } from '../../ui/page'
import { Notice } from '../../ui/states'
import { usePeople } from './data'
import { FormProblem } from './form-bits'
import { ROLES, type Role, type User } from './types'
import { personName } from '../../people'

const EMPTY = { email: '', first_name: '', last_name: '', role: 'employee' as Role, manager_id: '' }

export function InvitePersonPage() {
  const t = useT()
  const i = t.admin.invite
  const people = usePeople()
  const [form, setForm] = useState(EMPTY)
  const [invited, setInvited] = useState<User | null>(null)
  const invite = useMutation(async () => {
    const body = { email: form.email.trim(), first_name: form.first_name.trim(), last_name: form.last_name.trim(), role: form.role, manager_id: form.manager_id ? Number(form.manager_id) : null }
    const user = unwrap(await api.POST('/api/users', { body }))
    invalidate('/api/users')
    setInvited(user)
    setForm(EMPTY)
    return user
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setInvited(null)
    void invite.run()
  }
  const errors = invite.fieldErrors
  const managers = (people.data ?? []).filter((u) => u.is_active)

  return (
    <Page title={i.title} narrow>
      <p>{i.intro}</p>
      {invited ? (
        <Notice>
          <p>{i.sent(personName(invited), invited.email)}</p>
          <p>
            <Link to={`/admin/people/${invited.id}`}>{i.openPerson(personName(invited))}</Link> {i.another}
          </p>
        </Notice>
      ) : null}
      <form onSubmit={submit} noValidate>
        <div className="form-grid">
          <TextField label={i.firstName} name="first_name" autoComplete="off" required value={form.first_name} errors={errors.first_name} onChange={(e) => setForm({ ...form, first_name: e.target.value })} />
          <TextField label={i.lastName} name="last_name" autoComplete="off" required value={form.last_name} errors={errors.last_name} onChange={(e) => setForm({ ...form, last_name: e.target.value })} />
        </div>
        <TextField label={i.email} type="email" name="email" autoComplete="off" required value={form.email} errors={errors.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
        <SelectField label={i.role} name="role" value={form.role} errors={errors.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {t.common.roles[role]}
            </option>
          ))}
        </SelectField>
        <SelectField label={i.manager} hint={i.managerHint} name="manager_id" value={form.manager_id} errors={errors.manager_id} onChange={(e) => setForm({ ...form, manager_id: e.target.value })}>
          <option value="">{t.admin.people.noManager}</option>
          {managers.map((u) => (
            <option key={u.id} value={u.id}>
              {personName(u)} ({t.common.roles[u.role]})
            </option>
          ))}
        </SelectField>
        <FormProblem error={invite.error} />
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={invite.pending}>
            {invite.pending ? i.sending : i.submit}
          </button>
          <Link className="button" to="/admin/people">
            {t.admin.person.backToList}
          </Link>
        </div>
      </form>
    </Page>
  )
}

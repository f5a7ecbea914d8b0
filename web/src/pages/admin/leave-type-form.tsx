// /admin/leave-types/new and /admin/leave-types/:code: a leave type and its balance policy.
// Codes never change and types are never deleted; `active: false` retires one.
import { useState, type FormEvent } from 'react'
import { Link, useLocation, useNavigate, useParams } from 'react-router'
import { api } from '../../api/client'
import { unwrap } from '../../api/errors'
import { useMutation } from '../../api/mutation'
import { invalidate } from '../../api/query'
import { useT } from '../../preferences'
import { CheckboxField, SelectField, TextField } from '../../ui/fields'
import { Page } from '../../ui/page'
import { EmptyState, Loaded, Notice } from '../../ui/states'
import { useLeaveTypes } from './data'
import { FormProblem, numberOrNull } from './form-bits'
import type { LeaveType, LeaveTypeCreate } from './types'

const NEW_TYPE: LeaveType = {
  code: '',
  name: '',
  unit: 'day',
  requires_approval: true,
  counts_against_balance: false,
  color: '#1d4ed8',
  active: true,
  annual_allowance: 0,
  accrual: 'yearly',
  carry_over_max: null,
  carry_over_expires: null,
  allow_negative: 0,
}

export function NewLeaveTypePage() {
  const t = useT()
  return (
    <Page title={t.admin.leaveTypes.newTitle} narrow>
      <LeaveTypeForm type={NEW_TYPE} isNew />
    </Page>
  )
}

export function EditLeaveTypePage() {
  const t = useT()
  const { code = '' } = useParams()
  const types = useLeaveTypes()
  const type = types.data?.find((candidate) => candidate.code === code)
  return (
    <Page title={type ? t.admin.leaveTypes.editTitle(type.name) : t.admin.leaveTypes.title} narrow>
      <Loaded query={types}>
        {() =>
          type ? (
            <LeaveTypeForm key={type.code} type={type} isNew={false} />
          ) : (
            <EmptyState title={t.admin.leaveTypes.notFound}>
              <Link to="/admin/leave-types">{t.admin.leaveTypes.backToList}</Link>
            </EmptyState>
          )
        }
      </Loaded>
    </Page>
  )
}

function LeaveTypeForm({ type, isNew }: { type: LeaveType; isNew: boolean }) {
  const t = useT()
  const l = t.admin.leaveTypes
  const navigate = useNavigate()
  const location = useLocation()
  const types = useLeaveTypes()
  const [form, setForm] = useState({
    ...type,
    annual_allowance: String(type.annual_allowance),
    carry_over_max: type.carry_over_max === null ? '' : String(type.carry_over_max),
    carry_over_expires: type.carry_over_expires ?? '',
    allow_negative: String(type.allow_negative),
  })
  const [saved, setSaved] = useState(false)
  const created = (location.state as { created?: boolean } | null)?.created === true
  const save = useMutation(async () => {
    const body: LeaveTypeCreate = {
      code: form.code.trim(),
      name: form.name.trim(),
      unit: form.unit,
      requires_approval: form.requires_approval,
      counts_against_balance: form.counts_against_balance,
      color: form.color,
      active: form.active,
      annual_allowance: Number(form.annual_allowance || 0),
      accrual: form.accrual,
      carry_over_max: numberOrNull(form.carry_over_max),
      carry_over_expires: form.carry_over_expires.trim() || null,
      allow_negative: Number(form.allow_negative || 0),
    }
    if (isNew) {
      const result = unwrap(await api.POST('/api/leave-types', { body }))
      invalidate('/api/leave-types', '/api/balances')
      // The edit page finds the new type in the list: let the list know it first.
      await types.reload()
      navigate(`/admin/leave-types/${encodeURIComponent(result.code)}`, { state: { created: true } })
      return result
    }
    const { code: _code, ...patch } = body
    const result = unwrap(await api.PATCH('/api/leave-types/{code}', { params: { path: { code: type.code } }, body: patch }))
    invalidate('/api/leave-types', '/api/balances', '/api/leave-requests')
    setSaved(true)
    return result
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setSaved(false)
    void save.run()
  }
  const errors = save.fieldErrors
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch })

  return (
    <form onSubmit={submit} noValidate>
      {created && !saved && !save.error ? <Notice>{l.created}</Notice> : null}
      {isNew ? (
        <TextField label={l.code} hint={l.codeHint} name="code" autoComplete="off" required pattern="[A-Z0-9_]{1,32}" value={form.code} errors={errors.code} onChange={(e) => set({ code: e.target.value.toUpperCase() })} />
      ) : null}
      <TextField label={l.name} name="name" required value={form.name} errors={errors.name} onChange={(e) => set({ name: e.target.value })} />
      <div className="form-grid">
        <SelectField label={l.unit} name="unit" value={form.unit} errors={errors.unit} onChange={(e) => set({ unit: e.target.value as LeaveType['unit'] })}>
          <option value="day">{l.units.day}</option>
          <option value="hour">{l.units.hour}</option>
        </SelectField>
        <TextField label={l.color} type="color" name="color" value={form.color} errors={errors.color} onChange={(e) => set({ color: e.target.value })} />
      </div>
      <CheckboxField label={l.requiresApproval} hint={l.requiresApprovalHint} name="requires_approval" checked={form.requires_approval} onChange={(e) => set({ requires_approval: e.target.checked })} />
      <CheckboxField label={l.activeField} hint={l.activeHint} name="active" checked={form.active} onChange={(e) => set({ active: e.target.checked })} />
      <CheckboxField label={l.countsAgainstBalance} name="counts_against_balance" checked={form.counts_against_balance} onChange={(e) => set({ counts_against_balance: e.target.checked })} />
      <fieldset>
        <legend>{l.policy}</legend>
        <p className="field-hint">{l.policyHint}</p>
        <div className="form-grid">
          <TextField label={l.annualAllowance} type="number" inputMode="decimal" min={0} step={0.5} name="annual_allowance" value={form.annual_allowance} errors={errors.annual_allowance} onChange={(e) => set({ annual_allowance: e.target.value })} />
          <SelectField label={l.accrual} name="accrual" value={form.accrual} errors={errors.accrual} onChange={(e) => set({ accrual: e.target.value as LeaveType['accrual'] })}>
            <option value="yearly">{l.accruals.yearly}</option>
            <option value="monthly">{l.accruals.monthly}</option>
          </SelectField>
          <TextField label={l.carryOverMax} hint={l.carryOverMaxHint} type="number" inputMode="decimal" min={0} step={0.5} name="carry_over_max" value={form.carry_over_max} errors={errors.carry_over_max} onChange={(e) => set({ carry_over_max: e.target.value })} />
          <TextField label={l.carryOverExpires} hint={l.carryOverExpiresHint} name="carry_over_expires" placeholder="03-31" value={form.carry_over_expires} errors={errors.carry_over_expires} onChange={(e) => set({ carry_over_expires: e.target.value })} />
          <TextField label={l.allowNegative} type="number" inputMode="decimal" min={0} step={0.5} name="allow_negative" value={form.allow_negative} errors={errors.allow_negative} onChange={(e) => set({ allow_negative: e.target.value })} />
        </div>
      </fieldset>
      <FormProblem error={save.error} />
      {saved ? <Notice>{t.admin.form.saved}</Notice> : null}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={save.pending}>
          {save.pending ? t.common.saving : isNew ? l.create : t.common.save}
        </button>
        <Link className="button" to="/admin/leave-types">
          {l.backToList}
        </Link>
      </div>
    </form>
  )
}

// /admin/coverage: coverage rules (a group, how many must be present, warn or block), added,
// edited in the form above the list and deleted behind a confirmation.
import { useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { api } from '../../api/client'
import { unwrap } from '../../api/errors'
import { useMutation } from '../../api/mutation'
import { invalidate, useQuery } from '../../api/query'
import { useT } from '../../preferences'
import { SelectField, TextField } from '../../ui/fields'
import { Page, Section } from '../../ui/page'
import { EmptyState, Loaded, Notice } from '../../ui/states'
import { ConfirmButton } from '../../ui/confirm-button'
import { FormProblem } from './form-bits'
import { useGroups } from './groups'
import type { CoverageRule, Group } from './types'
import { DataTable } from '../../ui/data-table'

function invalidateRules() {
  invalidate('/api/coverage-rules', '/api/calendar', '/api/approvals')
}

export function CoveragePage() {
  const t = useT()
  const c = t.admin.coverage
  const rules = useQuery('/api/coverage-rules#admin', async () => unwrap(await api.GET('/api/coverage-rules')))
  const groups = useGroups()
  const [editing, setEditing] = useState<CoverageRule | null>(null)
  const [notice, setNotice] = useState('')
  return (
    <Page title={c.title}>
      <p>{c.intro}</p>
      <Notice>{notice}</Notice>
      <Loaded query={groups}>
        {(groupList) =>
          groupList.length === 0 ? (
            <EmptyState title={c.noGroups}>
              <Link to="/admin/groups">{t.admin.nav.groups}</Link>
            </EmptyState>
          ) : (
            <>
              <RuleForm
                key={editing?.id ?? 'new'}
                rule={editing}
                groups={groupList}
                onSaved={(message) => {
                  setEditing(null)
                  setNotice(message)
                }}
                onCancel={() => setEditing(null)}
              />
              <Loaded query={rules}>
                {(list) => (list.length === 0 ? <EmptyState title={c.empty} /> : <RuleTable rules={list} groups={groupList} onEdit={setEditing} onDeleted={() => setNotice(c.deleted)} />)}
              </Loaded>
            </>
          )
        }
      </Loaded>
    </Page>
  )
}

function RuleForm({ rule, groups, onSaved, onCancel }: { rule: CoverageRule | null; groups: Group[]; onSaved: (message: string) => void; onCancel: () => void }) {
  const t = useT()
  const c = t.admin.coverage
  const [form, setForm] = useState({ group_id: String(rule?.group_id ?? groups[0]?.id ?? ''), min_present: String(rule?.min_present ?? 1), mode: rule?.mode ?? 'warn' })
  const save = useMutation(async () => {
    const body = { group_id: Number(form.group_id), min_present: Number(form.min_present), mode: form.mode }
    const result = rule
      ? unwrap(await api.PATCH('/api/coverage-rules/{id}', { params: { path: { id: String(rule.id) } }, body }))
      : unwrap(await api.POST('/api/coverage-rules', { body }))
    invalidateRules()
    onSaved(rule ? t.admin.form.saved : c.added)
    return result
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void save.run()
  }
  const errors = save.fieldErrors
  const groupName = groups.find((g) => String(g.id) === form.group_id)?.name ?? ''
  return (
    <Section title={rule ? c.editRule(groupName) : c.add}>
      <form onSubmit={submit} noValidate className="admin-wide-form">
        <div className="form-grid">
          <SelectField label={c.group} name="group_id" value={form.group_id} errors={errors.group_id} onChange={(e) => setForm({ ...form, group_id: e.target.value })}>
            {groups.map((group) => (
              <option key={group.id} value={group.id}>
                {group.name}
              </option>
            ))}
          </SelectField>
          <TextField label={c.minPresent} type="number" min={1} step={1} name="min_present" value={form.min_present} errors={errors.min_present} onChange={(e) => setForm({ ...form, min_present: e.target.value })} />
          <SelectField label={c.mode} name="mode" value={form.mode} errors={errors.mode} onChange={(e) => setForm({ ...form, mode: e.target.value as CoverageRule['mode'] })}>
            <option value="warn">{c.modes.warn}</option>
            <option value="block">{c.modes.block}</option>
          </SelectField>
        </div>
        <FormProblem error={save.error} />
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={save.pending}>
            {rule ? c.submitEdit : c.submitAdd}
          </button>
          {rule ? (
            <button type="button" className="button" onClick={onCancel}>
              {c.cancelEdit}
            </button>
          ) : null}
        </div>
      </form>
    </Section>
  )
}

function RuleTable({ rules, groups, onEdit, onDeleted }: { rules: CoverageRule[]; groups: Group[]; onEdit: (rule: CoverageRule) => void; onDeleted: () => void }) {
  const t = useT()
  const c = t.admin.coverage
  const name = (id: number) => groups.find((g) => g.id === id)?.name ?? `#${id}`
  return (
    <DataTable caption={c.caption} label={c.caption} columns={[c.group, { label: c.minPresent, numeric: true }, c.mode, t.admin.form.actions]}>
      {rules.map((rule) => (
        <tr key={rule.id}>
          <th scope="row">{name(rule.group_id)}</th>
          <td className="num">{rule.min_present}</td>
          <td>
            <span className={rule.mode === 'block' ? 'admin-badge admin-badge-warn' : 'admin-badge admin-badge-off'}>{c.modeShort[rule.mode]}</span>
          </td>
          <td>
            <div className="button-row">
              <button type="button" className="button button-small" aria-label={c.editRule(name(rule.group_id))} onClick={() => onEdit(rule)}>
                {t.common.edit}
              </button>
              <DeleteRule rule={rule} groupName={name(rule.group_id)} onDeleted={onDeleted} />
            </div>
          </td>
        </tr>
      ))}
    </DataTable>
  )
}

function DeleteRule({ rule, groupName, onDeleted }: { rule: CoverageRule; groupName: string; onDeleted: () => void }) {
  const t = useT()
  const c = t.admin.coverage
  const remove = useMutation(async () => {
    unwrap(await api.DELETE('/api/coverage-rules/{id}', { params: { path: { id: String(rule.id) } } }))
    invalidateRules()
    onDeleted()
    return true
  })
  return (
    <ConfirmButton
      small
      label={c.delete}
      ariaLabel={c.deleteRule(groupName)}
      title={c.deleteTitle}
      body={c.deleteBody}
      confirmLabel={c.delete}
      pending={remove.pending}
      error={remove.error}
      onOpen={remove.reset}
      onConfirm={async () => (await remove.run()) === true}
    />
  )
}

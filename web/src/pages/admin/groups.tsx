// /admin/groups: groups of people for coverage rules; members added and removed, groups renamed
// and deleted (their rules go with them, so deleting asks first).
import { useState, type FormEvent } from 'react'
import { api } from '../../api/client'
import { unwrap } from '../../api/errors'
import { useMutation } from '../../api/mutation'
import { invalidate, useQuery } from '../../api/query'
import { useT } from '../../preferences'
import { SelectField, TextField } from '../../ui/fields'
import { Page, Section } from '../../ui/page'
import { EmptyState, Loaded, Notice } from '../../ui/states'
import { ConfirmButton } from '../../ui/confirm-button'
import { usePeople } from './data'
import { FormProblem } from './form-bits'
import type { Group, User } from './types'
import { personName } from '../../people'

export function useGroups() {
  return useQuery('/api/groups#admin', async () => unwrap(await api.GET('/api/groups')))
}

/** Groups feed coverage, which approvals and the calendar show. */
function invalidateGroups() {
  invalidate('/api/groups', '/api/coverage-rules', '/api/calendar', '/api/approvals')
}

export function GroupsPage() {
  const t = useT()
  const g = t.admin.groups
  const groups = useGroups()
  const people = usePeople()
  const [notice, setNotice] = useState('')
  return (
    <Page title={g.title}>
      <p>{g.intro}</p>
      <Notice>{notice}</Notice>
      <CreateGroup onCreated={() => setNotice(g.created)} />
      <Loaded query={groups}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState title={g.empty} />
          ) : (
            list.map((group) => <GroupCard key={group.id} group={group} people={people.data ?? []} onDone={setNotice} />)
          )
        }
      </Loaded>
    </Page>
  )
}

function CreateGroup({ onCreated }: { onCreated: () => void }) {
  const t = useT()
  const g = t.admin.groups
  const [name, setName] = useState('')
  const create = useMutation(async () => {
    const result = unwrap(await api.POST('/api/groups', { body: { name: name.trim(), member_ids: [] } }))
    invalidateGroups()
    setName('')
    onCreated()
    return result
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void create.run()
  }
  return (
    <Section title={g.create}>
      <form className="admin-inline-form" onSubmit={submit} noValidate>
        <TextField label={g.name} name="name" required value={name} errors={create.fieldErrors.name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="button button-primary" disabled={create.pending}>
          {g.createSubmit}
        </button>
      </form>
      <FormProblem error={create.error} />
    </Section>
  )
}

function GroupCard({ group, people, onDone }: { group: Group; people: User[]; onDone: (message: string) => void }) {
  const t = useT()
  const g = t.admin.groups
  const [name, setName] = useState(group.name)
  const [candidate, setCandidate] = useState('')
  const byId = new Map(people.map((u) => [u.id, u]))
  const members = group.member_ids.map((id) => ({ id, name: byId.get(id) ? personName(byId.get(id)!) : `#${id}` }))
  const others = people.filter((u) => u.is_active && !group.member_ids.includes(u.id))
  const patch = useMutation(async (body: { name?: string; member_ids?: number[] }, message: string) => {
    const result = unwrap(await api.PATCH('/api/groups/{id}', { params: { path: { id: String(group.id) } }, body }))
    invalidateGroups()
    onDone(message)
    return result
  })
  const remove = useMutation(async () => {
    unwrap(await api.DELETE('/api/groups/{id}', { params: { path: { id: String(group.id) } } }))
    invalidateGroups()
    onDone(g.deleted)
    return true
  })
  const rename = (event: FormEvent) => {
    event.preventDefault()
    void patch.run({ name: name.trim() }, g.renamed)
  }
  const addMember = (event: FormEvent) => {
    event.preventDefault()
    if (!candidate) return
    void patch.run({ member_ids: [...group.member_ids, Number(candidate)] }, g.membersSaved).then((done) => {
      if (done) setCandidate('')
    })
  }

  return (
    <section className="card admin-group" aria-labelledby={`group-${group.id}`}>
      <div className="section-head">
        <h2 id={`group-${group.id}`}>{group.name}</h2>
        <span className="muted">{g.members(group.member_ids.length)}</span>
      </div>
      {members.length === 0 ? (
        <p className="muted">{g.noMembers}</p>
      ) : (
        <ul className="admin-members" aria-label={g.membersOf(group.name)}>
          {members.map((member) => (
            <li key={member.id}>
              <span>{member.name}</span>
              <button
                type="button"
                className="button button-small"
                disabled={patch.pending}
                onClick={() => void patch.run({ member_ids: group.member_ids.filter((id) => id !== member.id) }, g.membersSaved)}
              >
                {g.removeMember(member.name)}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="admin-inline-form" onSubmit={addMember} noValidate>
        <SelectField label={g.addMember} name="member" value={candidate} errors={patch.fieldErrors.member_ids} onChange={(e) => setCandidate(e.target.value)}>
          <option value="">{t.admin.adjustments.choosePerson}</option>
          {others.map((u) => (
            <option key={u.id} value={u.id}>
              {personName(u)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button" disabled={patch.pending || !candidate}>
          {g.addMemberSubmit}
        </button>
      </form>
      <form className="admin-inline-form" onSubmit={rename} noValidate>
        <TextField label={g.name} name="name" value={name} errors={patch.fieldErrors.name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="button" disabled={patch.pending || name.trim() === group.name}>
          {g.rename}
        </button>
      </form>
      <FormProblem error={patch.error} />
      <ConfirmButton
        label={g.deleteGroup}
        title={g.deleteTitle(group.name)}
        body={g.deleteBody}
        confirmLabel={g.deleteGroup}
        pending={remove.pending}
        error={remove.error}
        onOpen={remove.reset}
        onConfirm={async () => (await remove.run()) === true}
      />
    </section>
  )
}

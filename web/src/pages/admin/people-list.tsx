// /admin/people: everyone, searched and paged through the URL (?q=&role=&active=&offset=), so
// back/forward and shared links show the same page.
import { useState, type FormEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import { api } from '../../api/client'
import { unwrap } from '../../api/errors'
import { useQuery } from '../../api/query'
import { useT } from '../../preferences'
import { SelectField, TextField } from '../../ui/fields'
import { Page } from '../../ui/page'
import { EmptyState, Loaded } from '../../ui/states'
import { usePeople } from './data'
import { ROLES, type Role, type User } from './types'
import { DataTable } from '../../ui/data-table'
import { personName } from '../../people'

const PAGE_SIZE = 50

function usePeoplePage(q: string, role: string, active: string, offset: number) {
  const query = {
    limit: PAGE_SIZE,
    offset,
    ...(q ? { q } : {}),
    ...(role ? { role: role as Role } : {}),
    ...(active ? { is_active: active === 'true' } : {}),
  }
  const key = `/api/users?q=${encodeURIComponent(q)}&role=${role}&is_active=${active}&offset=${offset}#admin`
  return useQuery(key, async () => {
    const result = await api.GET('/api/users', { params: { query } })
    const items = unwrap(result)
    return { items, total: Number(result.response.headers.get('X-Total-Count') ?? items.length) }
  })
}

export function PeopleListPage() {
  const t = useT()
  const p = t.admin.people
  const [params, setParams] = useSearchParams()
  const q = params.get('q') ?? ''
  const role = params.get('role') ?? ''
  const active = params.get('active') ?? 'true'
  const offset = Math.max(0, Number(params.get('offset')) || 0)
  const page = usePeoplePage(q, role, active === 'all' ? '' : active, offset)
  const everyone = usePeople()
  const names = new Map((everyone.data ?? []).map((u) => [u.id, personName(u)]))

  const search = (draft: Filters) => {
    const next = new URLSearchParams()
    if (draft.q.trim()) next.set('q', draft.q.trim())
    if (draft.role) next.set('role', draft.role)
    if (draft.active !== 'true') next.set('active', draft.active)
    setParams(next)
  }
  const pageLink = (to: number) => {
    const next = new URLSearchParams(params)
    if (to > 0) next.set('offset', String(to))
    else next.delete('offset')
    return `?${next.toString()}`
  }

  return (
    <Page
      title={p.title}
      actions={
        <Link className="button button-primary" to="/admin/people/new">
          {p.invite}
        </Link>
      }
    >
      <PeopleFilters key={`${q}|${role}|${active}`} initial={{ q, role, active }} onSearch={search} />
      <Loaded query={page}>
        {({ items, total }) =>
          items.length === 0 ? (
            <EmptyState title={p.emptyTitle}>
              <p>{p.emptyBody}</p>
              <Link to="/admin/people/new">{p.invite}</Link>
            </EmptyState>
          ) : (
            <>
              <PeopleTable items={items} total={total} names={names} />
              <nav aria-label={p.paging} className="admin-paging">
                <p className="muted">{p.range(offset + 1, offset + items.length, total)}</p>
                <div className="button-row">
                  {offset > 0 ? (
                    <Link className="button" to={pageLink(Math.max(0, offset - PAGE_SIZE))}>
                      {p.previous}
                    </Link>
                  ) : null}
                  {offset + items.length < total ? (
                    <Link className="button" to={pageLink(offset + PAGE_SIZE)}>
                      {p.next}
                    </Link>
                  ) : null}
                </div>
              </nav>
            </>
          )
        }
      </Loaded>
    </Page>
  )
}

interface Filters {
  q: string
  role: string
  active: string
}

/** The search form; keyed by the URL's filters so back/forward shows them again. */
function PeopleFilters({ initial, onSearch }: { initial: Filters; onSearch: (filters: Filters) => void }) {
  const t = useT()
  const p = t.admin.people
  const [draft, setDraft] = useState(initial)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    onSearch(draft)
  }
  return (
    <form className="admin-filters" onSubmit={submit} role="search" aria-label={p.searchLegend}>
      <TextField label={p.search} hint={p.searchHint} type="search" name="q" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
      <SelectField label={p.role} name="role" value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value })}>
        <option value="">{p.anyRole}</option>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t.common.roles[r]}
          </option>
        ))}
      </SelectField>
      <SelectField label={p.status} name="active" value={draft.active} onChange={(e) => setDraft({ ...draft, active: e.target.value })}>
        <option value="true">{p.active}</option>
        <option value="false">{p.inactive}</option>
        <option value="all">{p.anyStatus}</option>
      </SelectField>
      <div className="admin-filters-submit">
        <button type="submit" className="button">
          {p.apply}
        </button>
      </div>
    </form>
  )
}

function PeopleTable({ items, total, names }: { items: User[]; total: number; names: Map<number, string> }) {
  const t = useT()
  const p = t.admin.people
  return (
    <DataTable caption={p.caption(total)} label={p.caption(total)} columns={[p.name, p.email, p.role, p.manager, p.status]}>
      {items.map((user) => (
        <tr key={user.id}>
          <th scope="row">
            <Link to={`/admin/people/${user.id}`}>{personName(user)}</Link>
          </th>
          <td>{user.email}</td>
          <td>{t.common.roles[user.role]}</td>
          <td>{user.manager_id === null ? <span className="muted">{p.noManager}</span> : (names.get(user.manager_id) ?? `#${user.manager_id}`)}</td>
          <td>
            <span className={user.is_active ? 'admin-badge admin-badge-on' : 'admin-badge admin-badge-off'}>{user.is_active ? p.active : p.inactive}</span>
          </td>
        </tr>
      ))}
    </DataTable>
  )
}

// /admin/leave-types: every leave type, retired ones too, with its policy at a glance.
import { Link } from 'react-router'
import { useT } from '../../preferences'
import { Page } from '../../ui/page'
import { EmptyState, Loaded } from '../../ui/states'
import { useLeaveTypes } from './data'
import { DataTable } from '../../ui/data-table'

export function LeaveTypesPage() {
  const t = useT()
  const l = t.admin.leaveTypes
  const types = useLeaveTypes()
  const yesNo = (value: boolean) => (value ? t.common.yes : t.common.no)
  return (
    <Page
      title={l.title}
      actions={
        <Link className="button button-primary" to="/admin/leave-types/new">
          {l.add}
        </Link>
      }
    >
      <Loaded query={types}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState title={l.empty}>
              <Link to="/admin/leave-types/new">{l.add}</Link>
            </EmptyState>
          ) : (
            <DataTable caption={l.caption} label={l.caption} columns={[l.name, l.code, l.unit, l.approval, l.counts, l.allowance, l.status]}>
              {list.map((type) => (
                <tr key={type.code}>
                  <th scope="row">
                    <span className="admin-swatch" aria-hidden="true" style={{ background: type.color }} />
                    <Link to={`/admin/leave-types/${encodeURIComponent(type.code)}`}>{type.name}</Link>
                  </th>
                  <td>
                    <code>{type.code}</code>
                  </td>
                  <td>{l.units[type.unit]}</td>
                  <td>{yesNo(type.requires_approval)}</td>
                  <td>{yesNo(type.counts_against_balance)}</td>
                  <td>{type.counts_against_balance ? `${l.days(type.annual_allowance)} · ${l.accrualShort[type.accrual] ?? type.accrual}` : '–'}</td>
                  <td>
                    <span className={type.active ? 'admin-badge admin-badge-on' : 'admin-badge admin-badge-off'}>{type.active ? l.active : l.retired}</span>
                  </td>
                </tr>
              ))}
            </DataTable>
          )
        }
      </Loaded>
    </Page>
  )
}

// The caller's own requests, a page at a time, filtered by year and status from the URL's query
// (?year=&status=&page=), so that back, forward and deep links keep the view.
import { Link, useSearchParams } from 'react-router'
import { useQuery } from '../../api/query'
import { formatDateRange } from '../../i18n/format'
import { useLocale, useT } from '../../preferences'
import { useMe } from '../../session-context'
import { SelectField } from '../../ui/fields'
import { EmptyState, Loaded } from '../../ui/states'
import { LeaveActions, type LeaveActionsProps } from './leave-actions'
import { loadRequestPage, PAGE_SIZE, requestListKey, STATUSES, type LeaveRequest, type LeaveStatus, type RequestFilters } from './leave-api'
import { useTypeName } from './leave-types'
import { DataTable } from '../../ui/data-table'
import { StatusBadge } from './status-badge'

function filtersFrom(params: URLSearchParams): RequestFilters {
  const status = params.get('status')
  const year = Number(params.get('year'))
  const page = Number(params.get('page'))
  return {
    status: STATUSES.includes(status as LeaveStatus) ? (status as LeaveStatus) : undefined,
    year: Number.isInteger(year) && year >= 1900 && year <= 9999 ? year : undefined,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  }
}

export function RequestList({ onDone }: { onDone: LeaveActionsProps['onDone'] }) {
  const t = useT()
  const [params, setParams] = useSearchParams()
  const filters = filtersFrom(params)
  const zone = useMe().effective_time_zone
  const requests = useQuery(requestListKey(filters, zone), () => loadRequestPage(filters, zone))
  // A later page left empty (its last request deleted) is not "no requests yet".
  const filtered = filters.status !== undefined || filters.year !== undefined || filters.page > 1

  const change = (name: 'year' | 'status' | 'page', value: string) => {
    const next = new URLSearchParams(params)
    if (value) next.set(name, value)
    else next.delete(name)
    if (name !== 'page') next.delete('page')
    setParams(next)
  }
  const thisYear = new Date().getFullYear()
  const years = [thisYear + 1, thisYear, thisYear - 1, thisYear - 2, thisYear - 3]
  if (filters.year && !years.includes(filters.year)) years.push(filters.year)

  return (
    <>
      <fieldset className="request-filters">
        <legend>{t.leave.myLeave.filters}</legend>
        <div className="form-grid">
          <SelectField label={t.leave.myLeave.year} value={filters.year ?? ''} onChange={(event) => change('year', event.target.value)}>
            <option value="">{t.leave.myLeave.allYears}</option>
            {years.map((year) => (
              <option key={year} value={year}>
                {year}
              </option>
            ))}
          </SelectField>
          <SelectField label={t.leave.myLeave.status} value={filters.status ?? ''} onChange={(event) => change('status', event.target.value)}>
            <option value="">{t.leave.myLeave.allStatuses}</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {t.common.status[status] ?? status}
              </option>
            ))}
          </SelectField>
        </div>
      </fieldset>
      <Loaded query={requests}>
        {({ items, total }) =>
          items.length === 0 ? (
            filtered ? (
              <EmptyState title={t.leave.myLeave.emptyFiltered}>
                <p className="muted">{t.leave.myLeave.emptyFilteredHint}</p>
                <Link to="/leave">{t.leave.myLeave.showAll}</Link>
              </EmptyState>
            ) : (
              <EmptyState title={t.leave.myLeave.empty}>
                <p className="muted">{t.leave.myLeave.emptyHint}</p>
                <Link className="button button-primary" to="/leave/new">
                  {t.leave.myLeave.newRequest}
                </Link>
              </EmptyState>
            )
          ) : (
            <>
              <RequestTable items={items} total={total} onDone={onDone} />
              <Pager page={filters.page} pages={Math.max(1, Math.ceil(total / PAGE_SIZE))} onPage={(page) => change('page', page === 1 ? '' : String(page))} />
            </>
          )
        }
      </Loaded>
    </>
  )
}

function RequestTable({ items, total, onDone }: { items: LeaveRequest[]; total: number; onDone: LeaveActionsProps['onDone'] }) {
  const t = useT()
  const locale = useLocale()
  const typeName = useTypeName()
  const c = t.leave.myLeave.columns
  return (
    <DataTable caption={<>{t.leave.myLeave.caption} <span className="muted">({t.leave.myLeave.total(total)})</span></>} label={t.leave.myLeave.caption} columns={[c.dates, c.type, c.days, c.status, c.actions]} className="request-table">
      {items.map((request) => {
        const range = formatDateRange(request.start_date, request.end_date, locale)
        return (
          <tr key={request.id}>
            <th scope="row">
              <Link to={`/leave-requests/${request.id}`}>{range}</Link>
              <HalfDays request={request} />
            </th>
            <td>{typeName(request.type)}</td>
            <td className="num">{t.leave.days(request.days)}</td>
            <td>
              <StatusBadge status={request.status} />
            </td>
            <td>
              <LeaveActions request={request} context={range} small onDone={onDone} />
            </td>
          </tr>
        )
      })}
    </DataTable>
  )
}

/** "starts at midday" / "ends at midday" under a request's dates. */
export function HalfDays({ request }: { request: Pick<LeaveRequest, 'half_day_start' | 'half_day_end'> }) {
  const t = useT()
  const notes = [request.half_day_start ? t.leave.halfDay.startAfternoon : '', request.half_day_end ? t.leave.halfDay.endMorning : ''].filter(Boolean)
  return notes.length ? <span className="half-days muted">{notes.join(', ')}</span> : null
}

function Pager({ page, pages, onPage }: { page: number; pages: number; onPage: (page: number) => void }) {
  const t = useT()
  if (pages <= 1 && page === 1) return null
  return (
    <nav className="pager" aria-label={t.leave.myLeave.pages}>
      <button type="button" className="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t.leave.myLeave.previous}
      </button>
      <span aria-current="page">{t.leave.myLeave.pageOf(page, pages)}</span>
      <button type="button" className="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t.leave.myLeave.next}
      </button>
    </nav>
  )
}

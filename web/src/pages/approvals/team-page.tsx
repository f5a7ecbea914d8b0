// /approvals/team?status=&scope=&page=: the requests of the people the caller approves for (admins
// may look at everyone's), filtered by status, paged; each links to its own page.
import { Link, useSearchParams } from 'react-router'
import { useLocale, useT } from '../../preferences'
import { useMe } from '../../session-context'
import { SelectField } from '../../ui/fields'
import { Page } from '../../ui/page'
import { EmptyState, Loaded } from '../../ui/states'
import { useLeaveTypes } from '../calendar/calendar-data'
import { STATUSES, TEAM_PAGE_SIZE, useTeamRequests, type RequestStatus, type TeamScope } from './approvals-data'
import { amountText, periodText } from './request-text'
import { ApprovalsTabs } from './tabs'
import { personName } from '../../people'

export function TeamPage() {
  const t = useT()
  const locale = useLocale()
  const me = useMe()
  const types = useLeaveTypes()
  const [params, setParams] = useSearchParams()
  const statusParam = params.get('status')
  const status = STATUSES.find((s) => s === statusParam) as RequestStatus | undefined
  const scope: TeamScope = me.role === 'admin' && params.get('scope') === 'all' ? 'all' : 'team'
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1)
  const query = useTeamRequests(scope, status, (page - 1) * TEAM_PAGE_SIZE)

  const change = (name: string, value: string) => {
    const next = new URLSearchParams(params)
    if (value) next.set(name, value)
    else next.delete(name)
    if (name !== 'page') next.delete('page')
    setParams(next)
  }
  const pageLink = (n: number) => {
    const next = new URLSearchParams(params)
    next.set('page', String(n))
    return `?${next.toString()}`
  }

  return (
    <Page title={t.approvals.team.title}>
      <ApprovalsTabs />
      <div className="form-grid appr-filters" role="group" aria-label={t.approvals.team.filters}>
        <SelectField label={t.approvals.team.status} value={status ?? ''} onChange={(event) => change('status', event.target.value)}>
          <option value="">{t.approvals.team.anyStatus}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t.common.status[s] ?? s}
            </option>
          ))}
        </SelectField>
        {me.role === 'admin' ? (
          <SelectField label={t.approvals.team.scope} value={scope} onChange={(event) => change('scope', event.target.value === 'all' ? 'all' : '')}>
            <option value="team">{t.approvals.team.scopeTeam}</option>
            <option value="all">{t.approvals.team.scopeAll}</option>
          </SelectField>
        ) : null}
      </div>
      <Loaded query={query}>
        {({ items, total }) => {
          if (items.length === 0) {
            return (
              <EmptyState title={status ? t.approvals.team.emptyFiltered : t.approvals.team.empty}>
                <p>{status ? t.approvals.team.emptyFilteredHint : t.approvals.team.emptyHint}</p>
              </EmptyState>
            )
          }
          const pages = Math.max(1, Math.ceil(total / TEAM_PAGE_SIZE))
          return (
            <>
              <div className="table-wrap appr-table">
                <table className="data">
                  <caption>{scope === 'all' ? t.approvals.team.captionAll : t.approvals.team.caption}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t.approvals.team.person}</th>
                      <th scope="col">{t.approvals.team.dates}</th>
                      <th scope="col">{t.approvals.team.days}</th>
                      <th scope="col">{t.approvals.team.type}</th>
                      <th scope="col">{t.approvals.team.state}</th>
                      <th scope="col">
                        <span className="visually-hidden">{t.approvals.team.open}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((item) => {
                      const name = personName(item.user)
                      const dates = periodText(item, locale, t)
                      return (
                        <tr key={item.id}>
                          <th scope="row">{name}</th>
                          <td>{dates}</td>
                          <td>{amountText(item, types.get(item.type)?.unit, t)}</td>
                          <td>{types.get(item.type)?.name ?? item.type}</td>
                          <td>
                            <span className={`badge badge-${item.status}`}>{t.common.status[item.status] ?? item.status}</span>
                          </td>
                          <td>
                            <Link to={`/leave-requests/${item.id}/`} aria-label={t.approvals.team.openLabel(name, dates)}>
                              {t.approvals.team.open}
                            </Link>
                          </td>
                        </tr>
                      )
                    })}
                  </tbody>
                </table>
              </div>
              {pages > 1 ? (
                <nav aria-label={t.approvals.team.pages} className="button-row appr-pages">
                  {page > 1 ? (
                    <Link className="button button-small" to={pageLink(page - 1)}>
                      {t.approvals.team.previous}
                    </Link>
                  ) : null}
                  <span className="muted">{t.approvals.team.pageOf(page, pages)}</span>
                  {page < pages ? (
                    <Link className="button button-small" to={pageLink(page + 1)}>
                      {t.approvals.team.next}
                    </Link>
                  ) : null}
                </nav>
              ) : null}
            </>
          )
        }}
      </Loaded>
    </Page>
  )
}

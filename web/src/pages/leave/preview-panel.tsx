// What the server says filing the draft would do: the days it takes, why each day counts or not,
// the balance before and after, who approves, and every problem. The summary and the problems are
// in a live region, so a screen reader hears them change as the person edits the draft.
import { Link } from 'react-router'
import { formatDate } from '../../i18n/format'
import { useLocale, useT } from '../../preferences'
import { errorMessage } from '../../ui/states'
import type { Preview } from './leave-api'
import { DataTable } from '../../ui/data-table'
import { useTypeName } from './leave-types'
import type { PreviewState } from './use-preview'
import { personName } from '../../people'

export function PreviewPanel({ state, hasDates, ignoreOverlapWith }: { state: PreviewState; hasDates: boolean; ignoreOverlapWith?: number }) {
  const t = useT()
  const p = t.leave.preview
  const { preview, error, checking } = state
  // Editing a request: the server's preview does not know which request is being changed, so its
  // overlap with that very request is no problem.
  const problems = preview?.problems.filter((problem) => !(problem.code === 'overlap' && problem.request_id === ignoreOverlapWith)) ?? []
  return (
    <section className="preview card" aria-labelledby="preview-title">
      <h2 id="preview-title">{p.title}</h2>
      <div aria-live="polite" aria-atomic="true" className="preview-live">
        {!hasDates ? (
          <p className="muted">{t.leave.form.chooseDates}</p>
        ) : checking && !preview ? (
          <p className="muted">{p.checking}</p>
        ) : error ? (
          <p className="field-error">
            {p.failed} {errorMessage(error, t.common)}
          </p>
        ) : preview ? (
          <>
            <p className="preview-uses">
              <strong>{p.uses(preview.days)}</strong> <span className="muted">({p.hours(preview.hours)})</span>
            </p>
            {problems.length ? (
              <div className="alert alert-warn">
                <h3>{p.problemsTitle}</h3>
                <ul>
                  {problems.map((problem, index) => (
                    <li key={`${problem.code}-${index}`}>
                      {problem.message}
                      {problem.code === 'overlap' && problem.request_id ? (
                        <>
                          {' '}
                          <Link to={`/leave-requests/${problem.request_id}`}>{p.overlapLink}</Link>
                        </>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </div>
            ) : (
              <p>{p.noProblems}</p>
            )}
          </>
        ) : null}
      </div>
      {hasDates && preview ? <PreviewDetails preview={preview} /> : null}
    </section>
  )
}

function PreviewDetails({ preview }: { preview: Preview }) {
  const t = useT()
  const locale = useLocale()
  const typeName = useTypeName()
  const p = t.leave.preview
  return (
    <>
      {preview.breakdown.length ? (
        <DataTable caption={p.breakdownCaption} label={p.breakdownCaption} columns={[p.date, p.counts, p.why]} className="preview-days">
          {preview.breakdown.map((day) => (
            <tr key={day.date} className={`day-${day.reason}`}>
              <th scope="row">{formatDate(day.date, locale, { weekday: 'short', day: 'numeric', month: 'short' })}</th>
              <td>{t.leave.days(day.counts)}</td>
              <td>
                {p.reason[day.reason] ?? day.reason}
                {day.holiday ? `: ${day.holiday}` : ''}
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {preview.balance.length ? (
        <DataTable caption={p.balanceTitle} label={p.balanceTitle} columns={[t.leave.myLeave.columns.type, p.before, p.after]} className="preview-balance">
          {preview.balance.map((entry) => (
            <tr key={`${entry.type}-${entry.year}`}>
              <th scope="row">
                {p.balanceYear(typeName(entry.type), entry.year)}
                {entry.allow_negative > 0 ? <span className="muted preview-note">{p.negativeAllowed(entry.allow_negative)}</span> : null}
              </th>
              <td>{t.leave.days(entry.available_before)}</td>
              <td className={entry.available_after < 0 ? 'preview-negative' : undefined}>{t.leave.days(entry.available_after)}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {preview.coverage.length ? (
        <>
          <h3>{p.coverageTitle}</h3>
          <ul>
            {preview.coverage.map((breach) => (
              <li key={`${breach.rule_id}-${breach.date}`}>
                {p.coverage(breach.group, breach.date, breach.present, breach.min_present)} ({p.coverageMode[breach.mode] ?? breach.mode})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>{p.approversTitle}</h3>
      {preview.requires_approval ? (
        <ul className="preview-approvers">
          {preview.approvers.map((approver) => (
            <li key={approver.id}>
              {personName(approver)} <span className="muted">({approver.email})</span>
            </li>
          ))}
        </ul>
      ) : (
        <p>{p.approvedAtOnce}</p>
      )}
    </>
  )
}

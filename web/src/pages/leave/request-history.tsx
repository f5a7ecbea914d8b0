// A request's audit trail (GET /api/leave-requests/<id>/history), oldest first.
import { useQuery } from '../../api/query'
import { formatInstant } from '../../i18n/format'
import { useLocale, useT } from '../../preferences'
import { useMe } from '../../session-context'
import { EmptyState, Loaded } from '../../ui/states'
import { historyKey, loadHistory } from './leave-api'
import { DataTable } from '../../ui/data-table'

/** Fields of a change worth naming to a person (ids and timestamps the row shows anyway are not). */
const SHOWN_FIELDS = ['start_date', 'end_date', 'half_day_start', 'half_day_end', 'days', 'type', 'description', 'status', 'decision_comment']

export function RequestHistory({ id }: { id: string }) {
  const t = useT()
  const locale = useLocale()
  const me = useMe()
  const d = t.leave.detail
  const history = useQuery(historyKey(id), () => loadHistory(id))
  return (
    <Loaded query={history}>
      {(entries) =>
        entries.length === 0 ? (
          <EmptyState title={d.historyEmpty} />
        ) : (
          <DataTable caption={d.historyCaption} label={d.historyTitle} columns={[d.when, d.who, d.what]} className="history-table">
            {entries.map((entry) => {
              const changed = SHOWN_FIELDS.filter((field) => field in entry.changes)
              return (
                <tr key={entry.id}>
                  <th scope="row">{formatInstant(entry.at, locale, me.effective_time_zone)}</th>
                  <td>{entry.actor ? entry.actor.email : d.system}</td>
                  <td>
                    <strong>{d.historyAction[entry.action] ?? entry.action}</strong>
                    {entry.note ? <span className="history-note">{entry.note}</span> : null}
                    {entry.action === 'updated' || entry.action === 'recomputed' ? (
                      <ul className="history-changes">
                        {changed.map((field) => (
                          <li key={field}>
                            {d.fields[field] ?? field}: {show(entry.changes[field]?.[0])} → {show(entry.changes[field]?.[1])}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                </tr>
              )
            })}
          </DataTable>
        )
      }
    </Loaded>
  )
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '–'
  return typeof value === 'string' ? value : JSON.stringify(value)
}

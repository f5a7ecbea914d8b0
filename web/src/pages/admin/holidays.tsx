// /admin/holidays?region=&year=: the region's public holidays (read-only) and the company's own
// days off, which are added and removed here.
import { useState, type FormEvent } from 'react'
import { useSearchParams } from 'react-router'
import { api } from '../../api/client'
import { unwrap } from '../../api/errors'
import { useMutation } from '../../api/mutation'
import { invalidate, useQuery } from '../../api/query'
import { formatDate } from '../../i18n/format'
import { useLocale, useT } from '../../preferences'
import { CheckboxField, SelectField, TextField } from '../../ui/fields'
import { Page, Section } from '../../ui/page'
import { EmptyState, Loaded, Notice } from '../../ui/states'
import { ConfirmButton } from '../../ui/confirm-button'
import { useRegions } from './data'
import { FormProblem, RegionField } from './form-bits'
import type { Holiday, Region } from './types'
import { DataTable } from '../../ui/data-table'

/** A company day off changes the days of every request that includes it. */
function invalidateDays() {
  invalidate('/api/holidays', '/api/calendar', '/api/leave-requests', '/api/balances', '/api/approvals')
}

export function HolidaysPage() {
  const t = useT()
  const h = t.admin.holidays
  const [params, setParams] = useSearchParams()
  const region = params.get('region') ?? ''
  const yearParam = Number(params.get('year'))
  const year = Number.isInteger(yearParam) && yearParam >= 1900 && yearParam <= 2200 ? yearParam : new Date().getFullYear()
  const regions = useRegions()
  const holidays = useQuery(`/api/holidays?year=${year}&region=${region}#admin`, async () =>
    unwrap(await api.GET('/api/holidays', { params: { query: { year, ...(region ? { region } : {}) } } })),
  )
  const [notice, setNotice] = useState('')
  const regionName = (code: string) => regions.data?.find((r) => r.code === code)?.name ?? code

  const show = (next: { region: string; year: string }) => {
    const search = new URLSearchParams()
    if (next.region) search.set('region', next.region)
    if (next.year) search.set('year', next.year)
    setParams(search)
  }

  return (
    <Page title={h.title}>
      <HolidayFilters key={`${region}|${year}`} region={region} year={String(year)} regions={regions.data ?? []} onShow={show} />
      <Notice>{notice}</Notice>
      <p className="muted">{h.publicReadOnly}</p>
      <Loaded query={holidays}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState title={h.empty} />
          ) : (
            <HolidayTable list={list} caption={region ? h.caption(regionName(region), year) : h.captionOwn(year)} regionName={regionName} onRemoved={() => setNotice(h.removed)} />
          )
        }
      </Loaded>
      <AddCompanyDay regions={regions.data ?? []} defaultRegion="" onAdded={() => setNotice(h.added)} />
    </Page>
  )
}

function HolidayFilters({ region, year, regions, onShow }: { region: string; year: string; regions: Region[]; onShow: (next: { region: string; year: string }) => void }) {
  const t = useT()
  const h = t.admin.holidays
  const [draft, setDraft] = useState({ region, year })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    onShow(draft)
  }
  return (
    <form className="admin-filters" onSubmit={submit} aria-label={h.filters}>
      <RegionField label={h.region} name="region" value={draft.region} regions={regions} emptyLabel={h.myRegion} onChange={(code) => setDraft({ ...draft, region: code })} />
      <TextField label={h.year} type="number" name="year" min={1900} max={2200} value={draft.year} onChange={(e) => setDraft({ ...draft, year: e.target.value })} />
      <div className="admin-filters-submit">
        <button type="submit" className="button">
          {h.show}
        </button>
      </div>
    </form>
  )
}

function HolidayTable({ list, caption, regionName, onRemoved }: { list: Holiday[]; caption: string; regionName: (code: string) => string; onRemoved: () => void }) {
  const t = useT()
  const locale = useLocale()
  const h = t.admin.holidays
  return (
    <DataTable caption={caption} label={caption} columns={[h.date, h.name, h.kind, h.appliesTo, t.admin.form.actions]}>
      {list.map((holiday) => (
        <tr key={`${holiday.kind}-${holiday.id ?? holiday.date}-${holiday.name}`}>
          <td>{formatDate(holiday.date, locale, { dateStyle: 'full' })}</td>
          <th scope="row">
            {holiday.name}
            {holiday.half_day ? <span className="muted"> ({h.halfDay})</span> : null}
          </th>
          <td>
            <span className={holiday.kind === 'company' ? 'admin-badge admin-badge-warn' : 'admin-badge admin-badge-off'}>{h.kinds[holiday.kind]}</span>
          </td>
          <td>{holiday.region ? regionName(holiday.region) : t.admin.form.everyone}</td>
          <td>{holiday.kind === 'company' && holiday.id !== null ? <RemoveCompanyDay holiday={holiday} id={holiday.id} onRemoved={onRemoved} /> : null}</td>
        </tr>
      ))}
    </DataTable>
  )
}

function RemoveCompanyDay({ holiday, id, onRemoved }: { holiday: Holiday; id: number; onRemoved: () => void }) {
  const t = useT()
  const locale = useLocale()
  const h = t.admin.holidays
  const remove = useMutation(async () => {
    unwrap(await api.DELETE('/api/holidays/{id}', { params: { path: { id: String(id) } } }))
    invalidateDays()
    onRemoved()
    return true
  })
  return (
    <ConfirmButton
      small
      label={h.remove}
      ariaLabel={`${h.remove}: ${holiday.name}, ${formatDate(holiday.date, locale)}`}
      title={h.removeTitle(holiday.name)}
      body={h.removeBody}
      confirmLabel={h.remove}
      pending={remove.pending}
      error={remove.error}
      onOpen={remove.reset}
      onConfirm={async () => (await remove.run()) === true}
    />
  )
}

function AddCompanyDay({ regions, defaultRegion, onAdded }: { regions: Region[]; defaultRegion: string; onAdded: () => void }) {
  const t = useT()
  const h = t.admin.holidays
  const [form, setForm] = useState({ date: '', name: '', half_day: false, region: defaultRegion })
  const add = useMutation(async () => {
    const result = unwrap(await api.POST('/api/holidays', { body: { date: form.date, name: form.name.trim(), half_day: form.half_day, region: form.region || null } }))
    invalidateDays()
    setForm({ date: '', name: '', half_day: false, region: form.region })
    onAdded()
    return result
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void add.run()
  }
  const errors = add.fieldErrors
  return (
    <Section title={h.add}>
      <p className="muted">{h.addHint}</p>
      <form onSubmit={submit} noValidate>
        <div className="form-grid">
          <TextField label={h.date} type="date" name="date" required value={form.date} errors={errors.date} onChange={(e) => setForm({ ...form, date: e.target.value })} />
          <TextField label={h.name} name="name" required value={form.name} errors={errors.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          <SelectField label={h.regionField} name="region" value={form.region} errors={errors.region} onChange={(e) => setForm({ ...form, region: e.target.value })}>
            <option value="">{t.admin.form.everyone}</option>
            {regions.map((region) => (
              <option key={region.code} value={region.code}>
                {region.name} ({region.code})
              </option>
            ))}
          </SelectField>
        </div>
        <CheckboxField label={h.halfDayField} name="half_day" checked={form.half_day} onChange={(e) => setForm({ ...form, half_day: e.target.checked })} />
        <FormProblem error={add.error} />
        <button type="submit" className="button button-primary" disabled={add.pending}>
          {h.submit}
        </button>
      </form>
    </Section>
  )
}

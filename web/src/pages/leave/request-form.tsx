// The form of a request, new or edited: period, half days, type and comment, with the server's
// live preview beside it. The page decides what submitting does (create or change).
import { useState, type FormEvent } from 'react'
import type { Mutation } from '../../api/mutation'
import { useT } from '../../preferences'
import { SelectField, TextArea } from '../../ui/fields'
import { errorMessage, Loaded } from '../../ui/states'
import { DateRangeField, type PlainRange } from './date-range-field'
import type { LeaveRequestBody } from './leave-api'
import { useLeaveTypes } from './leave-types'
import { PreviewPanel } from './preview-panel'
import { usePreview } from './use-preview'

export interface Draft {
  range: PlainRange | null
  halfDayStart: boolean
  halfDayEnd: boolean
  type: string
  description: string
}

/** The body for create, PUT and the preview; null until both dates are known. */
export function draftBody(draft: Draft): LeaveRequestBody | null {
  if (!draft.range || !draft.type) return null
  const oneDay = draft.range.start === draft.range.end
  return {
    start_date: draft.range.start,
    end_date: draft.range.end,
    half_day_start: draft.halfDayStart,
    // One day is either its morning or its afternoon: the afternoon choice wins.
    half_day_end: oneDay && draft.halfDayStart ? false : draft.halfDayEnd,
    type: draft.type,
    description: draft.description,
  }
}

export function RequestForm({
  initial,
  submitLabel,
  mutation,
  onSubmit,
  editingId,
}: {
  initial: Draft
  submitLabel: string
  mutation: Pick<Mutation<[LeaveRequestBody], unknown>, 'pending' | 'error' | 'fieldErrors'>
  onSubmit: (body: LeaveRequestBody) => void
  editingId?: number
}) {
  const t = useT()
  const f = t.leave.form
  const types = useLeaveTypes()
  const [draft, setDraft] = useState<Draft>(initial)
  const [tried, setTried] = useState(false)
  const body = draftBody(draft)
  const preview = usePreview(body)
  const set = (change: Partial<Draft>) => setDraft((previous) => ({ ...previous, ...change }))
  const errors = mutation.fieldErrors
  const dateErrors = [...(tried && !draft.range ? [f.chooseDates] : []), ...(errors.start_date ?? []), ...(errors.end_date ?? []), ...(errors.start ?? []), ...(errors.end ?? [])]
  // Errors about the whole request (or a 409) have no field: they go in the alert.
  const fieldNames = ['start_date', 'end_date', 'start', 'end', 'half_day_start', 'half_day_end', 'type', 'description']
  const general = mutation.error && !fieldNames.some((name) => errors[name]) ? errorMessage(mutation.error, t.common) : null

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    if (body) onSubmit(body)
  }
  return (
    <div className="request-layout">
      <form className="request-form" onSubmit={submit} noValidate aria-describedby={general ? 'request-form-error' : undefined}>
        <DateRangeField value={draft.range} onChange={(range) => set({ range })} errors={dateErrors.length ? dateErrors : undefined} />
        <HalfDayChoices draft={draft} set={set} errors={[...(errors.half_day_start ?? []), ...(errors.half_day_end ?? [])]} />
        <Loaded query={types}>
          {(list) => {
            const active = list.filter((type) => type.active)
            if (active.length === 0) return <p className="alert alert-warn">{f.noTypes}</p>
            return (
              <SelectField label={f.type} value={draft.type} onChange={(event) => set({ type: event.target.value })} errors={errors.type ?? (tried && !draft.type ? [f.chooseType] : undefined)} required>
                {active.some((type) => type.code === draft.type) ? null : <option value="">{f.chooseType}</option>}
                {active.map((type) => (
                  <option key={type.code} value={type.code}>
                    {type.name}
                  </option>
                ))}
              </SelectField>
            )
          }}
        </Loaded>
        <TextArea
          label={f.description}
          hint={f.descriptionHint}
          value={draft.description}
          onChange={(event) => set({ description: event.target.value })}
          errors={errors.description}
          maxLength={5000}
        />
        {general ? (
          <div className="alert alert-error" role="alert" id="request-form-error">
            <p>{general}</p>
          </div>
        ) : null}
        {preview.preview?.problems.some((problem) => !(problem.code === 'overlap' && problem.request_id === editingId)) ? (
          <p className="muted">{f.fixProblems}</p>
        ) : null}
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={mutation.pending}>
            {mutation.pending ? f.sending : submitLabel}
          </button>
        </div>
      </form>
      <PreviewPanel state={preview} hasDates={body !== null} ignoreOverlapWith={editingId} />
    </div>
  )
}

function HalfDayChoices({ draft, set, errors }: { draft: Draft; set: (change: Partial<Draft>) => void; errors: string[] }) {
  const t = useT()
  const f = t.leave.form
  if (!draft.range) return null
  if (draft.range.start === draft.range.end) {
    const value = draft.halfDayStart ? 'afternoon' : draft.halfDayEnd ? 'morning' : 'full'
    return (
      <RadioChoice
        legend={f.singleDay}
        name="single-day"
        value={value}
        options={[
          ['full', f.fullDay],
          ['morning', f.morningOnly],
          ['afternoon', f.afternoonOnly],
        ]}
        onChange={(choice) => set({ halfDayStart: choice === 'afternoon', halfDayEnd: choice === 'morning' })}
        errors={errors}
      />
    )
  }
  return (
    <div className="form-grid">
      <RadioChoice
        legend={f.firstDay}
        name="first-day"
        value={draft.halfDayStart ? 'afternoon' : 'full'}
        options={[
          ['full', f.fullDay],
          ['afternoon', f.afternoonOnly],
        ]}
        onChange={(choice) => set({ halfDayStart: choice === 'afternoon' })}
        errors={errors}
      />
      <RadioChoice
        legend={f.lastDay}
        name="last-day"
        value={draft.halfDayEnd ? 'morning' : 'full'}
        options={[
          ['full', f.fullDay],
          ['morning', f.morningOnly],
        ]}
        onChange={(choice) => set({ halfDayEnd: choice === 'morning' })}
        errors={[]}
      />
    </div>
  )
}

function RadioChoice({
  legend,
  name,
  value,
  options,
  onChange,
  errors,
}: {
  legend: string
  name: string
  value: string
  options: Array<[string, string]>
  onChange: (value: string) => void
  errors: string[]
}) {
  return (
    <fieldset className="radio-choice" aria-describedby={errors.length ? `${name}-error` : undefined}>
      <legend>{legend}</legend>
      {options.map(([option, label]) => (
        <label key={option} className="radio">
          <input type="radio" name={name} value={option} checked={value === option} onChange={() => onChange(option)} />
          {label}
        </label>
      ))}
      {errors.length ? (
        <p className="field-error" id={`${name}-error`}>
          {errors.join(' ')}
        </p>
      ) : null}
    </fieldset>
  )
}

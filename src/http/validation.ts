// Request validation: one Ajv per request part, and the translation of Ajv's errors into the
// original API's field-error messages (Django REST framework wording), so old clients keep working.
import type { ErrorObject, ValidateFunction } from 'ajv'
import { Ajv } from 'ajv'
import addFormatsImport from 'ajv-formats'
import type { FastifySchemaCompiler } from 'fastify'
import type { FieldErrorMap } from '../errors.js'

const addFormats = addFormatsImport as unknown as (ajv: Ajv, formats?: string[]) => Ajv

// ISO 8601 date-time as the original accepted it: seconds and fraction optional, offset optional (then UTC).
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})?$/

/** Parses an accepted date-time string to epoch milliseconds, or null when it is not one. */
export function parseDateTime(value: string): number | null {
  const m = DATETIME.exec(value)
  if (!m) return null
  const [, y, mo, d, h, mi, s = '0', frac = '', zone = 'Z'] = m
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  const hour = Number(h)
  const minute = Number(mi)
  const second = Number(s)
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  if (hour > 23 || minute > 59 || second > 59) return null
  let offsetMinutes = 0
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    const oh = Number(digits.slice(0, 2))
    const om = Number(digits.slice(2))
    if (oh > 23 || om > 59) return null
    offsetMinutes = sign * (oh * 60 + om)
  }
  const millis = Number(frac.padEnd(3, '0').slice(0, 3))
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis)
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear puts them back.
  const date = new Date(utc)
  date.setUTCFullYear(year)
  const ms = date.getTime() - offsetMinutes * 60_000
  // An offset can carry 9999-12-31 into year 10000 (or 0001-01-01 into year 0): such an instant
  // could not be written back as a four-digit ISO 8601 date-time, so it is not accepted.
  return ms >= MIN_DATETIME && ms <= MAX_DATETIME ? ms : null
}

const MIN_DATETIME = Date.parse('0001-01-01T00:00:00.000Z')
const MAX_DATETIME = Date.parse('9999-12-31T23:59:59.999Z')

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0)
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return false
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  // There is no year 0 in the calendar (nor in the original's Python dates), as parseDateTime agrees.
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
}

const MESSAGES = {
  required: 'This field is required.',
  null: 'This field may not be null.',
  blank: 'This field may not be blank.',
  object: 'Invalid data. Expected an object.',
  datetime: 'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
  date: 'Date has wrong format. Use one of these formats instead: YYYY-MM-DD.',
  email: 'Enter a valid email address.',
}

const TYPE_MESSAGES: Record<string, string> = {
  string: 'Not a valid string.',
  integer: 'A valid integer is required.',
  number: 'A valid number is required.',
  boolean: 'Must be a valid boolean.',
  object: MESSAGES.object,
  array: 'Expected a list of items.',
}

function choice(value: unknown): string {
  return `"${typeof value === 'string' ? value : JSON.stringify(value)}" is not a valid choice.`
}

function messageFor(error: ErrorObject): string {
  const custom = (error.parentSchema as { 'x-message'?: string } | undefined)?.['x-message']
  if (custom && error.keyword !== 'required' && !(error.keyword === 'type' && error.data === null)) return custom
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required':
      return MESSAGES.required
    case 'type': {
      if (error.data === null) return MESSAGES.null
      // A number (or any non-string) where a date or date-time belongs has the wrong format, as the original said.
      const format = (error.parentSchema as { format?: string } | undefined)?.format
      if (format === 'date-time') return MESSAGES.datetime
      if (format === 'date') return MESSAGES.date
      const expected = String(Array.isArray(params.type) ? params.type[0] : params.type).split(',')[0] ?? ''
      return TYPE_MESSAGES[expected] ?? `Expected ${expected}.`
    }
    case 'minLength':
      return params.limit === 1 ? MESSAGES.blank : `Ensure this field has at least ${String(params.limit)} characters.`
    case 'maxLength':
      return `Ensure this field has no more than ${String(params.limit)} characters.`
    case 'enum':
    case 'const':
      return choice(error.data)
    case 'format':
      if (params.format === 'date-time') return MESSAGES.datetime
      if (params.format === 'date') return MESSAGES.date
      if (params.format === 'email') return MESSAGES.email
      return `Enter a valid ${String(params.format)}.`
    case 'minimum':
      return `Ensure this value is greater than or equal to ${String(params.limit)}.`
    case 'maximum':
      return `Ensure this value is less than or equal to ${String(params.limit)}.`
    case 'maxItems':
      return `Ensure this field has no more than ${String(params.limit)} elements.`
    default:
      return 'This value is invalid.'
  }
}

/** Ajv errors → {"field": ["message"]}, one message per field, the object-level ones under "error". */
export function toFieldErrors(errors: ErrorObject[]): FieldErrorMap {
  const out: FieldErrorMap = {}
  for (const error of errors) {
    // Errors inside a field (a work week's day) are that top-level field's.
    const top = error.instancePath.split('/')[1] ?? ''
    let field = top
    let message: string
    if (error.keyword === 'required') {
      const missing = String((error.params as { missingProperty: string }).missingProperty)
      field = top || missing
      message = top ? `"${missing}" is required.` : MESSAGES.required
    } else if (top === '' && error.keyword === 'type') {
      // The body itself is not an object: null reads like any other non-object.
      message = MESSAGES.object
    } else {
      message = messageFor(error)
    }
    if (field === '') field = 'error'
    field = field.replace(/~1/g, '/').replace(/~0/g, '~')
    if (out[field]) continue
    out[field] = [message]
  }
  return out
}

function createAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    coerceTypes: coerceTypes ? 'array' : false,
    removeAdditional: true,
    useDefaults: true,
    strict: false,
  })
  addFormats(ajv, ['email', 'uri'])
  ajv.addFormat('date-time', { type: 'string', validate: (v: string) => parseDateTime(v) !== null })
  ajv.addFormat('date', { type: 'string', validate: isCalendarDate })
  ajv.addKeyword({ keyword: 'x-message', schemaType: 'string' })
  return ajv
}

// Query strings and path parameters arrive as text and are coerced; JSON bodies are taken as typed.
const bodyAjv = createAjv(false)
const textAjv = createAjv(true)

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : textAjv
  return ajv.compile(schema as object) as ValidateFunction
}

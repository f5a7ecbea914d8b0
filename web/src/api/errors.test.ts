// What a refusal of the API becomes: an ApiError whose message a person can read, with the body's
// per-field messages and code kept for forms.
import { describe, expect, it } from 'vitest'
import { ApiError, apiError, unwrap } from './errors'

describe('apiError', () => {
  it('takes the detail of {"detail"} and its code', () => {
    const error = apiError(409, { detail: 'Only pending requests can be edited.', code: 'not_pending' })
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toBeInstanceOf(Error)
    expect(error.status).toBe(409)
    expect(error.message).toBe('Only pending requests can be edited.')
    expect(error.code).toBe('not_pending')
    expect(error.fields).toEqual({})
    expect(error.body).toEqual({ detail: 'Only pending requests can be edited.', code: 'not_pending' })
  })

  it('keeps per-field messages of a 400 and shows the first one', () => {
    const error = apiError(400, { end_date: ['The end is before the start.', 'Another.'], type: 'Unknown leave type.', count: 3 })
    expect(error.fields).toEqual({ end_date: ['The end is before the start.', 'Another.'], type: ['Unknown leave type.'] })
    expect(error.message).toBe('The end is before the start.')
    expect(error.code).toBeUndefined()
  })

  it('says the status when the body has nothing readable', () => {
    for (const body of [undefined, null, 'Bad Gateway', {}, { fields: [] }, { count: 3 }]) {
      const error = apiError(502, body)
      expect(error.message).toBe('The server answered 502.')
      expect(error.fields).toEqual({})
    }
  })
})

describe('unwrap', () => {
  const response = (status: number) => new Response(null, { status })

  it('answers the data of a successful call', () => {
    expect(unwrap({ data: { id: 1 }, response: response(200) })).toEqual({ id: 1 })
    expect(unwrap({ data: undefined, response: response(204) })).toBeUndefined()
  })

  it('throws the ApiError of the error body otherwise', () => {
    expect(() => unwrap({ error: { detail: 'Not found.' }, response: response(404) })).toThrow(ApiError)
    expect(() => unwrap({ error: { detail: 'Not found.' }, response: response(404) })).toThrow('Not found.')
    try {
      unwrap({ error: { email: ['Enter a valid email address.'] }, response: response(400) })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError)
      expect((error as ApiError).fields.email).toEqual(['Enter a valid email address.'])
    }
  })
})

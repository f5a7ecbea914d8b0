/** A JSON Schema node of the app's OpenAPI document, as the tests that read it as data see it. */
export interface Schema {
  type?: string | string[]
  enum?: unknown[]
  format?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  items?: Schema
  properties?: Record<string, Schema>
  additionalProperties?: boolean | Schema
  required?: string[]
  anyOf?: Schema[]
  oneOf?: Schema[]
  $ref?: string
  [key: string]: unknown
}

import { Type } from 'typebox'
import { Nullable } from '../http/schemas.js'

export const HistoryEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time', description: 'ISO 8601 UTC with milliseconds' }),
  actor: Nullable(Type.Object({ id: Type.Integer(), email: Type.String() }), {
    description: 'Who acted; null for the system or a deleted user.',
  }),
  action: Type.String(),
  changes: Type.Record(Type.String(), Type.Array(Type.Unknown(), { minItems: 2, maxItems: 2 }), {
    description: 'Each changed field as [before, after].',
  }),
  note: Nullable(Type.String(), { description: 'Why, when the system acted (an automatic approval, a recomputed duration); else null.' }),
})

export const History = Type.Array(HistoryEntry)

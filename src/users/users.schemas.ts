import { Type } from 'typebox'
import { Nullable } from '../http/schemas.js'
import { pagingQuery } from '../http/paging.js'
import { BirthDate, EmailField, GenderField, Name, RoleField } from './profile.schemas.js'
import { workingTimeInput, workingTimeProperties } from './working-time-fields.schemas.js'

export const User = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  first_name: Type.String(),
  last_name: Type.String(),
  preferred_name: Type.String(),
  gender: GenderField,
  birth_date: BirthDate,
  role: RoleField,
  manager_id: Nullable(Type.Integer()),
  is_active: Type.Boolean(),
  created_at: Type.String({ format: 'date-time', description: 'ISO 8601 UTC with milliseconds' }),
  ...workingTimeProperties,
})

export const UserList = Type.Array(User)

const ManagerId = Type.Unsafe<number | null>({
  type: ['integer', 'null'],
  description: 'The id of another active user, or null for none.',
})

export const UserCreate = Type.Object({
  email: EmailField,
  first_name: Name,
  last_name: Name,
  role: Type.Optional(RoleField),
  manager_id: Type.Optional(ManagerId),
})

export const UserPatch = Type.Partial(
  Type.Object({
    email: EmailField,
    first_name: Name,
    last_name: Name,
    preferred_name: Name,
    role: RoleField,
    manager_id: ManagerId,
    ...workingTimeInput,
  }),
)

export const UserQuery = Type.Object({
  role: Type.Optional(RoleField),
  is_active: Type.Optional(Type.Boolean({ description: 'true or false' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 254, description: 'Part of the name or email, any case.' })),
  ...pagingQuery,
})

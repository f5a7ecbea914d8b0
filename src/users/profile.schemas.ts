import { Type } from 'typebox'
import { Nullable } from '../http/schemas.js'
import type { Gender, Role } from '../db/schema.js'
import { workingTimeInput, workingTimeProperties } from './working-time-fields.schemas.js'

export const Name = Type.String({ maxLength: 150 })
export const EmailField = Type.String({ minLength: 1, maxLength: 254, format: 'email' })
export const GenderField = Type.Unsafe<Gender>({ type: 'string', enum: ['', 'male', 'female', 'other'] })
export const RoleField = Type.Unsafe<Role>({ type: 'string', enum: ['employee', 'manager', 'admin'] })
export const BirthDate = Type.Unsafe<string | null>({
  type: ['string', 'null'],
  format: 'date',
  description: 'YYYY-MM-DD, or null',
})

/** How a user appears inside other objects (a profile's manager, a leave request's owner and decider). */
export const UserSummary = Type.Object({ id: Type.Integer(), email: Type.String(), first_name: Type.String(), last_name: Type.String() })

export const Profile = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  gender: GenderField,
  first_name: Type.String(),
  last_name: Type.String(),
  preferred_name: Type.String(),
  birth_date: BirthDate,
  role: RoleField,
  manager: Nullable(UserSummary, { description: 'The user’s manager, or null.' }),
  ...workingTimeProperties,
})

const editable = {
  email: EmailField,
  first_name: Name,
  last_name: Name,
  preferred_name: Name,
  gender: GenderField,
  birth_date: BirthDate,
}
const currentPassword = Type.String({
  minLength: 1,
  maxLength: 1024,
  description: 'Required when the email changes.',
})

/** The one working-time field people set themselves (optional even in PUT: the original's clients do not know it); the rest is the admin's. */
const timeZone = workingTimeInput.time_zone

export const ProfilePut = Type.Object({ ...editable, time_zone: Type.Optional(timeZone), current_password: Type.Optional(currentPassword) })
export const ProfilePatch = Type.Partial(Type.Object({ ...editable, time_zone: timeZone, current_password: currentPassword }))

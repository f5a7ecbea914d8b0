import { Type } from 'typebox'

export const SetupStatus = Type.Object(
  { needed: Type.Boolean({ description: 'True only while the installation has no user at all: the web app then offers to create the first admin.' }) },
  { description: 'Whether this installation still needs its first admin.' },
)

const Password = Type.String({ minLength: 1, maxLength: 1024 })

export const SetupBody = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 254, format: 'email' }),
  password: Password,
  confirm_password: Password,
  first_name: Type.String({ minLength: 1, maxLength: 150 }),
  last_name: Type.String({ maxLength: 150 }),
})

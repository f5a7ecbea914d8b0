// The message catalogs. English is the reference: German is typed as `Messages`, so a key missing
// from it (or a message with other parameters) fails the type check. One file per area of the app.
import { admin } from './en/admin'
import { approvals } from './en/approvals'
import { auth } from './en/auth'
import { calendar } from './en/calendar'
import { common } from './en/common'
import { leave } from './en/leave'
import { profile } from './en/profile'

export const en = { common, auth, profile, leave, calendar, approvals, admin }

export type Messages = typeof en

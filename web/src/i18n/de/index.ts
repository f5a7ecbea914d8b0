import type { Messages } from '../messages'
import { admin } from './admin'
import { approvals } from './approvals'
import { auth } from './auth'
import { calendar } from './calendar'
import { common } from './common'
import { leave } from './leave'
import { profile } from './profile'

export const de: Messages = { common, auth, profile, leave, calendar, approvals, admin }

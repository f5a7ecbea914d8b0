import { Type } from 'typebox'
import { Breach } from '../coverage/coverage.schemas.js'
import { Nullable } from '../http/schemas.js'
import { PlainDate } from '../working-time/working-time.schemas.js'

export const CalendarQuery = Type.Object({
  from: Type.Optional({ ...PlainDate, description: 'First local date (inclusive); today by default.' }),
  to: Type.Optional({ ...PlainDate, description: 'Last local date (inclusive); from + 13 days by default; at most 366 days after from.' }),
  scope: Type.Optional(
    Type.Unsafe<'me' | 'team' | 'all'>({
      type: 'string',
      enum: ['me', 'team', 'all'],
      description: 'me; team (your manager’s reports and that manager, and your own reports; the default); all (admins, or everyone when the setting allows).',
    }),
  ),
  user_id: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Only this person of the scope.' })),
})

const Absence = Type.Object({
  id: Nullable(Type.Integer(), { description: 'null unless you are its owner, an approver of it, or an admin.' }),
  start_date: Type.String(),
  end_date: Type.String(),
  half_day_start: Type.Boolean(),
  half_day_end: Type.Boolean(),
  status: Type.String({ description: 'APPROVED, CANCELLATION_REQUESTED, or PENDING (draw it as tentative).' }),
  type: Nullable(Type.String(), { description: 'null unless you are its owner, an approver of it, or an admin.' }),
  days: Type.Number(),
})

export const CalendarBody = Type.Object({
  from: Type.String(),
  to: Type.String(),
  people: Type.Array(
    Type.Object({
      user: Type.Object({ id: Type.Integer(), first_name: Type.String(), last_name: Type.String(), preferred_name: Type.String() }),
      absences: Type.Array(Absence),
    }),
  ),
  holidays: Type.Array(
    Type.Object({
      date: Type.String(),
      name: Type.String(),
      half_day: Type.Boolean(),
      region: Nullable(Type.String(), { description: 'The holiday region, or null for a company day off for everyone.' }),
    }),
  ),
  coverage: Type.Array(Breach, { description: 'The days in the window where a coverage rule is broken, per rule you can see (managers: their people’s; admins: all).' }),
})

const FeedUrl = Type.String({ description: '{APP_URL}/ical/<token>.ics' })
export const FeedsBody = Type.Object({ me: FeedUrl, team: FeedUrl, all: Nullable(FeedUrl, { description: 'For those who may read everyone’s calendar.' }) })

export const FeedParams = Type.Object({ file: Type.String({ maxLength: 100, description: '<token>.ics' }) })

import { Type } from 'typebox'

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 })
const Name = Type.String({ minLength: 1, maxLength: 100 })
const MemberIds = Type.Array(Id, { maxItems: 1000, description: 'User ids; a person may be in several groups.' })
const Mode = Type.Unsafe<'warn' | 'block'>({ type: 'string', enum: ['warn', 'block'], description: 'warn: shown, filing succeeds; block: filing and approving answer 409 coverage (approvers may override).' })
const MinPresent = Type.Integer({ minimum: 1, maximum: 1000, description: 'At least this many members present on a date where that many are scheduled.' })

export const GroupBody = Type.Object({ id: Type.Integer(), name: Type.String(), member_ids: Type.Array(Type.Integer()) })
export const GroupList = Type.Array(GroupBody)
export const GroupCreate = Type.Object({ name: Name, member_ids: MemberIds })
export const GroupPatch = Type.Partial(Type.Object({ name: Name, member_ids: MemberIds }))

export const RuleBody = Type.Object({ id: Type.Integer(), group_id: Type.Integer(), min_present: Type.Integer(), mode: Mode })
export const RuleList = Type.Array(RuleBody)
export const RuleCreate = Type.Object({ group_id: Id, min_present: MinPresent, mode: Type.Optional(Mode) })
export const RulePatch = Type.Partial(Type.Object({ group_id: Id, min_present: MinPresent, mode: Mode }))

/** A date on which a rule is (or would be) broken. */
export const Breach = Type.Object({
  rule_id: Type.Integer(),
  group: Type.String(),
  date: Type.String(),
  present: Type.Number({ description: 'Members present (a half day counts half).' }),
  min_present: Type.Integer(),
  mode: Mode,
})
export const BreachList = Type.Array(Breach)

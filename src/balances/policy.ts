// A leave type's balance policy and its history. Amounts here are in thousandths of a day ("milli-
// days"), integers, so that sums are exact; the API shows days. A policy change is a new version
// effective from the day it was made: a leave year uses the version in force on its last day (so the
// current and future years take a change, an ended year keeps what it closed with) and a carry-over
// the version in force on the day it happens, the first day of the year it goes into.

export type Accrual = 'yearly' | 'monthly'

export interface BalancePolicy {
  /** Days per leave year, in milli-days. */
  allowance: number
  accrual: Accrual
  /** null: no cap. */
  carryOverMax: number | null
  /** MM-DD in the leave year the days were carried into, after which they lapse; null: never. */
  carryOverExpires: string | null
  /** How far below zero a balance may go. */
  allowNegative: number
}

export interface PolicyVersion {
  /** YYYY-MM-DD: the day it was made. */
  effectiveFrom: string
  policy: BalancePolicy
}

/** Before a type had any policy (a type created today has none in past years): nothing accrues. */
export const NO_POLICY: BalancePolicy = Object.freeze({ allowance: 0, accrual: 'yearly', carryOverMax: null, carryOverExpires: null, allowNegative: 0 })

export const toMilli = (days: number) => Math.round(days * 1000)
export const toDays = (milli: number) => milli / 1000

/** The version in force on a date; `versions` oldest first (by effective date, then creation). */
export function policyOn(versions: readonly PolicyVersion[], date: string): BalancePolicy {
  let found: BalancePolicy = NO_POLICY
  for (const version of versions) {
    if (version.effectiveFrom > date) break
    found = version.policy
  }
  return found
}

// What a leave year grants, and when: the whole allowance on the first day (yearly), or a twelfth on
// the first day of each month (monthly), prorated for the year someone joins in. Pure.
import { addDays, daysBetween } from '../working-time/calendar.js'
import { daysIn, monthStarts, type LeaveYear } from './leave-year.js'
import type { BalancePolicy } from './policy.js'

export interface Grant {
  date: string
  kind: 'allowance' | 'accrual'
  /** Milli-days. */
  amount: number
  comment: string
}

const HALF_DAY = 500

/** Rounds milli-days to the nearest half day, halves up. */
export const roundToHalfDay = (milli: number) => Math.floor((milli + HALF_DAY / 2) / HALF_DAY) * HALF_DAY

const days = (milli: number) => String(milli / 1000)

/** The grants of one leave year to someone employed from `employmentStart` (null: always), oldest first. */
export function grantsOf(policy: BalancePolicy, ly: LeaveYear, employmentStart: string | null): Grant[] {
  if (policy.allowance === 0 || (employmentStart !== null && employmentStart > ly.end)) return []
  const joined = employmentStart !== null && employmentStart > ly.start ? employmentStart : null
  return policy.accrual === 'yearly' ? yearly(policy.allowance, ly, joined) : monthly(policy.allowance, ly, joined)
}

function yearly(allowance: number, ly: LeaveYear, joined: string | null): Grant[] {
  if (joined === null) return [{ date: ly.start, kind: 'allowance', amount: allowance, comment: `Allowance for leave year ${ly.year}.` }]
  // allowance × employed days / days in the year, to the nearest half day (halves up), in integers.
  const employed = daysBetween(joined, ly.end) + 1
  const total = daysIn(ly)
  const halves = Math.floor((2 * (allowance / HALF_DAY) * employed + total) / (2 * total))
  return [
    {
      date: joined,
      kind: 'allowance',
      amount: halves * HALF_DAY,
      comment: `Allowance for leave year ${ly.year}, prorated from the employment start: ${days(allowance)} × ${employed}/${total} days, to the nearest half day.`,
    },
  ]
}

function monthly(allowance: number, ly: LeaveYear, joined: string | null): Grant[] {
  const starts = monthStarts(ly)
  const grants: Grant[] = []
  // The exact running total, and what has been granted of it (in whole milli-days): each month gets
  // the difference, so no rounding error builds up over the year.
  let exact = 0
  let granted = 0
  for (let k = 0; k < 12; k++) {
    const begins = starts[k]!
    const next = k < 11 ? starts[k + 1]! : addDays(ly.end, 1)
    if (joined !== null && joined >= next) continue
    let date = begins
    let comment = `Monthly accrual: 1/12 of ${days(allowance)}.`
    if (joined !== null && joined > begins) {
      const employed = daysBetween(joined, next)
      const length = daysBetween(begins, next)
      exact += ((allowance / 12) * employed) / length
      date = joined
      comment = `Monthly accrual, prorated from the employment start: 1/12 of ${days(allowance)} × ${employed}/${length} days.`
    } else {
      exact += allowance / 12
    }
    const amount = Math.round(exact) - granted
    granted += amount
    if (amount !== 0) grants.push({ date, kind: 'accrual', amount, comment })
  }
  const rounding = roundToHalfDay(granted) - granted
  if (rounding !== 0) grants.push({ date: ly.end, kind: 'accrual', amount: rounding, comment: `The year's accrual rounded to the nearest half day (${days(roundToHalfDay(granted))}).` })
  return grants
}

// One card per leave type that counts against a balance: the numbers exactly as GET /api/balances
// answers them (available, used, pending, carried over and its expiry), nothing recomputed.
import { useQuery } from '../../api/query'
import { formatNumber } from '../../i18n/format'
import { useLocale, useT } from '../../preferences'
import { EmptyState, Loaded } from '../../ui/states'
import { balancesKey, loadBalances, type Balance } from './leave-api'
import { useTypeName } from './leave-types'

export function BalanceCards() {
  const t = useT()
  const balances = useQuery(balancesKey, loadBalances)
  return (
    <Loaded query={balances}>
      {(list) =>
        list.length === 0 ? (
          <EmptyState title={t.leave.myLeave.balancesEmpty}>
            <p className="muted">{t.leave.myLeave.balancesEmptyHint}</p>
          </EmptyState>
        ) : (
          <ul className="cards balance-cards">
            {list.map((balance) => (
              <BalanceCard key={`${balance.type}-${balance.year.start}`} balance={balance} />
            ))}
          </ul>
        )
      }
    </Loaded>
  )
}

function BalanceCard({ balance }: { balance: Balance }) {
  const t = useT()
  const locale = useLocale()
  const typeName = useTypeName()
  const b = t.leave.balance
  const n = (value: number) => formatNumber(value, locale)
  return (
    <li className="card balance-card">
      <h3>{typeName(balance.type)}</h3>
      <p className="muted balance-year">{b.year(balance.year.start, balance.year.end)}</p>
      <p className="balance-available">
        <span className="stat">{n(balance.available)}</span> {b.availableUnit(balance.available)}
      </p>
      <dl className="facts balance-facts">
        <dt>{b.used}</dt>
        <dd>{t.leave.days(balance.used)}</dd>
        <dt>{b.pending}</dt>
        <dd>{t.leave.days(balance.pending)}</dd>
        <dt>{b.allowance}</dt>
        <dd>{t.leave.days(balance.allowance)}</dd>
        {balance.accrued !== balance.allowance ? (
          <>
            <dt>{b.accrued}</dt>
            <dd>{t.leave.days(balance.accrued)}</dd>
          </>
        ) : null}
        {balance.carried_over !== 0 || balance.carried_over_expires ? (
          <>
            <dt>{b.carriedOver}</dt>
            <dd>
              {t.leave.days(balance.carried_over)}
              {balance.carried_over_expires ? <span className="muted">, {b.carriedOverExpires(balance.carried_over_expires)}</span> : null}
            </dd>
          </>
        ) : null}
        {balance.expired !== 0 ? (
          <>
            <dt>{b.expired}</dt>
            <dd>{t.leave.days(balance.expired)}</dd>
          </>
        ) : null}
        {balance.adjustments !== 0 ? (
          <>
            <dt>{b.adjustments}</dt>
            <dd>{t.leave.days(balance.adjustments)}</dd>
          </>
        ) : null}
        <dt>{b.balance}</dt>
        <dd>{t.leave.days(balance.balance)}</dd>
      </dl>
    </li>
  )
}

import Link from 'next/link';
import { EmptyState, PageHeader } from '@/components/app-shell';
import { Table } from '@/components/form';
import { formatPeriod } from '@/components/format-date';
import { formatDecimal } from '@/components/format-decimal';
import { Money } from '@/components/money';
import { requirePageUser } from '@/lib/auth/current-user';
import { orNotFound } from '@/lib/http/or-not-found';
import { HISTORY_PERIODS, getCustomerHistory } from '@/lib/overview/get-customer-history';
import { HistoryChart } from './history-chart';

export const metadata = { title: 'History' };

const month = (iso: string, timeZone: string) => new Intl.DateTimeFormat('en-US', { timeZone, month: 'short', year: '2-digit' }).format(new Date(iso));

export default async function CustomerHistoryPage({ params }: { params: Promise<{ customerId: string }> }) {
  const { customerId } = await params;
  const principal = await requirePageUser({ customerId });
  const history = await orNotFound(getCustomerHistory({ customerId, principal }));
  const { customer, periods } = history;
  const invoices = `/app/customers/${customerId}/invoices`;
  const newestFirst = [...periods].reverse();
  return (
    <>
      <PageHeader title="History" description={`${customer.name} · past billing periods from your invoices · dates in ${customer.timeZone}`} />
      {periods.length === 0 ? (
        <EmptyState title="No past periods yet">
          A period shows here once its invoice is issued, shortly after the period ends. Until then, the{' '}
          <Link className="text-indigo-700 underline" href={`/app/customers/${customerId}`}>
            overview
          </Link>{' '}
          shows the current one.
        </EmptyState>
      ) : (
        <div className="space-y-4">
          <HistoryChart bars={periods.map((p) => ({ label: month(p.period.start, customer.timeZone), total: p.total, currency: p.currency }))} />
          <Table label="Past periods" head={['Period', 'Invoice', 'Usage', 'Late usage billed', 'Total', 'Change']}>
            {newestFirst.map((p) => (
              <tr key={p.invoiceId} data-testid="history-row">
                <th scope="row" className="whitespace-nowrap px-4 py-2 text-left font-normal">
                  {formatPeriod(p.period, customer.timeZone)}
                </th>
                <td className="whitespace-nowrap px-4 py-2">
                  <Link className="text-indigo-700 underline" href={`${invoices}/${p.invoiceId}`}>
                    {p.number}
                  </Link>
                </td>
                <td className="px-4 py-2 text-xs">
                  <ul>
                    {p.usage.map((u) => (
                      <li key={u.key} className="whitespace-nowrap" data-testid={`history-usage-${u.key}`}>
                        {u.name}: <span className="tabular-nums">{formatDecimal(u.quantity)}</span>
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="px-4 py-2 text-right">
                  <Money amount={p.adjustments} currency={p.currency} />
                </td>
                <td className="px-4 py-2 text-right font-medium" data-testid="history-total">
                  <Money amount={p.total} currency={p.currency} />
                </td>
                <td className="whitespace-nowrap px-4 py-2 text-right" data-testid="history-change">
                  {p.change ? (
                    <>
                      {p.change.amount.startsWith('-') ? '' : '+'}
                      <Money amount={p.change.amount} currency={p.currency} />
                      {p.change.percent !== null && ` (${p.change.percent.startsWith('-') ? '' : '+'}${p.change.percent}%)`}
                    </>
                  ) : (
                    <span className="text-slate-500">—</span>
                  )}
                </td>
              </tr>
            ))}
          </Table>
          <p className="text-sm text-slate-600">
            Totals are what each invoice billed. Usage that arrived after a period was invoiced is billed on the next invoice and counted in that period,
            in the &quot;Late usage billed&quot; column. Void invoices are left out{history.voided > 0 ? ` (${history.voided} so far)` : ''}; a reissued invoice stands for its period.
            {history.truncated && ` Only the last ${HISTORY_PERIODS} periods are shown; every invoice is on the Invoices page.`}
          </p>
        </div>
      )}
    </>
  );
}

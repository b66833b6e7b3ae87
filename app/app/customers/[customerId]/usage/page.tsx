import { PageHeader } from '@/components/app-shell';
import { requirePageUser } from '@/lib/auth/current-user';
import { getCustomer } from '@/lib/customers/get-customer';
import { orNotFound } from '@/lib/http/or-not-found';
import { orNull } from '@/lib/http/or-null';
import { getUpcomingInvoice } from '@/lib/invoices/get-upcoming-invoice';
import { listInvoices } from '@/lib/invoices/list-invoices';
import { monthOf } from '@/lib/periods/zoned-time';
import { parseExplorerView } from './explorer-view';
import { UsageExplorer } from './usage-explorer';

export const metadata = { title: 'Usage' };

/** Past periods come from invoices; 200 is more than sixteen years of monthly periods. */
const PERIOD_LIMIT = 200;

type Props = { params: Promise<{ customerId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function CustomerUsagePage({ params, searchParams }: Props) {
  const { customerId } = await params;
  const principal = await requirePageUser({ customerId });
  // getCustomer applies the same tenancy rule again: another customer's id is "not found".
  const customer = await orNotFound(getCustomer({ id: customerId, principal }));
  const [draft, invoices] = await Promise.all([
    // No subscription means no draft: the explorer falls back to the calendar month.
    orNull(getUpcomingInvoice({ customerId, principal }), 'not_found'),
    listInvoices({ principal, customer: customerId, status: 'finalized', limit: PERIOD_LIMIT }),
  ]);
  const month = monthOf(new Date(), customer.timeZone);
  const current = draft
    ? { start: draft.period.start, end: draft.period.end, fromPlan: true }
    : { start: month.start.toISOString(), end: month.end.toISOString(), fromPlan: false };
  // A voided and reissued period has several invoices; the explorer needs each period once.
  const periods = [...new Map(invoices.data.filter((i) => i.period.start !== current.start).map((i) => [i.period.start, i.period])).values()];
  const view = parseExplorerView(await searchParams);
  // A past period is one of this customer's, or the address is from elsewhere: the default range then.
  if (view.range?.startsWith('period:') && !periods.some((p) => view.range === `period:${p.start}/${p.end}`)) delete view.range;
  return (
    <>
      <PageHeader title="Usage" description={`${customer.name} · live, per hour or day in ${customer.timeZone}`} />
      <UsageExplorer
        customer={{ id: customer.id, name: customer.name, timeZone: customer.timeZone, subjects: customer.subjects.map((s) => s.key) }}
        current={current}
        periods={periods}
        initial={view}
        pricedMeters={[...new Set(draft?.lines.flatMap((l) => (l.meter ? [l.meter] : [])) ?? [])]}
      />
    </>
  );
}

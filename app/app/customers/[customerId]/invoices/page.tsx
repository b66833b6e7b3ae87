import Link from 'next/link';
import { EmptyState, PageHeader } from '@/components/app-shell';
import { Table } from '@/components/form';
import { formatDate, formatPeriod } from '@/components/format-date';
import { InvoiceStatus } from '@/components/invoice-document';
import { Money } from '@/components/money';
import { requirePageUser } from '@/lib/auth/current-user';
import { getCustomer } from '@/lib/customers/get-customer';
import { orNotFound } from '@/lib/http/or-not-found';
import { orNull } from '@/lib/http/or-null';
import { getUpcomingInvoice } from '@/lib/invoices/get-upcoming-invoice';
import { listInvoices } from '@/lib/invoices/list-invoices';

export const metadata = { title: 'Invoices' };

const PAGE_SIZE = 24;

type Props = { params: Promise<{ customerId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function CustomerInvoicesPage({ params, searchParams }: Props) {
  const { customerId } = await params;
  const principal = await requirePageUser({ customerId });
  const customer = await orNotFound(getCustomer({ id: customerId, principal }));
  const cursor = (await searchParams).cursor;
  const at = typeof cursor === 'string' ? cursor : undefined;
  const [draft, page] = await Promise.all([
    // No subscription (so no draft), or an old cursor: an empty answer, not an error page.
    at ? null : orNull(getUpcomingInvoice({ customerId, principal }), 'not_found'),
    orNull(listInvoices({ principal, customer: customerId, limit: PAGE_SIZE, cursor: at }), 'validation_failed'),
  ]);
  const base = `/app/customers/${customerId}/invoices`;
  const rows = [...(draft ? [draft] : []), ...(page?.data ?? [])];
  return (
    <>
      <PageHeader title="Invoices" description={`${customer.name} · periods and dates in ${customer.timeZone}`} />
      {rows.length === 0 ? (
        <EmptyState title={page === null ? 'That page is no longer available' : 'No invoices yet'}>
          {page === null ? (
            <Link href={base} className="text-indigo-700 underline">
              Back to the first page
            </Link>
          ) : (
            'Your first invoice appears here once you are subscribed to a plan.'
          )}
        </EmptyState>
      ) : (
        <Table label="Invoices" head={['Invoice', 'Period', 'Issued', 'Status', 'Total']}>
          {rows.map((i) => (
            <tr key={i.id} className={i.status === 'draft' ? 'bg-amber-50/60' : undefined} data-testid={i.status === 'draft' ? 'draft-row' : 'invoice-row'}>
              <td className="whitespace-nowrap px-4 py-2">
                <Link className="font-medium text-indigo-700 underline" href={`${base}/${encodeURIComponent(i.id)}`}>
                  {i.number ?? 'Upcoming (live draft)'}
                </Link>
              </td>
              <td className="whitespace-nowrap px-4 py-2">{formatPeriod(i.period, i.timeZone)}</td>
              <td className="whitespace-nowrap px-4 py-2">{i.finalizedAt ? formatDate(i.finalizedAt, i.timeZone) : `So far, to ${formatDate(i.usageTo, i.timeZone)}`}</td>
              <td className="px-4 py-2">
                <InvoiceStatus status={i.status} />
              </td>
              <td className="whitespace-nowrap px-4 py-2 text-right">
                <Money amount={i.total} currency={i.currency} />
              </td>
            </tr>
          ))}
        </Table>
      )}
      <nav aria-label="Pages" className="mt-4 flex gap-4 text-sm">
        {at && (
          <Link href={base} className="text-indigo-700 underline">
            Newest first
          </Link>
        )}
        {page?.nextCursor && (
          <Link href={`${base}?cursor=${encodeURIComponent(page.nextCursor)}`} className="text-indigo-700 underline" rel="next">
            Older invoices
          </Link>
        )}
      </nav>
    </>
  );
}

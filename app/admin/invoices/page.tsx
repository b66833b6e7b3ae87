import Link from 'next/link';
import { EmptyState, PageHeader } from '@/components/app-shell';
import { Table } from '@/components/form';
import { formatPeriod } from '@/components/format-date';
import { InvoiceStatus } from '@/components/invoice-document';
import { Money } from '@/components/money';
import { requirePageUser } from '@/lib/auth/current-user';
import { listCustomers } from '@/lib/customers/list-customers';
import { orNull } from '@/lib/http/or-null';
import { listInvoices } from '@/lib/invoices/list-invoices';
import { customerScope } from '@/lib/principals/customer-scope';
import { summarizeInvoices } from '@/lib/invoices/summarize-invoices';
import { invoiceFiltersInput, monthStart } from './month-range';

export const metadata = { title: 'Invoices' };

const PAGE_SIZE = 25;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const control = 'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm';

export default async function InvoicesPage({ searchParams }: { searchParams: SearchParams }) {
  const principal = await requirePageUser('admin');
  const parsed = invoiceFiltersInput.safeParse(await searchParams);
  const filters = parsed.success ? parsed.data : {};
  const query = {
    status: filters.status || undefined,
    customer: filters.customer || undefined,
    periodFrom: filters.from ? monthStart(filters.from) : undefined,
    periodTo: filters.to ? monthStart(filters.to, true) : undefined,
  };
  const [customers, page, totals] = await Promise.all([
    listCustomers({ scope: customerScope(principal) }),
    // A cursor from an old link (or typed by hand) is an empty state, not an error page.
    orNull(listInvoices({ ...query, principal, limit: PAGE_SIZE, cursor: filters.cursor }), 'validation_failed'),
    summarizeInvoices({ ...query, principal }),
  ]);
  const keep = new URLSearchParams(Object.entries({ status: filters.status, customer: filters.customer, from: filters.from, to: filters.to }).filter((e): e is [string, string] => !!e[1]));
  const next = page?.nextCursor ? `?${new URLSearchParams([...keep, ['cursor', page.nextCursor]])}` : null;
  return (
    <>
      <PageHeader title="Invoices" description="Finalized and void invoices, newest period first. Each customer's live draft is on its invoices page." />
      <form className="mb-6 grid grid-cols-1 gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5 lg:items-end" aria-label="Filter invoices">
        <label className="block text-sm font-medium">
          Status
          <select name="status" defaultValue={filters.status ?? ''} className={control}>
            <option value="">Any</option>
            <option value="finalized">Finalized</option>
            <option value="void">Void</option>
          </select>
        </label>
        <label className="block text-sm font-medium">
          Customer
          <select name="customer" defaultValue={filters.customer ?? ''} className={control}>
            <option value="">All customers</option>
            {customers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm font-medium">
          Periods from
          <input type="month" name="from" defaultValue={filters.from ?? ''} className={control} />
        </label>
        <label className="block text-sm font-medium">
          to
          <input type="month" name="to" defaultValue={filters.to ?? ''} className={control} />
        </label>
        <div className="flex gap-2">
          <button type="submit" className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800">
            Filter
          </button>
          <Link href="/admin/invoices" className="rounded-md px-3 py-2 text-sm text-indigo-700 underline">
            Clear
          </Link>
        </div>
      </form>
      {!parsed.success && (
        <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          Some filters were not understood and are ignored: {parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}
        </p>
      )}
      {totals.length > 0 && (
        <ul className="mb-4 flex flex-wrap gap-3" aria-label="Totals" data-testid="invoice-totals">
          {totals.map((t) => (
            <li key={`${t.currency}-${t.status}`} className="rounded-xl border border-slate-200 bg-white px-4 py-2 text-sm">
              <span className="text-slate-600">
                {t.count} {t.status} · {t.currency}
              </span>{' '}
              <Money amount={t.total} currency={t.currency} className="font-semibold" />
            </li>
          ))}
        </ul>
      )}
      {page === null ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          That page of results is no longer available. <Link href="/admin/invoices" className="underline">Start again</Link>.
        </p>
      ) : page.data.length === 0 ? (
        <EmptyState title="No invoices match">Invoices appear when a billing period ends and is finalized, or when an admin finalizes a draft early.</EmptyState>
      ) : (
        <Table label="Invoices" head={['Number', 'Customer', 'Period', 'Status', 'Total']}>
          {page.data.map((i) => (
            <tr key={i.id}>
              <td className="whitespace-nowrap px-4 py-2">
                <Link className="font-medium text-indigo-700 underline" href={`/admin/invoices/${i.id}`}>
                  {i.number}
                </Link>
              </td>
              <td className="px-4 py-2">{i.customerName}</td>
              <td className="whitespace-nowrap px-4 py-2">{formatPeriod(i.period, i.timeZone)}</td>
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
        {filters.cursor && (
          <Link href={`/admin/invoices${keep.size ? `?${keep}` : ''}`} className="text-indigo-700 underline">
            First page
          </Link>
        )}
        {next && (
          <Link href={`/admin/invoices${next}`} className="text-indigo-700 underline" rel="next">
            Next page
          </Link>
        )}
      </nav>
    </>
  );
}

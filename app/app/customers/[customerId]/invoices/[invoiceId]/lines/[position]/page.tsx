import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EmptyState, PageHeader } from '@/components/app-shell';
import { Table } from '@/components/form';
import { formatDate, formatDateTime, formatPeriod } from '@/components/format-date';
import { formatDecimal } from '@/components/format-decimal';
import { Money } from '@/components/money';
import { UsageBars } from '@/components/usage-bars';
import { requirePageUser } from '@/lib/auth/current-user';
import { orNotFound } from '@/lib/http/or-not-found';
import { orNull } from '@/lib/http/or-null';
import { listLineEvents } from '@/lib/invoices/list-line-events';
import { linePositionInput, loadInvoiceLine } from '@/lib/invoices/load-invoice-line';
import { readLineUsage } from '@/lib/invoices/read-line-usage';

type Props = {
  params: Promise<{ customerId: string; invoiceId: string; position: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const EVENTS_PER_PAGE = 25;

export default async function ExplainLinePage({ params, searchParams }: Props) {
  const { customerId, invoiceId, position } = await params;
  const principal = await requirePageUser({ customerId });
  const at = linePositionInput.safeParse({ position });
  if (!at.success) notFound();
  // Loaded once for the days and the events both.
  const loaded = await orNotFound(loadInvoiceLine({ invoiceId, position: at.data.position, principal }));
  if (loaded.invoice.customerId !== customerId) notFound();
  const usage = await readLineUsage({ loaded });
  const { invoice, line, meter, days } = usage;
  const zone = invoice.timeZone;
  const query = await searchParams;
  const day = days.find((d) => d.start === query.day) ?? null;
  const cursor = typeof query.cursor === 'string' ? query.cursor : undefined;
  // An old or hand-made cursor says the page is gone and links to the first, instead of an error.
  const events = day
    ? await orNull(listLineEvents({ loaded, from: new Date(day.start), to: new Date(day.end), limit: EVENTS_PER_PAGE, cursor }), 'validation_failed')
    : null;
  const self = `/app/customers/${customerId}/invoices/${encodeURIComponent(invoice.id)}/lines/${line.position}`;
  const dayHref = (start: string) => `${self}?day=${encodeURIComponent(start)}#events`;
  const unit = meter.unit ? ` ${meter.unit}` : '';
  const filter = Object.entries(line.filter ?? {});
  return (
    <>
      <PageHeader
        title={`Explain: ${line.name}`}
        description={`${invoice.number ?? 'Upcoming invoice'} · ${formatPeriod(invoice.period, zone)} · days in ${zone}`}
        actions={
          <Link href={`/app/customers/${customerId}/invoices/${encodeURIComponent(invoice.id)}`} className="text-sm text-indigo-700 underline">
            Back to the invoice
          </Link>
        }
      />
      <section className="mb-6 grid gap-4 sm:grid-cols-3" aria-label="This line">
        <div className="rounded-xl border border-slate-200 bg-white p-4">
          <p className="text-sm text-slate-600">Quantity on the invoice</p>
          <p className="text-2xl font-semibold tabular-nums" data-testid="line-quantity">
            {formatDecimal(line.quantity ?? '0')}
            <span className="ml-1 text-sm font-normal text-slate-500">{meter.unit}</span>
          </p>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-4">
          <p className="text-sm text-slate-600">Amount</p>
          <p className="text-2xl font-semibold">
            <Money amount={line.amount} currency={invoice.currency} />
          </p>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-4 text-sm text-slate-700">
          <p>
            Meter <span className="font-medium">{meter.name}</span> ({meter.aggregation.toLowerCase().replace('_', ' ')} of <code>{meter.eventType}</code> events)
          </p>
          <p className="mt-1">{filter.length ? `Only ${filter.map(([k, v]) => `${k} = ${v}`).join(', ')}` : 'All of your usage of this meter'}</p>
          <p className="mt-1">
            Counted {formatDateTime(usage.from, zone)} to {formatDateTime(usage.to, zone)}
          </p>
        </div>
      </section>

      {usage.lateSinceRated !== '0' && usage.additive && (
        <p role="status" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {formatDecimal(usage.lateSinceRated)}
          {unit} arrived late, after this invoice was rated; it is billed as an adjustment on a later invoice. The days below include it.
        </p>
      )}
      {!usage.additive && (
        <p role="note" className="mb-4 text-sm text-slate-600">
          This meter takes the {meter.aggregation.toLowerCase().replace('_', ' ')} over the period, so the days do not add up to it.
        </p>
      )}

      <section aria-labelledby="daily" className="mb-6 rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="daily" className="mb-2 font-medium">
          Usage per day
        </h2>
        <UsageBars
          label={`${line.name} per day`}
          categories={days.map((d) => ({ key: d.start, label: formatDate(d.start, zone).replace(/, \d{4}$/, '') }))}
          series={[line.name]}
          values={days.map((d) => [d.quantity])}
          unit={meter.unit}
          stacked
        />
      </section>

      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
        <Table label="Usage per day" head={['Day', 'Usage']}>
          {days.map((d) => (
            <tr key={d.start} className={d.start === day?.start ? 'bg-indigo-50' : undefined} data-testid="usage-day">
              <td className="whitespace-nowrap px-4 py-1.5">
                <Link href={dayHref(d.start)} className="text-indigo-700 underline" aria-current={d.start === day?.start ? 'true' : undefined}>
                  {formatDate(d.start, zone)}
                </Link>
              </td>
              <td className="px-4 py-1.5 text-right tabular-nums" data-quantity={d.quantity}>
                {formatDecimal(d.quantity)}
              </td>
            </tr>
          ))}
          <tr className="font-medium">
            <th scope="row" className="px-4 py-2 text-left">
              {usage.additive ? 'Whole period' : `Period ${meter.aggregation.toLowerCase().replace('_', ' ')}`}
            </th>
            <td className="px-4 py-2 text-right tabular-nums" data-testid="usage-total">
              {formatDecimal(usage.total)}
            </td>
          </tr>
        </Table>

        <section id="events" aria-labelledby="events-heading" className="rounded-xl border border-slate-200 bg-white p-4">
          <h2 id="events-heading" className="font-medium">
            {day ? `Events on ${formatDate(day.start, zone)}` : 'Events behind a day'}
          </h2>
          {!day ? (
            <p className="mt-2 text-sm text-slate-600">Choose a day in the table to see the events counted on it.</p>
          ) : events === null ? (
            <p role="alert" className="mt-2 text-sm text-red-800">
              That page of events is no longer available. <Link href={dayHref(day.start)} className="underline">Show the first page</Link>.
            </p>
          ) : events.data.length === 0 ? (
            <div className="mt-2">
              <EmptyState title="No events on this day">Nothing was counted for this line between local midnights.</EmptyState>
            </div>
          ) : (
            <div className="mt-2">
              <Table label={`Events on ${formatDate(day.start, zone)}`} head={['Time', 'Subject', meter.aggregation === 'COUNT' ? 'Counts' : 'Value', 'Event id']}>
                {events.data.map((e) => (
                  <tr key={`${e.source}/${e.id}`} data-testid="line-event">
                    <td className="whitespace-nowrap px-4 py-1.5">{formatDateTime(e.time, zone)}</td>
                    <td className="px-4 py-1.5 font-mono text-xs">{e.subject}</td>
                    <td className="px-4 py-1.5 tabular-nums">{meter.aggregation === 'COUNT' ? '1' : JSON.stringify(e.value)}</td>
                    <td className="px-4 py-1.5 font-mono text-xs break-all">{e.id}</td>
                  </tr>
                ))}
              </Table>
              <nav aria-label="Event pages" className="mt-3 flex gap-4 text-sm">
                {cursor && (
                  <Link href={dayHref(day.start)} className="text-indigo-700 underline">
                    First events
                  </Link>
                )}
                {events.nextCursor && (
                  <Link href={`${self}?day=${encodeURIComponent(day.start)}&cursor=${encodeURIComponent(events.nextCursor)}#events`} className="text-indigo-700 underline" rel="next">
                    More events
                  </Link>
                )}
              </nav>
            </div>
          )}
        </section>
      </div>
    </>
  );
}

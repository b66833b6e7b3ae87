'use client';

import Link from 'next/link';
import { EmptyState } from '@/components/app-shell';
import { formatDateTime, formatPeriod } from '@/components/format-date';
import { Money } from '@/components/money';
import type { ActiveOverview, CustomerOverview as Overview } from '@/lib/overview/overview-view';
import { ChargesTable, FORECAST_METHOD } from './charges-table';
import { useCustomerOverview } from './use-customer-overview';

function Card({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-4" aria-label={title}>
      <h3 className="text-sm font-medium text-slate-600">{title}</h3>
      <div className="mt-1">{children}</div>
    </section>
  );
}

/** Where so far and the forecast's range sit on one scale from 0 to the range's high end; the numbers beside it say the same. */
function RangeBar({ soFar, low, point, high }: { soFar: string; low: string; point: string; high: string }) {
  const max = Number(high) || 1;
  const pct = (v: string) => `${Math.min(100, (Number(v) / max) * 100)}%`;
  return (
    <div className="relative mt-3 h-2 rounded-full bg-slate-100" aria-hidden="true">
      <div className="absolute inset-y-0 rounded-full bg-indigo-200" style={{ left: pct(low), right: `calc(100% - ${pct(high)})` }} />
      <div className="absolute inset-y-0 left-0 rounded-full bg-indigo-600" style={{ width: pct(soFar) }} />
      <div className="absolute -inset-y-1 w-0.5 bg-indigo-900" style={{ left: pct(point) }} />
    </div>
  );
}

function Active({ overview, invoicesHref }: { overview: ActiveOverview & { at: string }; invoicesHref: string }) {
  const { period, currency, forecast } = overview;
  return (
    <div className="space-y-4">
      <div className="grid gap-4 md:grid-cols-3">
        <Card title="This period">
          <p className="font-medium" data-testid="overview-period">
            {formatPeriod(period, period.timeZone)}
          </p>
          <p className="text-sm text-slate-600" data-testid="overview-days-left">
            {period.daysLeft === 1 ? 'Last day' : `${period.daysLeft} days left`} of {period.days} · {overview.subscription.plan.name} plan
          </p>
          <div className="mt-3 h-2 rounded-full bg-slate-100" aria-hidden="true">
            <div className="h-2 rounded-full bg-slate-400" style={{ width: `${Math.round(period.elapsedShare * 100)}%` }} />
          </div>
        </Card>
        <Card title="Cost so far">
          <p className="text-2xl font-semibold" data-testid="cost-so-far">
            <Money amount={overview.costSoFar} currency={currency} />
          </p>
          <p className="text-sm text-slate-600">
            The{' '}
            <Link className="text-indigo-700 underline" href={`${invoicesHref}/${encodeURIComponent(overview.invoice.id)}`}>
              upcoming invoice
            </Link>{' '}
            as it stands, usage to {formatDateTime(overview.invoice.usageTo, period.timeZone)}
          </p>
        </Card>
        <Card title="Forecast for the period">
          <p className="text-2xl font-semibold" data-testid="forecast-point">
            <Money amount={forecast.total.point} currency={currency} />
          </p>
          <p className="text-sm text-slate-600" data-testid="forecast-range">
            80% likely between <Money amount={forecast.total.low} currency={currency} /> and <Money amount={forecast.total.high} currency={currency} />
          </p>
          <RangeBar soFar={overview.costSoFar} low={forecast.total.low} point={forecast.total.point} high={forecast.total.high} />
        </Card>
      </div>
      <p className="text-sm text-slate-700" data-testid="forecast-method">
        <span className="font-medium">How sure:</span> {forecast.confidence === 'low' ? 'low confidence' : 'normal confidence'}. {forecast.note}
        {/* The model's own note names its method; the others' say why they fall back. */}
        {forecast.method !== 'seasonal_damped_trend' && ` Method: ${FORECAST_METHOD[forecast.method]}.`}
      </p>
      {overview.notes.length > 0 && (
        <ul aria-label="Notes" className="space-y-1 rounded-xl border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900">
          {overview.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <ChargesTable overview={overview} invoicesHref={invoicesHref} />
      {overview.previous && (
        <p className="text-sm text-slate-600">
          Last period ({formatPeriod(overview.previous.period, period.timeZone)}):{' '}
          <Link className="text-indigo-700 underline" href={`${invoicesHref}/${overview.previous.invoiceId}`}>
            {overview.previous.number}
          </Link>
          , <Money amount={overview.previous.total} currency={currency} />.
        </p>
      )}
    </div>
  );
}

/**
 * The customer's current period, live: cost so far (the upcoming invoice's total), the forecast
 * with its 80% range and a row per charge. The portal's overview and the admin customer page show
 * this same component.
 */
export function CustomerOverview({ customerId, initial }: { customerId: string; initial?: Overview }) {
  const query = useCustomerOverview(customerId, initial);
  const invoicesHref = `/app/customers/${customerId}/invoices`;
  return (
    <section aria-labelledby="overview-heading" className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="overview-heading" className="text-lg font-semibold">
          Current period
        </h2>
        {query.data && (
          <p className="text-xs text-slate-500" data-testid="overview-updated">
            Live · updated {formatDateTime(query.data.at, query.data.customer.timeZone)}
          </p>
        )}
      </div>
      {query.isPending ? (
        <p className="text-sm text-slate-500">Loading the overview…</p>
      ) : query.error && !query.data ? (
        <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-800">
          Could not load the overview: {query.error.message}{' '}
          <button type="button" className="underline" onClick={() => void query.refetch()}>
            Try again
          </button>
        </div>
      ) : query.data.status === 'no_subscription' ? (
        <EmptyState title="No plan yet">{query.data.message}</EmptyState>
      ) : (
        <Active overview={query.data} invoicesHref={invoicesHref} />
      )}
      {query.error && query.data && (
        <p role="status" className="text-xs text-red-700">
          Could not refresh ({query.error.message}); showing the last numbers.
        </p>
      )}
    </section>
  );
}

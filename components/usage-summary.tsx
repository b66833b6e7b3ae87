'use client';

import { EmptyState } from './app-shell';
import { formatWindowStart } from './format-date';
import { formatDecimal } from './format-decimal';
import { UsageBars } from './usage-bars';
import { useMeters, useMeterUsage, type MeterDto } from './use-meters';

/** A period, and the subjects whose usage to show (a customer's; none means all visible). */
type Period = { from: string; to: string; timeZone: string; subjects?: string[] };

function MeterUsage({ meter, period }: { meter: MeterDto; period: Period }) {
  const query = { from: period.from, to: period.to, windowTimeZone: period.timeZone, subjects: period.subjects };
  const total = useMeterUsage(meter.slug, query);
  const daily = useMeterUsage(meter.slug, { ...query, windowSize: 'DAY' });
  // While loading there is no number yet; a window without values has none for AVG, MIN, MAX, LATEST.
  const value = total.isPending ? '…' : (total.data?.[0]?.value ?? '—');
  return (
    <li className="rounded-xl border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="font-medium">{meter.name}</h3>
        <span className="text-xs text-slate-500">{meter.aggregation.toLowerCase().replace('_', ' ')}</span>
      </div>
      <p className="mt-1 text-2xl font-semibold tabular-nums" data-testid={`usage-${meter.slug}`}>
        {formatDecimal(value)}
        {meter.unit && <span className="ml-1 text-sm font-normal text-slate-500">{meter.unit}</span>}
      </p>
      {daily.data && daily.data.length > 0 && (
        <UsageBars
          label={`${meter.name} per day`}
          categories={daily.data.map((p) => ({ key: p.windowStart, label: formatWindowStart(p.windowStart, period.timeZone, 'day') }))}
          series={[meter.name]}
          values={daily.data.map((p) => [p.value])}
          unit={meter.unit}
          stacked
        />
      )}
    </li>
  );
}

/** This period's usage of every meter (or `only` one), for whoever is signed in (a member sees only its own). */
export function UsageSummary({ period, only }: { period: Period; only?: string }) {
  const meters = useMeters();
  if (meters.isPending) return <p className="text-sm text-slate-500">Loading usage…</p>;
  if (meters.error) return <p role="alert" className="text-sm text-red-700">Could not load meters: {meters.error.message}</p>;
  if (meters.data.length === 0) return <EmptyState title="Nothing is metered yet">Usage appears here once an admin defines a meter.</EmptyState>;
  return (
    <ul className={only ? 'grid gap-4' : 'grid gap-4 md:grid-cols-2'}>
      {meters.data.filter((m) => !only || m.slug === only).map((m) => (
        <MeterUsage key={m.id} meter={m} period={period} />
      ))}
    </ul>
  );
}

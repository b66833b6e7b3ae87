'use client';

import { EmptyState } from './app-shell';
import { formatWindowStart } from './format-date';
import { formatDecimal } from './format-decimal';
import { zonedWindows } from '@/lib/periods/zoned-windows';
import { UsageBars } from './usage-bars';
import { usageGrid } from './usage-grid';
import { useMeters, useMeterUsage, type MeterDto, type UsagePoint } from './use-meters';

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
      {/* "Today" is when the answer came: the day holding that moment is the one still filling up. */}
      {daily.data && <DailyBars meter={meter} period={period} points={daily.data} now={daily.dataUpdatedAt} />}
    </li>
  );
}

/** Every day of the period up to today, days without usage included (as 0 where usage adds up); today is marked "so far". */
function DailyBars({ meter, period, points, now }: { meter: MeterDto; period: Period; points: UsagePoint[]; now: number }) {
  const to = new Date(Math.min(now, Date.parse(period.to)));
  const windows = zonedWindows({ from: new Date(period.from), to, unit: 'day', timeZone: period.timeZone });
  const additive = meter.aggregation === 'SUM' || meter.aggregation === 'COUNT';
  const { rows } = usageGrid({ windows, points, breakdown: { kind: 'none' }, additive });
  return (
    <UsageBars
      label={`${meter.name} per day`}
      categories={rows.map((r) => ({ key: r.start, label: formatWindowStart(r.start, period.timeZone, 'day'), partial: Date.parse(r.start) <= now && now < Date.parse(r.end) }))}
      series={[meter.name]}
      values={rows.map((r) => r.values)}
      unit={meter.unit}
      stacked={additive}
    />
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

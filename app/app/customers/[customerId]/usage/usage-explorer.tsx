'use client';

import { useEffect, useMemo, useState } from 'react';
import { EmptyState } from '@/components/app-shell';
import { describeApiError } from '@/components/api-client';
import { FormError, SelectField } from '@/components/form';
import { formatDecimal } from '@/components/format-decimal';
import { formatPeriod, formatWindowStart } from '@/components/format-date';
import { UsageBars } from '@/components/usage-bars';
import { useMeters } from '@/components/use-meters';
import { localDate } from '@/lib/periods/zoned-time';
import { zonedWindows } from '@/lib/periods/zoned-windows';
import { type RangeChoice, resolveRange } from './explorer-range';
import { type ExplorerView, explorerViewSearch } from './explorer-view';
import { type Breakdown, usageGrid } from '@/components/usage-grid';
import { downloadCsv, type ExplorerQuery, explorerQueryUrl, useExplorerUsage } from './use-explorer-usage';

export type ExplorerProps = {
  customer: { id: string; name: string; timeZone: string; subjects: string[] };
  /** The open billing period (from the live draft), or this calendar month without a subscription. */
  current: { start: string; end: string; fromPlan: boolean };
  /** Past billing periods, newest first. */
  periods: { start: string; end: string }[];
  /** The meters the customer's plan prices, in the plan's order: the first is shown first. */
  pricedMeters: string[];
  /** The view the address asked for; the rest are defaults. */
  initial: ExplorerView;
};

const RANGE_OPTIONS = [
  ['current', 'Current billing period'],
  ['7', 'Last 7 days'],
  ['30', 'Last 30 days'],
  ['90', 'Last 90 days'],
] as const;

function choiceOf(value: string, custom: { from: string; to: string }): RangeChoice {
  if (value === 'current') return { kind: 'current' };
  if (value === 'custom') return { kind: 'custom', ...custom };
  if (value.startsWith('period:')) {
    const [start, end] = value.slice('period:'.length).split('/');
    return { kind: 'period', start, end };
  }
  return { kind: 'last', days: Number(value) as 7 | 30 | 90 };
}

function breakdownOf(value: string): Breakdown {
  if (value === 'subject') return { kind: 'subject' };
  if (value.startsWith('group:')) return { kind: 'group', key: value.slice('group:'.length) };
  return { kind: 'none' };
}

/** A resolved range as text, the form hooks can depend on. */
function rangeTexts(range: ReturnType<typeof resolveRange>): { fromIso: string | null; toIso: string | null; rangeError: string | null } {
  if ('error' in range) return { fromIso: null, toIso: null, rangeError: range.error };
  return { fromIso: range.from.toISOString(), toIso: range.to.toISOString(), rangeError: null };
}

const controlRow = 'grid gap-3 sm:grid-cols-2 lg:grid-cols-4';

/**
 * A customer's usage of one meter over a chosen range, per hour or day in the customer's zone,
 * optionally split by subject or a group-by value: a chart, the same numbers as a table, and the
 * query API's CSV. Every window of the range is listed; the one still running is marked.
 */
export function UsageExplorer({ customer, current, periods, pricedMeters, initial }: ExplorerProps) {
  const tz = customer.timeZone;
  const meters = useMeters();
  const [meterSlug, setMeterSlug] = useState<string | null>(initial.meter ?? null);
  const [rangeValue, setRangeValue] = useState(initial.range ?? 'current');
  const [custom, setCustom] = useState(() => ({
    from: initial.from ?? localDate(new Date(Date.now() - 6 * 86_400_000), tz),
    to: initial.to ?? localDate(new Date(), tz),
  }));
  const [windowSize, setWindowSize] = useState<'DAY' | 'HOUR'>(initial.window ?? 'DAY');
  const [breakdownValue, setBreakdownValue] = useState(initial.by ?? 'none');
  const [download, setDownload] = useState<{ pending: boolean; error: string | null }>({ pending: false, error: null });
  // "Today" for the last n days: the moment the page opened (a reload moves it on).
  const [openedAt] = useState(() => new Date());

  const meter = meters.data?.find((m) => m.slug === (meterSlug ?? pricedMeters.find((p) => meters.data?.some((m) => m.slug === p)))) ?? meters.data?.[0] ?? null;
  const groupKeys = meter ? Object.keys(meter.groupBy) : [];
  // A breakdown by a key the newly chosen meter lacks falls back to none.
  const breakdownKey = breakdownValue.startsWith('group:') && !groupKeys.includes(breakdownValue.slice(6)) ? 'none' : breakdownValue;
  const breakdown = breakdownOf(breakdownKey);
  // The address follows the view (replacing, not adding, history entries), so it can be bookmarked and reloaded.
  useEffect(() => {
    const search = explorerViewSearch({ meter: meterSlug ?? undefined, range: rangeValue, from: custom.from, to: custom.to, window: windowSize, by: breakdownKey });
    if (search !== window.location.search) window.history.replaceState(null, '', `${window.location.pathname}${search}`);
  }, [meterSlug, rangeValue, custom.from, custom.to, windowSize, breakdownKey]);
  const additive = meter ? meter.aggregation === 'SUM' || meter.aggregation === 'COUNT' : true;

  const { fromIso, toIso, rangeError } = rangeTexts(
    resolveRange(choiceOf(rangeValue, custom), {
      now: openedAt,
      timeZone: tz,
      current: { from: new Date(current.start), to: new Date(current.end) },
      hourly: windowSize === 'HOUR',
    }),
  );

  const slug = meter?.slug ?? null;
  const groupBy = breakdown.kind === 'subject' ? 'subject' : breakdown.kind === 'group' ? breakdown.key : null;
  const query: ExplorerQuery | null =
    slug && fromIso && toIso ? { meter: slug, from: new Date(fromIso), to: new Date(toIso), windowSize, timeZone: tz, customerId: customer.id, groupBy } : null;
  const usage = useExplorerUsage(query);
  const unit = windowSize === 'HOUR' ? 'hour' : 'day';
  // Recomputed only when the range or the answer changes, not on every poll that brings nothing new.
  const windows = useMemo(() => (fromIso && toIso ? zonedWindows({ from: new Date(fromIso), to: new Date(toIso), unit, timeZone: tz }) : []), [fromIso, toIso, unit, tz]);
  const grid = useMemo(
    () => (usage.data ? usageGrid({ windows, points: usage.data, breakdown: breakdownOf(breakdownKey), additive }) : null),
    [usage.data, windows, breakdownKey, additive],
  );

  if (meters.isPending) return <p className="text-sm text-slate-500">Loading meters…</p>;
  if (meters.error) return <FormError message={`Could not load meters: ${describeApiError(meters.error)} Reload the page to try again.`} />;
  if (!meter) return <EmptyState title="Nothing is metered yet">Usage appears here once an admin defines a meter and your product sends events.</EmptyState>;

  // The window holding the moment of the last answer is the one still filling up.
  const now = usage.dataUpdatedAt;
  const categories = (grid?.rows ?? []).map((r) => ({
    key: r.start,
    label: formatWindowStart(r.start, tz, unit),
    partial: Date.parse(r.start) <= now && now < Date.parse(r.end),
  }));
  const hasUsage = grid ? grid.rows.some((r) => r.values.some((v) => v !== null && v !== '0')) : false;
  // Columns of the table: one per series, then the total where windows add up; without a breakdown just the meter.
  const withTotal = additive && breakdown.kind !== 'none';
  const columns = grid ? (breakdown.kind === 'none' ? [meter.name] : [...grid.series, ...(withTotal ? ['Total'] : [])]) : [];
  // A breakdown with no usage at all still charts its zero windows.
  const chartSeries = grid?.series.length ? grid.series : ['usage'];

  async function onDownload() {
    if (!query) return;
    setDownload({ pending: true, error: null });
    try {
      await downloadCsv(query);
      setDownload({ pending: false, error: null });
    } catch (err) {
      setDownload({ pending: false, error: err instanceof Error ? err.message : 'The download failed. Try again.' });
    }
  }

  return (
    <div className="space-y-4">
      <form className="space-y-3 rounded-xl border border-slate-200 bg-white p-4" onSubmit={(e) => e.preventDefault()} aria-label="What to show">
        <div className={controlRow}>
          <SelectField label="Meter" name="meter" value={meter.slug} onChange={(e) => setMeterSlug(e.target.value)}>
            {meters.data.map((m) => (
              <option key={m.slug} value={m.slug}>
                {m.name}
              </option>
            ))}
          </SelectField>
          <SelectField label="Range" name="range" value={rangeValue} onChange={(e) => setRangeValue(e.target.value)}>
            {RANGE_OPTIONS.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
            {periods.length > 0 && (
              <optgroup label="Past billing periods">
                {periods.map((p) => (
                  <option key={p.start} value={`period:${p.start}/${p.end}`}>
                    {formatPeriod(p, tz)}
                  </option>
                ))}
              </optgroup>
            )}
            <option value="custom">Custom dates…</option>
          </SelectField>
          <SelectField label="Windows" name="windowSize" value={windowSize} onChange={(e) => setWindowSize(e.target.value as 'DAY' | 'HOUR')}>
            <option value="DAY">By day</option>
            <option value="HOUR">By hour</option>
          </SelectField>
          <SelectField label="Breakdown" name="breakdown" value={breakdown.kind === 'group' ? `group:${breakdown.key}` : breakdown.kind} onChange={(e) => setBreakdownValue(e.target.value)}>
            <option value="none">None</option>
            {groupKeys.map((k) => (
              <option key={k} value={`group:${k}`}>
                By {k}
              </option>
            ))}
            <option value="subject">By subject</option>
          </SelectField>
        </div>
        {rangeValue === 'custom' && (
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
            <label className="block text-sm font-medium">
              From (first day)
              <input type="date" name="from" className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm" value={custom.from} onChange={(e) => setCustom((c) => ({ ...c, from: e.target.value }))} />
            </label>
            <label className="block text-sm font-medium">
              To (last day, included)
              <input type="date" name="to" className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm" value={custom.to} onChange={(e) => setCustom((c) => ({ ...c, to: e.target.value }))} />
            </label>
          </div>
        )}
        <p className="text-xs text-slate-600" data-testid="range-caption">
          {!fromIso || !toIso
            ? 'Choose a range to see usage.'
            : `${formatPeriod({ start: fromIso, end: toIso }, tz)} · ${rangeValue === 'current' && !current.fromPlan ? 'this calendar month (no subscription yet) · ' : ''}dates and hours in ${tz}`}
        </p>
      </form>

      {rangeError && <FormError message={rangeError} />}

      {query && (
        <section aria-labelledby="usage-result" className="space-y-3 rounded-xl border border-slate-200 bg-white p-4" data-query={explorerQueryUrl(query)}>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="usage-result" className="font-medium">
              {meter.name} per {unit}
              {breakdown.kind !== 'none' && ` by ${breakdown.kind === 'subject' ? 'subject' : breakdown.key}`}
              {/* Not a live region: announcing a refresh every second would drown everything else. */}
              <span className="ml-2 text-xs font-normal text-slate-500">live, refreshed every second</span>
            </h2>
            <button type="button" onClick={onDownload} disabled={download.pending} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-60">
              {download.pending ? 'Preparing CSV…' : 'Download CSV'}
            </button>
          </div>
          <FormError message={download.error} />
          {usage.isPending ? (
            <p className="text-sm text-slate-500" aria-busy="true">
              Loading usage…
            </p>
          ) : usage.error ? (
            <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
              Could not load usage: {describeApiError(usage.error)}{' '}
              <button type="button" className="underline" onClick={() => usage.refetch()}>
                Try again
              </button>
            </div>
          ) : (
            grid && (
              <>
                {!hasUsage && (
                  <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="no-usage">
                    No {meter.name.toLowerCase()} in this range yet. Usage appears here within seconds of your product sending events for{' '}
                    {customer.subjects.join(', ')}; or choose a longer range.
                  </p>
                )}
                <UsageBars
                  label={`${meter.name} per ${unit}`}
                  categories={categories}
                  series={chartSeries}
                  values={grid.rows.map((r) => (grid.series.length ? r.values : [r.total]))}
                  unit={meter.unit}
                  stacked={additive}
                  minCategoryWidth={unit === 'hour' ? 6 : 18}
                />
                <div className="relative max-h-96 overflow-auto rounded-lg border border-slate-200" tabIndex={0} role="group" aria-label="Usage table (scrolls)">
                  <table className="w-full text-left text-sm" data-testid="usage-table">
                    <caption className="sr-only">
                      {meter.name} per {unit}, in {tz}
                    </caption>
                    <thead className="sticky top-0 border-b border-slate-200 bg-slate-50 text-slate-600">
                      <tr>
                        <th scope="col" className="px-3 py-2 font-medium">
                          {unit === 'hour' ? 'Hour' : 'Day'}
                        </th>
                        {columns.map((c) => (
                          <th key={c} scope="col" className="px-3 py-2 text-right font-medium">
                            {c}
                            {meter.unit && <span className="font-normal">{` (${meter.unit})`}</span>}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {grid.rows.map((r, i) => (
                        <tr key={r.start} data-testid="usage-row" data-start={r.start} className={categories[i].partial ? 'bg-amber-50' : undefined}>
                          <th scope="row" className="whitespace-nowrap px-3 py-1.5 font-normal">
                            {categories[i].label}
                            {categories[i].partial && <span className="ml-2 rounded bg-amber-200 px-1.5 text-xs text-amber-900">so far</span>}
                          </th>
                          {[...r.values, ...(withTotal ? [r.total] : [])].map((v, c) => (
                            <td key={columns[c]} className="whitespace-nowrap px-3 py-1.5 text-right tabular-nums">
                              {v === null ? '—' : formatDecimal(v)}
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )
          )}
        </section>
      )}
    </div>
  );
}

import type { UsagePoint } from './use-meters';
import { dec, decString, ZERO } from '@/lib/pricing/decimal';
import type { ZonedWindow } from '@/lib/periods/zoned-windows';

/** What splits the bars: nothing, the subject, or one of the meter's group-by keys. */
export type Breakdown = { kind: 'none' } | { kind: 'subject' } | { kind: 'group'; key: string };

export type GridRow = {
  start: string;
  end: string;
  /** Exact decimals by series, in `series` order; null where the window has no value (never for SUM and COUNT). */
  values: (string | null)[];
  /** The sum of the series, for meters whose windows add up (SUM, COUNT); else null. */
  total: string | null;
};

export type UsageGrid = { series: string[]; rows: GridRow[] };

/** The label of a row's series; an event without the group value gets "(none)". */
function seriesOf(point: UsagePoint, breakdown: Breakdown): string {
  if (breakdown.kind === 'none') return 'usage';
  const v = breakdown.kind === 'subject' ? point.subject : point.groupBy[breakdown.key];
  return v ?? '(none)';
}

/**
 * The query's rows laid out per window and series, every window of the range present: where
 * the query has no row, SUM and COUNT show 0 (what the query answers for a window it is asked
 * alone) and other aggregations no value. Values are the query's own strings; only totals are
 * added, exactly.
 */
export function usageGrid({ windows, points, breakdown, additive }: { windows: ZonedWindow[]; points: UsagePoint[]; breakdown: Breakdown; additive: boolean }): UsageGrid {
  const found = [...new Set(points.map((p) => seriesOf(p, breakdown)))].sort((a, b) => (a === '(none)' ? 1 : b === '(none)' ? -1 : a.localeCompare(b)));
  // Without a breakdown there is always the one series, so empty windows still have a column.
  const series = breakdown.kind === 'none' ? ['usage'] : found;
  const empty = additive ? '0' : null;
  const byStart = new Map<string, GridRow>();
  for (const w of windows) byStart.set(w.start.toISOString(), { start: w.start.toISOString(), end: w.end.toISOString(), values: series.map(() => empty), total: null });
  for (const p of points) {
    // A row outside the listed windows is kept, not dropped: the chart never shows less than the query.
    const row = byStart.get(p.windowStart) ?? { start: p.windowStart, end: p.windowEnd, values: series.map(() => empty), total: null };
    byStart.set(p.windowStart, row);
    row.values[series.indexOf(seriesOf(p, breakdown))] = p.value;
  }
  const rows = [...byStart.values()].sort((a, b) => a.start.localeCompare(b.start));
  if (additive) for (const r of rows) r.total = decString(r.values.reduce((s, v) => s.plus(dec(v ?? '0')), ZERO));
  return { series, rows };
}

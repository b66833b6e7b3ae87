'use client';

import { Bar, BarChart, CartesianGrid, ReferenceArea, ResponsiveContainer, Tooltip, type TooltipContentProps, XAxis, YAxis } from 'recharts';
import { formatDecimal } from './format-decimal';

/** One bar position: a time window or a customer. `partial` marks a window still filling up. */
export type BarCategory = { key: string; label: string; partial?: boolean };

export type UsageBarsProps = {
  label: string;
  categories: BarCategory[];
  series: string[];
  /** Exact decimals, [category][series]; null where there is no value. */
  values: (string | null)[][];
  unit: string | null;
  /** Stack the series (usage that adds up) or set them side by side (maxima, latest values). */
  stacked: boolean;
  /** Pixels each category needs at least; a chart wider than its box scrolls inside it. */
  minCategoryWidth?: number;
};

const COLORS = ['#4338ca', '#0e7490', '#b45309', '#be123c', '#15803d', '#7c3aed', '#475569', '#c2410c', '#0369a1', '#a21caf'];
const color = (i: number) => COLORS[i % COLORS.length];

const axisNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

/**
 * Usage as bars per category and series, with a legend, axes and a tooltip carrying the exact
 * decimals and the unit. Values are plotted as floats; every number shown in words is exact.
 * The partial category is hatched and labelled "so far".
 */
export function UsageBars({ label, categories, series, values, unit, stacked, minCategoryWidth = 16 }: UsageBarsProps) {
  const data = categories.map((c, i) => ({
    key: c.key,
    ...Object.fromEntries(series.map((_, s) => [`s${s}`, values[i][s] === null ? null : Number(values[i][s])])),
  }));
  const byKey = new Map(categories.map((c, i) => [c.key, { category: c, row: values[i] }]));
  const partial = categories.find((c) => c.partial);
  const unitText = unit ? ` ${unit}` : '';

  function TooltipBody({ active, label: key }: TooltipContentProps) {
    const entry = active ? byKey.get(String(key)) : undefined;
    if (!entry) return null;
    return (
      <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow">
        <p className="font-medium">
          {entry.category.label}
          {entry.category.partial && <span className="ml-1 text-amber-700">(so far)</span>}
        </p>
        <ul className="mt-1 space-y-0.5">
          {series.map((name, s) => (
            <li key={name} className="flex items-center gap-2">
              <span aria-hidden className="inline-block h-2 w-2 rounded-sm" style={{ background: color(s) }} />
              <span>{name}</span>
              <span className="ml-auto pl-3 tabular-nums">{entry.row[s] === null ? 'no value' : `${formatDecimal(entry.row[s]!)}${unitText}`}</span>
            </li>
          ))}
        </ul>
      </div>
    );
  }

  return (
    <figure aria-label={label} data-testid="usage-bars" className="w-full">
      {/* The unit above the axis rather than along it: a rotated label collides with wide tick numbers. */}
      {unit && <p className="mb-1 text-xs text-slate-500">in {unit}</p>}
      {/* Focusable, so the keyboard can scroll a chart wider than the screen; the page itself never scrolls sideways. */}
      <div className="relative w-full overflow-x-auto" tabIndex={0} role="group" aria-label={`${label} (scrolls sideways)`}>
        <div className="h-72" style={{ width: '100%', minWidth: categories.length * minCategoryWidth + 72 }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 16, right: 8, bottom: 0, left: 8 }}>
              <defs>
                <pattern id="so-far-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                  <rect width="6" height="6" fill="#fef3c7" />
                  <line x1="0" y1="0" x2="0" y2="6" stroke="#d97706" strokeWidth="2" />
                </pattern>
              </defs>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              {partial && <ReferenceArea x1={partial.key} x2={partial.key} fill="url(#so-far-hatch)" fillOpacity={0.6} label={{ value: 'so far', position: 'insideTop', fontSize: 11, fill: '#92400e' }} />}
              <XAxis dataKey="key" tick={{ fontSize: 11 }} tickFormatter={(k: string) => byKey.get(k)?.category.label ?? k} interval="preserveStartEnd" minTickGap={16} />
              <YAxis tick={{ fontSize: 11 }} width={72} tickFormatter={(v: number) => axisNumber.format(v)} />
              <Tooltip content={TooltipBody} cursor={{ fill: '#e2e8f0', fillOpacity: 0.5 }} />
              {series.map((name, s) => (
                <Bar key={name} dataKey={`s${s}`} name={name} stackId={stacked ? 'usage' : undefined} fill={color(s)} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      </div>
      {/* The legend stays outside the scrolling box, so every series is named on a phone too. */}
      {series.length > 1 && (
        <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-label="Legend" data-testid="usage-legend">
          {series.map((name, s) => (
            <li key={name} className="flex items-center gap-1.5">
              <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: color(s) }} />
              {name}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}

'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export type DailyValue = { label: string; quantity: string };

/** Usage per day as bars; plotted as floats, but the tooltip and the table beside it show the exact decimals. */
export function DailyUsageChart({ days, label }: { days: DailyValue[]; label: string }) {
  const data = days.map((d) => ({ day: d.label, value: Number(d.quantity), exact: d.quantity }));
  return (
    <figure className="h-56 w-full" aria-label={label} data-testid="daily-usage-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={12} />
          <YAxis tick={{ fontSize: 11 }} width={56} />
          <Tooltip formatter={(_v, _n, item) => [item.payload.exact, 'usage']} />
          <Bar dataKey="value" fill="#4338ca" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { UsagePoint } from './use-meters';

/** Daily usage bars; values are plotted as floats, shown in tables as exact decimals. */
export function UsageChart({ points, timeZone, label }: { points: UsagePoint[]; timeZone: string; label: string }) {
  const day = new Intl.DateTimeFormat('en-US', { timeZone, month: 'short', day: 'numeric' });
  const data = points.map((p) => ({ day: day.format(new Date(p.windowStart)), value: Number(p.value), exact: p.value }));
  return (
    <figure className="h-48 w-full" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tick={{ fontSize: 11 }} />
          <YAxis tick={{ fontSize: 11 }} width={48} />
          <Tooltip formatter={(_v, _n, item) => [item.payload.exact, 'usage']} />
          <Bar dataKey="value" fill="#4338ca" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

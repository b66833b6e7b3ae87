'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMoney } from '@/components/money';

export type HistoryBar = { label: string; total: string; currency: string };

/** Each past period's invoiced total as a bar; plotted through floats, the table beside it has the exact amounts. */
export function HistoryChart({ bars }: { bars: HistoryBar[] }) {
  const data = bars.map((b) => ({ ...b, value: Number(b.total) }));
  const currency = bars[0]?.currency ?? 'USD';
  return (
    <figure className="h-56 w-full rounded-xl border border-slate-200 bg-white p-2" aria-label="Invoiced total per period (the table below has the same numbers)" data-testid="history-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} />
          <YAxis tick={{ fontSize: 11 }} width={56} tickFormatter={(v: number) => formatMoney(String(Math.round(v)), currency).replace(/\.0+$/, '')} />
          <Tooltip formatter={(_v, _n, item) => [formatMoney(item.payload.total, item.payload.currency), 'invoiced']} />
          <Bar dataKey="value" fill="#4338ca" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

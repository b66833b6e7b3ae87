'use client';

import Link from 'next/link';
import { useState } from 'react';
import { EmptyState } from '@/components/app-shell';
import { Money } from '@/components/money';
import { type CustomerRow, useCustomers } from '@/components/use-customers';
import type { CustomerOverviewRow } from '@/lib/overview/list-customer-overviews';
import { dec } from '@/lib/pricing/decimal';

type SortKey = 'name' | 'plan' | 'cost' | 'forecast';
type Sort = { key: SortKey; descending: boolean };

const COLUMNS: { key: SortKey | null; label: string; numeric?: boolean }[] = [
  { key: 'name', label: 'Name' },
  { key: 'plan', label: 'Plan' },
  { key: 'cost', label: 'Cost so far', numeric: true },
  { key: 'forecast', label: 'Forecast', numeric: true },
  { key: null, label: 'Subject keys' },
  { key: null, label: 'Currency' },
  { key: null, label: 'Time zone' },
  { key: null, label: 'Members' },
];

function sortRows(rows: CustomerRow[], overviews: Map<string, CustomerOverviewRow>, { key, descending }: Sort): CustomerRow[] {
  const value = (c: CustomerRow): string | null => {
    const o = overviews.get(c.id);
    if (key === 'name') return c.name;
    if (key === 'plan') return o ? `${o.plan.name} v${o.plan.version}` : null;
    return o ? (key === 'cost' ? o.costSoFar : o.forecast.point) : null;
  };
  return [...rows].sort((x, y) => {
    const a = value(x);
    const b = value(y);
    // Customers without a plan go last either way.
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    const order = key === 'cost' || key === 'forecast' ? dec(a).comparedTo(b) : a.localeCompare(b);
    return (descending ? -order : order) || x.name.localeCompare(y.name);
  });
}

export function CustomersTable({ overviews }: { overviews: CustomerOverviewRow[] }) {
  const { data, isPending, error } = useCustomers();
  const [sort, setSort] = useState<Sort>({ key: 'name', descending: false });
  if (isPending) return <p className="text-sm text-slate-500">Loading customers…</p>;
  if (error) return <p role="alert" className="text-sm text-red-700">Could not load customers: {error.message}</p>;
  if (data.length === 0) {
    return (
      <EmptyState title="No customers yet">
        Add your first customer with the form. Usage events whose <code>subject</code> matches one of its keys will count for it.
      </EmptyState>
    );
  }
  const byCustomer = new Map(overviews.map((o) => [o.customerId, o]));
  const rows = sortRows(data, byCustomer, sort);
  const toggle = (key: SortKey) => setSort((s) => ({ key, descending: s.key === key ? !s.descending : key === 'cost' || key === 'forecast' }));
  return (
    <div className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Customers</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
          <tr>
            {COLUMNS.map((col) => (
              <th
                key={col.label}
                scope="col"
                className={`px-4 py-2 font-medium ${col.numeric ? 'text-right' : ''}`}
                aria-sort={col.key && sort.key === col.key ? (sort.descending ? 'descending' : 'ascending') : undefined}
              >
                {col.key ? (
                  <button type="button" className="whitespace-nowrap underline decoration-dotted underline-offset-4" onClick={() => toggle(col.key!)}>
                    {col.label}
                    <span aria-hidden="true">{sort.key === col.key ? (sort.descending ? ' ↓' : ' ↑') : ''}</span>
                  </button>
                ) : (
                  col.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((c) => {
            const o = byCustomer.get(c.id);
            return (
              <tr key={c.id} data-testid="customer-row">
                <td className="px-4 py-2">
                  <Link className="font-medium text-indigo-700 underline" href={`/admin/customers/${c.id}`}>
                    {c.name}
                  </Link>
                </td>
                <td className="whitespace-nowrap px-4 py-2" data-testid="customer-plan">
                  {o ? `${o.plan.name} v${o.plan.version}` : <span className="text-slate-500">No plan</span>}
                </td>
                <td className="px-4 py-2 text-right" data-testid="customer-cost">
                  {o ? <Money amount={o.costSoFar} currency={o.currency} /> : '—'}
                </td>
                <td className="px-4 py-2 text-right" data-testid="customer-forecast">
                  {o ? (
                    <span title={`80% range ${o.forecast.low} – ${o.forecast.high} ${o.currency}`}>
                      <Money amount={o.forecast.point} currency={o.currency} />
                    </span>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="px-4 py-2 font-mono text-xs">
                  {c.subjects.map((s, i) => (
                    <span key={s.key}>
                      {i > 0 && ', '}
                      <span className="whitespace-nowrap">{s.key}</span>
                    </span>
                  ))}
                </td>
                <td className="px-4 py-2">{c.currency}</td>
                <td className="px-4 py-2">{c.timeZone}</td>
                <td className="px-4 py-2">{c._count.users}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

'use client';

import Link from 'next/link';
import { EmptyState } from '@/components/app-shell';
import { Table } from '@/components/form';
import { latestPublished, subscriberCount, usePlans } from './use-plans';

export function PlansTable() {
  const { data, isPending, error } = usePlans();
  if (isPending) return <p className="text-sm text-slate-500">Loading plans…</p>;
  if (error) return <p role="alert" className="text-sm text-red-700">Could not load plans: {error.message}</p>;
  if (data.length === 0) {
    return (
      <EmptyState title="No plans yet">
        Create a plan with the form, add its charges to the first draft, then publish it to subscribe customers.
      </EmptyState>
    );
  }
  return (
    <Table label="Plans" head={['Plan', 'Currency', 'Published version', 'Subscribers']}>
      {data.map((p) => {
        const published = latestPublished(p);
        return (
        <tr key={p.key}>
          <td className="px-4 py-2">
            <Link className="font-medium text-indigo-700 underline" href={`/admin/plans/${encodeURIComponent(p.key)}`}>
              {p.name}
            </Link>
            <span className="block font-mono text-xs text-slate-500">{p.key}</span>
          </td>
          <td className="px-4 py-2">{p.currency}</td>
          <td className="px-4 py-2">{published ? `v${published.number}` : <span className="text-slate-500">none yet</span>}</td>
          <td className="px-4 py-2 tabular-nums">{subscriberCount(p)}</td>
        </tr>
        );
      })}
    </Table>
  );
}

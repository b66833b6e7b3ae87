'use client';

import Link from 'next/link';
import { EmptyState } from '@/components/app-shell';
import { Table } from '@/components/form';
import { useMeters } from '@/components/use-meters';
import { formatGroupBy } from './group-by-field';

export function MetersTable() {
  const { data, isPending, error } = useMeters();
  if (isPending) return <p className="text-sm text-slate-500">Loading meters…</p>;
  if (error) return <p role="alert" className="text-sm text-red-700">Could not load meters: {error.message}</p>;
  if (data.length === 0) {
    return (
      <EmptyState title="No meters yet">
        Define a meter with the form: e.g. SUM of <code>$.tokens</code> over events of type <code>prompt</code>. Events already received are counted at once.
      </EmptyState>
    );
  }
  return (
    <Table label="Meters" head={['Meter', 'Event type', 'Aggregation', 'Value', 'Group by']}>
      {data.map((m) => (
        <tr key={m.id}>
          <td className="px-4 py-2">
            <Link className="font-medium text-indigo-700 underline" href={`/admin/meters/${m.slug}`}>
              {m.name}
            </Link>
            <span className="block font-mono text-xs text-slate-500">{m.slug}</span>
          </td>
          <td className="px-4 py-2 font-mono text-xs">{m.eventType}</td>
          <td className="px-4 py-2">{m.aggregation}</td>
          <td className="px-4 py-2 font-mono text-xs">{m.valueProperty ?? '—'}</td>
          <td className="px-4 py-2 font-mono text-xs">{formatGroupBy(m.groupBy) || '—'}</td>
        </tr>
      ))}
    </Table>
  );
}

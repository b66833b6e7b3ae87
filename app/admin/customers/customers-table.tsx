'use client';

import Link from 'next/link';
import { EmptyState } from '@/components/app-shell';
import { Table } from '@/components/form';
import { useCustomers } from '@/components/use-customers';

export function CustomersTable() {
  const { data, isPending, error } = useCustomers();
  if (isPending) return <p className="text-sm text-slate-500">Loading customers…</p>;
  if (error) return <p role="alert" className="text-sm text-red-700">Could not load customers: {error.message}</p>;
  if (data.length === 0) {
    return (
      <EmptyState title="No customers yet">
        Add your first customer with the form. Usage events whose <code>subject</code> matches one of its keys will count for it.
      </EmptyState>
    );
  }
  return (
    <Table label="Customers" head={['Name', 'Subject keys', 'Currency', 'Time zone', 'Members']}>
      {data.map((c) => (
        <tr key={c.id}>
          <td className="px-4 py-2">
            <Link className="font-medium text-indigo-700 underline" href={`/admin/customers/${c.id}`}>
              {c.name}
            </Link>
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
      ))}
    </Table>
  );
}

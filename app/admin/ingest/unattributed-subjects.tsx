'use client';

import { useState } from 'react';
import { describeApiError } from '@/components/api-client';
import { Table } from '@/components/form';
import { useAttributeSubject, useCustomers } from '@/components/use-customers';
import type { Overview } from './use-ingest-overview';

function MapSubject({ subject }: { subject: string }) {
  const customers = useCustomers();
  const attribute = useAttributeSubject();
  const [customerId, setCustomerId] = useState('');
  if (customers.data?.length === 0) return <span className="text-slate-500">Create a customer first.</span>;
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (customerId) attribute.mutate({ customerId, subject });
      }}
    >
      <label className="sr-only" htmlFor={`map-${subject}`}>
        Customer for {subject}
      </label>
      <select id={`map-${subject}`} value={customerId} onChange={(e) => setCustomerId(e.target.value)} className="rounded-md border border-slate-300 px-2 py-1 text-sm">
        <option value="">Choose a customer…</option>
        {customers.data?.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      <button type="submit" disabled={!customerId || attribute.isPending} className="rounded-md bg-indigo-700 px-3 py-1 text-sm text-white disabled:opacity-50">
        Map<span className="sr-only"> {subject}</span>
      </button>
      {attribute.isError && (
        <span role="alert" className="text-sm text-red-700">
          {describeApiError(attribute.error)}
        </span>
      )}
    </form>
  );
}

export function UnattributedSubjects({ subjects }: { subjects: Overview['unattributedSubjects'] }) {
  if (subjects.length === 0) return <p className="text-sm text-slate-600">Every subject seen belongs to a customer.</p>;
  return (
    <Table label="Unattributed subjects" head={['Subject', 'Events kept', 'Last received', 'Map to customer']}>
      {subjects.map((s) => (
        <tr key={s.subject}>
          <td className="px-4 py-2 font-mono text-xs">{s.subject}</td>
          <td className="px-4 py-2">{s.events}</td>
          <td className="px-4 py-2">{s.lastReceivedAt ? new Date(s.lastReceivedAt).toLocaleString() : '—'}</td>
          <td className="px-4 py-2">
            <MapSubject subject={s.subject} />
          </td>
        </tr>
      ))}
    </Table>
  );
}

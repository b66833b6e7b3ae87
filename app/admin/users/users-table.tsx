'use client';

import { Table } from '@/components/form';
import { useUsers } from './use-users';

export function UsersTable() {
  const { data, isPending, error } = useUsers();
  if (isPending) return <p className="text-sm text-slate-500">Loading users…</p>;
  if (error) return <p role="alert" className="text-sm text-red-700">Could not load users: {error.message}</p>;
  return (
    <Table label="Users" head={['Email', 'Name', 'Role', 'Customer']}>
      {data.map((u) => (
        <tr key={u.id}>
          <td className="px-4 py-2">{u.email}</td>
          <td className="px-4 py-2">{u.name ?? '—'}</td>
          <td className="px-4 py-2">{u.role}</td>
          <td className="px-4 py-2">{u.customer?.name ?? '—'}</td>
        </tr>
      ))}
    </Table>
  );
}

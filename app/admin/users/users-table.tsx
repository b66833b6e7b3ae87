'use client';

import { Fragment, useState } from 'react';
import { Table } from '@/components/form';
import { EditUser } from './edit-user';
import { useUsers } from './use-users';

const COLUMNS = ['Email', 'Name', 'Role', 'Customer', 'Status', 'Manage'];

export function UsersTable() {
  const { data, isPending, error } = useUsers();
  const [open, setOpen] = useState<string | null>(null);
  if (isPending) return <p className="text-sm text-slate-500">Loading users…</p>;
  if (error) return <p role="alert" className="text-sm text-red-700">Could not load users: {error.message}</p>;
  return (
    <Table label="Users" head={COLUMNS}>
      {data.map((u) => (
        <Fragment key={u.id}>
          <tr>
            <td className="px-4 py-2">{u.email}</td>
            <td className="px-4 py-2">{u.name ?? '—'}</td>
            <td className="px-4 py-2">{u.role}</td>
            <td className="px-4 py-2">{u.customer?.name ?? '—'}</td>
            <td className="px-4 py-2">{u.active ? 'active' : <span className="text-slate-500">deactivated</span>}</td>
            <td className="px-4 py-2">
              <button
                type="button"
                aria-expanded={open === u.id}
                aria-controls={`manage-${u.id}`}
                className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50"
                onClick={() => setOpen(open === u.id ? null : u.id)}
              >
                {open === u.id ? 'Close' : 'Edit'}
                <span className="sr-only"> {u.email}</span>
              </button>
            </td>
          </tr>
          {open === u.id && (
            <tr id={`manage-${u.id}`} className="bg-slate-50">
              <td colSpan={COLUMNS.length} className="px-4 py-4">
                {/* On a phone the table scrolls sideways; the editor stays within the visible width. */}
                <div className="sticky left-4 max-w-[calc(100vw-4rem)]">
                  <EditUser user={u} onDeleted={() => setOpen(null)} />
                </div>
              </td>
            </tr>
          )}
        </Fragment>
      ))}
    </Table>
  );
}

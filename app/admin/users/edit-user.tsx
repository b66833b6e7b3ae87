'use client';

import { useState, type FormEvent } from 'react';
import { describeApiError } from '@/components/api-client';
import { Field, FormError, SelectField, SubmitButton } from '@/components/form';
import { useCustomers } from '@/components/use-customers';
import { useDeleteUser, useSetPassword, useUpdateUser, type UserRow } from './use-users';

const secondary = 'rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-60';
const danger = 'rounded-md border border-red-300 px-3 py-1.5 text-sm text-red-800 hover:bg-red-50 disabled:opacity-60';

function Saved({ show, children }: { show: boolean; children: string }) {
  if (!show) return null;
  return (
    <p role="status" className="text-sm text-green-800">
      {children}
    </p>
  );
}

function Details({ user }: { user: UserRow }) {
  const update = useUpdateUser(user.id);
  const customers = useCustomers();
  const [role, setRole] = useState(user.role);
  // Controlled: the customer list arrives after the first render, and only then can it be selected.
  const [customer, setCustomer] = useState(user.customer?.id ?? '');

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    update.mutate({
      name: String(form.get('name') ?? '').trim() || null,
      role,
      customer: role === 'member' ? customer || undefined : undefined,
    });
  }

  return (
    <form className="space-y-3" onSubmit={onSubmit} aria-label={`Details of ${user.email}`}>
      <Field label="Name" name="name" defaultValue={user.name ?? ''} />
      <SelectField label="Role" name="role" value={role} onChange={(e) => setRole(e.target.value as UserRow['role'])}>
        <option value="member">Customer member</option>
        <option value="admin">Admin</option>
      </SelectField>
      {role === 'member' && (
        <SelectField label="Customer" name="customer" value={customer} onChange={(e) => setCustomer(e.target.value)} required>
          <option value="">Choose a customer…</option>
          {customers.data?.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectField>
      )}
      <p className="text-xs text-slate-500">A new role or customer signs the user out of every session.</p>
      <FormError message={update.isError ? describeApiError(update.error) : null} />
      <Saved show={update.isSuccess}>Saved.</Saved>
      <SubmitButton pending={update.isPending}>Save</SubmitButton>
    </form>
  );
}

function ResetPassword({ user }: { user: UserRow }) {
  const reset = useSetPassword(user.id);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    reset.mutate(String(new FormData(formEl).get('password')), { onSuccess: () => formEl.reset() });
  }

  return (
    // method="post": a submit before hydration must not put the password in the URL.
    <form className="space-y-3" method="post" onSubmit={onSubmit} aria-label={`New password for ${user.email}`}>
      <Field label="New password" name="password" type="password" autoComplete="new-password" minLength={8} required hint="At least 8 characters. The user is signed out everywhere." />
      <FormError message={reset.isError ? describeApiError(reset.error) : null} />
      <Saved show={reset.isSuccess}>{`Password set; ${user.email} was signed out.`}</Saved>
      <button type="submit" className={secondary} disabled={reset.isPending}>
        Set password
      </button>
    </form>
  );
}

function Access({ user, onDeleted }: { user: UserRow; onDeleted: () => void }) {
  const update = useUpdateUser(user.id);
  const remove = useDeleteUser(user.id);
  const error = update.isError ? update.error : remove.isError ? remove.error : null;
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">
        {user.active ? 'Can sign in.' : 'Deactivated: cannot sign in.'}
      </p>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={secondary}
          disabled={update.isPending}
          onClick={() => {
            if (!user.active || window.confirm(`Deactivate ${user.email}? They are signed out at once and cannot sign in until activated again.`)) {
              update.mutate({ active: !user.active });
            }
          }}
        >
          {user.active ? 'Deactivate' : 'Activate'}
        </button>
        <button
          type="button"
          className={danger}
          disabled={remove.isPending}
          onClick={() => {
            if (window.confirm(`Delete ${user.email}? This cannot be undone; the audit log keeps what they did.`)) remove.mutate(undefined, { onSuccess: onDeleted });
          }}
        >
          Delete user
        </button>
      </div>
      <FormError message={error ? describeApiError(error) : null} />
    </div>
  );
}

/** Everything an admin can change about one user, shown under the user's row. */
export function EditUser({ user, onDeleted }: { user: UserRow; onDeleted: () => void }) {
  return (
    <div className="grid gap-6 md:grid-cols-3">
      <section aria-label="Details">
        <h3 className="mb-2 text-sm font-medium text-slate-700">Details</h3>
        <Details user={user} />
      </section>
      <section aria-label="Password">
        <h3 className="mb-2 text-sm font-medium text-slate-700">Password</h3>
        <ResetPassword user={user} />
      </section>
      <section aria-label="Access">
        <h3 className="mb-2 text-sm font-medium text-slate-700">Access</h3>
        <Access user={user} onDeleted={onDeleted} />
      </section>
    </div>
  );
}

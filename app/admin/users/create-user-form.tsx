'use client';

import { useState, type FormEvent } from 'react';
import { describeApiError } from '@/components/api-client';
import { Field, FormError, SelectField, SubmitButton } from '@/components/form';
import { useCreateUser } from './use-users';

export function CreateUserForm({ customers }: { customers: { id: string; name: string }[] }) {
  const create = useCreateUser();
  const [role, setRole] = useState<'admin' | 'member'>('member');
  const [created, setCreated] = useState<string | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    create.mutate(
      {
        email: String(form.get('email')),
        password: String(form.get('password')),
        name: String(form.get('name') ?? '') || undefined,
        role,
        customer: role === 'member' ? String(form.get('customer')) : undefined,
      },
      {
        onSuccess: (u) => {
          setCreated(u.email);
          formEl.reset();
        },
      },
    );
  }

  return (
    <section aria-labelledby="new-user" className="rounded-xl border border-slate-200 bg-white p-4">
      <h2 id="new-user" className="font-medium">
        New user
      </h2>
      {/* method="post": a submit before hydration must not put the new password in the URL. */}
      <form className="mt-3 space-y-3" method="post" onSubmit={onSubmit}>
        <Field label="Email" name="email" type="email" required />
        <Field label="Name" name="name" />
        <Field label="Password" name="password" type="password" minLength={8} required hint="At least 8 characters." />
        <SelectField label="Role" name="role" value={role} onChange={(e) => setRole(e.target.value as 'admin' | 'member')}>
          <option value="member">Customer member</option>
          <option value="admin">Admin</option>
        </SelectField>
        {role === 'member' &&
          (customers.length === 0 ? (
            <p className="text-sm text-slate-600">Create a customer first: a member belongs to one.</p>
          ) : (
            <SelectField label="Customer" name="customer" required>
              {customers.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </SelectField>
          ))}
        <FormError message={create.isError ? describeApiError(create.error) : null} />
        {created && !create.isError && (
          <p role="status" className="text-sm text-green-800">
            Created {created}.
          </p>
        )}
        <SubmitButton pending={create.isPending}>Create user</SubmitButton>
      </form>
    </section>
  );
}

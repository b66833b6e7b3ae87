'use client';

import { useState, type FormEvent } from 'react';
import { describeApiError } from '@/components/api-client';
import { Field, FormError, SubmitButton } from '@/components/form';
import { useCreateCustomer } from '@/components/use-customers';

export function CreateCustomerForm() {
  const create = useCreateCustomer();
  const [created, setCreated] = useState<string | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    const subjects = String(form.get('subjects') ?? '')
      .split(/[\s,]+/)
      .filter(Boolean);
    create.mutate(
      { name: String(form.get('name')), subjects, currency: String(form.get('currency')), timeZone: String(form.get('timeZone')) },
      {
        onSuccess: (c) => {
          setCreated(c.name);
          formEl.reset();
        },
      },
    );
  }

  return (
    <section aria-labelledby="new-customer" className="rounded-xl border border-slate-200 bg-white p-4">
      <h2 id="new-customer" className="font-medium">
        New customer
      </h2>
      <form className="mt-3 space-y-3" onSubmit={onSubmit}>
        <Field label="Name" name="name" required />
        <Field label="Subject keys" name="subjects" required hint="The subject values your product sends, separated by commas." />
        <Field label="Currency" name="currency" defaultValue="USD" required maxLength={3} />
        <Field label="Time zone" name="timeZone" defaultValue="UTC" required hint="IANA name, e.g. Europe/Berlin." />
        <FormError message={create.isError ? describeApiError(create.error) : null} />
        {created && !create.isError && (
          <p role="status" className="text-sm text-green-800">
            Created {created}.
          </p>
        )}
        <SubmitButton pending={create.isPending}>Create customer</SubmitButton>
      </form>
    </section>
  );
}

'use client';

import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { describeApiError } from '@/components/api-client';
import { Field, FormError, SubmitButton } from '@/components/form';
import { useUpdateCustomer } from '@/components/use-customers';

type Props = { customer: { id: string; name: string; currency: string; timeZone: string } };

export function EditCustomer({ customer }: Props) {
  const router = useRouter();
  const update = useUpdateCustomer(customer.id);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    // The page is rendered on the server: refresh it so the header shows the new values.
    update.mutate({ name: text('name'), currency: text('currency'), timeZone: text('timeZone') }, { onSuccess: () => router.refresh() });
  }

  return (
    <section aria-labelledby="edit-customer" className="rounded-xl border border-slate-200 bg-white p-4">
      <h2 id="edit-customer" className="font-medium">
        Details
      </h2>
      <form className="mt-3 space-y-3" onSubmit={onSubmit}>
        <Field label="Name" name="name" defaultValue={customer.name} required />
        <Field label="Currency" name="currency" defaultValue={customer.currency} required maxLength={3} hint="ISO 4217 code, e.g. EUR." />
        <Field label="Time zone" name="timeZone" defaultValue={customer.timeZone} required hint="IANA name, e.g. Europe/Berlin. Days and billing periods follow it." />
        <FormError message={update.isError ? describeApiError(update.error) : null} />
        {update.isSuccess && (
          <p role="status" className="text-sm text-green-800">
            Saved.
          </p>
        )}
        <SubmitButton pending={update.isPending}>Save</SubmitButton>
      </form>
    </section>
  );
}

'use client';

import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { Field } from '@/components/form';
import { SaveFooter } from '@/components/save-footer';
import { useUpdateCustomer } from '@/components/use-customers';

type Props = {
  customer: { id: string; name: string; currency: string; timeZone: string; invoiceGraceMinutes: number | null };
  /** INVOICE_GRACE_MINUTES, what an empty grace field means. */
  defaultGraceMinutes: number;
};

export function EditCustomer({ customer, defaultGraceMinutes }: Props) {
  const router = useRouter();
  const update = useUpdateCustomer(customer.id);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    // Empty means the instance default; anything else goes as typed, and the server judges it.
    const grace = text('invoiceGraceMinutes');
    const changes = { name: text('name'), currency: text('currency'), timeZone: text('timeZone'), invoiceGraceMinutes: grace === '' ? null : Number(grace) };
    // The page is rendered on the server: refresh it so the header shows the new values.
    update.mutate(changes, { onSuccess: () => router.refresh() });
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
        <Field
          label="Invoice grace (minutes)"
          name="invoiceGraceMinutes"
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          defaultValue={customer.invoiceGraceMinutes ?? ''}
          placeholder={`${defaultGraceMinutes} (default)`}
          hint={`How long after a period ends its invoice is finalized, for late usage to arrive. Empty: the default, ${defaultGraceMinutes} minutes.`}
        />
        <SaveFooter mutation={update} />
      </form>
    </section>
  );
}

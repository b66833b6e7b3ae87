'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent } from 'react';
import { describeApiError } from '@/components/api-client';
import { Field, FormError, SubmitButton } from '@/components/form';
import { useCreatePlan } from './use-plans';

export function CreatePlanForm() {
  const router = useRouter();
  const create = useCreatePlan();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    create.mutate(
      { key: text('key'), name: text('name'), description: text('description') || undefined, currency: text('currency').toUpperCase() },
      // The next step is always the plan's first draft.
      { onSuccess: (plan) => router.push(`/admin/plans/${encodeURIComponent(plan.key)}`) },
    );
  }

  return (
    <section aria-labelledby="new-plan" className="rounded-xl border border-slate-200 bg-white p-4">
      <h2 id="new-plan" className="font-medium">
        New plan
      </h2>
      <form className="mt-3 space-y-3" method="post" onSubmit={onSubmit}>
        <Field label="Key" name="key" required placeholder="pro" hint="Lower-case; used in API URLs. Cannot change later." />
        <Field label="Name" name="name" required placeholder="Pro" />
        <Field label="Description" name="description" />
        <Field label="Currency" name="currency" required defaultValue="USD" maxLength={3} autoCapitalize="characters" hint="ISO 4217, e.g. USD, EUR, JPY. Only customers with this currency can subscribe." />
        <FormError message={create.isError ? describeApiError(create.error) : null} />
        <SubmitButton pending={create.isPending}>Create plan</SubmitButton>
      </form>
    </section>
  );
}

'use client';

import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { describeApiError } from '@/components/api-client';
import { Field, FormError } from '@/components/form';
import { useAttributeSubject, useRemoveSubject } from '@/components/use-customers';

export function SubjectKeys({ customerId, subjects }: { customerId: string; subjects: { key: string }[] }) {
  const router = useRouter();
  const remove = useRemoveSubject(customerId);
  const add = useAttributeSubject();

  function onAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const subject = String(new FormData(formEl).get('subject') ?? '').trim();
    add.mutate(
      { customerId, subject },
      {
        onSuccess: () => {
          formEl.reset();
          router.refresh();
        },
      },
    );
  }

  return (
    <section className="rounded-xl border border-slate-200 bg-white p-4" aria-labelledby="subjects">
      <h2 id="subjects" className="font-medium">
        Subject keys
      </h2>
      <p className="mt-1 text-xs text-slate-600">Usage events whose subject is one of these count for this customer.</p>
      <ul className="mt-2 divide-y divide-slate-100">
        {subjects.map((s) => (
          <li key={s.key} className="flex items-center justify-between gap-2 py-1.5">
            <span className="break-all font-mono text-sm">{s.key}</span>
            {subjects.length > 1 && (
              <button
                type="button"
                disabled={remove.isPending}
                className="shrink-0 rounded-md border border-red-300 px-2 py-1 text-xs text-red-800 hover:bg-red-50 disabled:opacity-60"
                onClick={() => {
                  const question = `Remove subject key "${s.key}"? Usage already counted stays with this customer; later events with this subject wait as unattributed until the key is mapped again.`;
                  if (window.confirm(question)) remove.mutate(s.key, { onSuccess: () => router.refresh() });
                }}
              >
                Remove<span className="sr-only"> {s.key}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      {subjects.length === 1 && <p className="mt-2 text-xs text-slate-500">The only key cannot be removed: a customer keeps at least one. Add another first.</p>}
      <FormError message={remove.isError ? describeApiError(remove.error) : null} />
      <form className="mt-4 flex items-end gap-2" onSubmit={onAdd}>
        <div className="grow">
          <Field label="Add a key" name="subject" required />
        </div>
        <button type="submit" disabled={add.isPending} className="rounded-md border border-slate-300 px-3 py-2 text-sm hover:bg-slate-50 disabled:opacity-60">
          Add
        </button>
      </form>
      {add.isSuccess && (
        <p role="status" className="mt-2 text-sm text-green-800">
          {`Added; ${add.data.movedEvents} kept event(s) now count for this customer.`}
        </p>
      )}
      <FormError message={add.isError ? describeApiError(add.error) : null} />
    </section>
  );
}

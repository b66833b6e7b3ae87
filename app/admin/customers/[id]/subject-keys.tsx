'use client';

import { useRouter } from 'next/navigation';
import { describeApiError } from '@/components/api-client';
import { FormError } from '@/components/form';
import { useRemoveSubject } from '@/components/use-customers';

export function SubjectKeys({ customerId, subjects }: { customerId: string; subjects: { key: string }[] }) {
  const router = useRouter();
  const remove = useRemoveSubject(customerId);
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
      {subjects.length === 1 && <p className="mt-2 text-xs text-slate-500">The only key cannot be removed: a customer keeps at least one.</p>}
      <FormError message={remove.isError ? describeApiError(remove.error) : null} />
    </section>
  );
}

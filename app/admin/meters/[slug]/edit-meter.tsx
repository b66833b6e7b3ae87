'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent } from 'react';
import { describeApiError } from '@/components/api-client';
import { Field, FormError } from '@/components/form';
import { SaveFooter } from '@/components/save-footer';
import type { MeterDto } from '@/components/use-meters';
import { formatGroupBy, parseGroupBy } from '../group-by-field';
import { useDeleteMeter, useUpdateMeter } from '../use-meter-mutations';

export function EditMeter({ meter }: { meter: MeterDto }) {
  const router = useRouter();
  const update = useUpdateMeter(meter.slug);
  const remove = useDeleteMeter();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    update.mutate(
      { name: text('name'), description: text('description') || null, unit: text('unit') || null, groupBy: parseGroupBy(text('groupBy')) },
      { onSuccess: () => router.refresh() },
    );
  }

  return (
    <section aria-labelledby="edit-meter" className="h-fit rounded-xl border border-slate-200 bg-white p-4">
      <h2 id="edit-meter" className="font-medium">
        Edit
      </h2>
      <p className="mt-1 text-xs text-slate-600">Type, aggregation and value are fixed: they define what past usage means. A new group-by recomputes this meter from the event log.</p>
      <form className="mt-3 space-y-3" onSubmit={onSubmit}>
        <Field label="Name" name="name" defaultValue={meter.name} required />
        <Field label="Description" name="description" defaultValue={meter.description ?? ''} />
        <Field label="Unit" name="unit" defaultValue={meter.unit ?? ''} />
        <Field label="Group by" name="groupBy" defaultValue={formatGroupBy(meter.groupBy)} placeholder="model=$.model" />
        <SaveFooter mutation={update} />
      </form>
      <button
        type="button"
        className="mt-6 rounded-md border border-red-300 px-3 py-1.5 text-sm text-red-800 hover:bg-red-50"
        onClick={() => {
          if (window.confirm(`Delete meter "${meter.slug}"? Its rollups go; the events stay in the log.`)) {
            remove.mutate(meter.slug, { onSuccess: () => router.push('/admin/meters') });
          }
        }}
      >
        Delete meter
      </button>
      <FormError message={remove.isError ? describeApiError(remove.error) : null} />
    </section>
  );
}

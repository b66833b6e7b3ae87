'use client';

import { useState, type FormEvent } from 'react';
import { describeApiError } from '@/components/api-client';
import { Field, FormError, SelectField, SubmitButton } from '@/components/form';
import type { MeterDto } from '@/components/use-meters';
import { parseGroupBy } from './group-by-field';
import { useCreateMeter } from './use-meter-mutations';

const AGGREGATIONS: MeterDto['aggregation'][] = ['SUM', 'COUNT', 'UNIQUE_COUNT', 'AVG', 'MIN', 'MAX', 'LATEST'];

export function CreateMeterForm() {
  const create = useCreateMeter();
  const [aggregation, setAggregation] = useState<MeterDto['aggregation']>('SUM');

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const f = new FormData(formEl);
    const text = (k: string) => String(f.get(k) ?? '').trim() || undefined;
    create.mutate(
      {
        slug: text('slug') ?? '',
        name: text('name'),
        eventType: text('eventType') ?? '',
        aggregation,
        valueProperty: aggregation === 'COUNT' ? undefined : text('valueProperty'),
        groupBy: parseGroupBy(text('groupBy') ?? ''),
        unit: text('unit'),
      },
      { onSuccess: () => formEl.reset() },
    );
  }

  return (
    <section aria-labelledby="new-meter" className="rounded-xl border border-slate-200 bg-white p-4">
      <h2 id="new-meter" className="font-medium">
        New meter
      </h2>
      <form className="mt-3 space-y-3" onSubmit={onSubmit}>
        <Field label="Slug" name="slug" required placeholder="tokens_total" hint="Lower-case; used in API URLs." />
        <Field label="Name" name="name" placeholder="Tokens" />
        <Field label="Event type" name="eventType" required placeholder="prompt" />
        <SelectField label="Aggregation" name="aggregation" value={aggregation} onChange={(e) => setAggregation(e.target.value as MeterDto['aggregation'])}>
          {AGGREGATIONS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </SelectField>
        {aggregation !== 'COUNT' && <Field label="Value property" name="valueProperty" required placeholder="$.tokens" hint="JSONPath into the event's data." />}
        <Field label="Group by" name="groupBy" placeholder="model=$.model, region=$.region" />
        <Field label="Unit" name="unit" placeholder="tokens" />
        <FormError message={create.isError ? describeApiError(create.error) : null} />
        {create.isSuccess && (
          <p role="status" className="text-sm text-green-800">
            Created {create.data.slug}; past events are already counted.
          </p>
        )}
        <SubmitButton pending={create.isPending}>Create meter</SubmitButton>
      </form>
    </section>
  );
}

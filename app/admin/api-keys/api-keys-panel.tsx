'use client';

import { type FormEvent } from 'react';
import { describeApiError } from '@/components/api-client';
import { EmptyState } from '@/components/app-shell';
import { Field, FormError, SelectField, SubmitButton, Table } from '@/components/form';
import { useApiKeys, useCreateApiKey, useRevokeApiKey, type Scope } from './use-api-keys';

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : 'never';
}

export function ApiKeysPanel() {
  const keys = useApiKeys();
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    create.mutate({ name: String(form.get('name')), scope: String(form.get('scope')) as Scope }, { onSuccess: () => formEl.reset() });
  }

  return (
    <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
      <div>
        {keys.isPending && <p className="text-sm text-slate-500">Loading keys…</p>}
        {keys.error && <p role="alert" className="text-sm text-red-700">Could not load keys: {keys.error.message}</p>}
        {keys.data?.length === 0 && (
          <EmptyState title="No API keys yet">Create an ingest key with the form, then send usage to POST /api/v1/events with it.</EmptyState>
        )}
        {keys.data && keys.data.length > 0 && (
          <Table label="API keys" head={['Name', 'Key', 'Scope', 'Last used', 'Status']}>
            {keys.data.map((k) => (
              <tr key={k.id}>
                <td className="px-4 py-2">{k.name}</td>
                <td className="px-4 py-2 font-mono text-xs">{k.prefix}…</td>
                <td className="px-4 py-2">{k.scope}</td>
                <td className="px-4 py-2">{when(k.lastUsedAt)}</td>
                <td className="px-4 py-2">
                  {k.revokedAt ? (
                    <span className="text-slate-500">revoked</span>
                  ) : (
                    <button
                      type="button"
                      className="rounded-md border border-red-300 px-2 py-1 text-xs text-red-800 hover:bg-red-50"
                      onClick={() => {
                        if (window.confirm(`Revoke "${k.name}"? Requests with it fail from now on.`)) revoke.mutate(k.id);
                      }}
                    >
                      Revoke<span className="sr-only"> {k.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </div>
      <section aria-labelledby="new-key" className="rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="new-key" className="font-medium">
          New API key
        </h2>
        <form className="mt-3 space-y-3" onSubmit={onSubmit}>
          <Field label="Name" name="name" required hint="Which product or tool uses it." />
          <SelectField label="Scope" name="scope" defaultValue="ingest">
            <option value="ingest">ingest: send usage events</option>
            <option value="read">read: query usage</option>
            <option value="admin">admin: everything</option>
          </SelectField>
          <FormError message={create.isError ? describeApiError(create.error) : null} />
          <SubmitButton pending={create.isPending}>Create key</SubmitButton>
        </form>
        {create.data && (
          <div role="status" className="mt-4 rounded-md bg-amber-50 p-3 text-sm">
            <p className="font-medium">Copy this secret now: it is not shown again.</p>
            <code data-testid="new-api-key" className="mt-2 block break-all rounded bg-white p-2 font-mono text-xs">
              {create.data.key}
            </code>
          </div>
        )}
      </section>
    </div>
  );
}

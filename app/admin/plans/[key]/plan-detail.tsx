'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { describeApiError } from '@/components/api-client';
import { PageHeader } from '@/components/app-shell';
import { FormError, Table } from '@/components/form';
import { ConfirmDialog } from '../confirm-dialog';
import { useArchiveVersion, useCreateDraft, usePlan, usePublishVersion, type Migrate } from '../use-plans';
import { StatusBadge } from './status-badge';
import { VersionDiff } from './version-diff';

function when(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });
}

const buttonClass = 'rounded-md border px-2 py-1 text-xs';

export function PlanDetail({ planKey }: { planKey: string }) {
  const router = useRouter();
  const plan = usePlan(planKey);
  const createDraft = useCreateDraft(planKey);
  const publish = usePublishVersion(planKey);
  const archive = useArchiveVersion(planKey);
  const [publishing, setPublishing] = useState<number | null>(null);
  const [archiving, setArchiving] = useState<number | null>(null);

  if (plan.isPending) return <p className="text-sm text-slate-500">Loading plan…</p>;
  if (plan.error) return <p role="alert" className="text-sm text-red-700">Could not load plan: {plan.error.message}</p>;
  const p = plan.data;
  const versions = p.versions; // newest first
  const draft = versions.find((v) => v.status === 'draft');
  const editorHref = (v: { number: number }) => `/admin/plans/${encodeURIComponent(p.key)}/versions/${v.number}`;

  return (
    <>
      <PageHeader
        title={p.name}
        description={`${p.description ? `${p.description} · ` : ''}${p.currency} · key ${p.key}`}
        actions={
          draft ? (
            <Link className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800" href={editorHref(draft)}>
              Edit draft v{draft.number}
            </Link>
          ) : (
            <button
              type="button"
              disabled={createDraft.isPending}
              className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800 disabled:opacity-60"
              onClick={() => createDraft.mutate(undefined, { onSuccess: (v) => router.push(editorHref(v)) })}
            >
              New draft
            </button>
          )
        }
      />
      <FormError message={createDraft.isError ? describeApiError(createDraft.error) : null} />
      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <section aria-labelledby="versions" className="space-y-2">
          <h2 id="versions" className="font-medium">
            Versions
          </h2>
          {versions.length === 0 ? (
            <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">No versions yet: start a draft to set prices.</p>
          ) : (
            <Table label="Versions" head={['Version', 'Status', 'Subscribers', 'Dates', 'Actions']}>
              {versions.map((v) => (
                <tr key={v.number}>
                  <td className="px-4 py-2">
                    <Link className="font-medium text-indigo-700 underline" href={editorHref(v)}>
                      v{v.number}
                    </Link>
                  </td>
                  <td className="px-4 py-2">
                    <StatusBadge status={v.status} />
                  </td>
                  <td className="px-4 py-2 tabular-nums">{v.subscribers}</td>
                  <td className="whitespace-nowrap px-4 py-2 text-xs text-slate-600">
                    <span className="block">created {when(v.createdAt)}</span>
                    {v.publishedAt && <span className="block">published {when(v.publishedAt)}</span>}
                    {v.archivedAt && <span className="block">archived {when(v.archivedAt)}</span>}
                  </td>
                  <td className="px-4 py-2">
                    {v.status === 'draft' && (
                      <button type="button" className={`${buttonClass} border-indigo-700 text-indigo-700 hover:bg-indigo-50`} aria-label={`Publish version ${v.number}`} onClick={() => setPublishing(v.number)}>
                        Publish…
                      </button>
                    )}
                    {v.status === 'published' && (
                      <button type="button" className={`${buttonClass} border-red-300 text-red-800 hover:bg-red-50`} aria-label={`Archive version ${v.number}`} onClick={() => setArchiving(v.number)}>
                        Archive…
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </section>
        <VersionDiff planKey={p.key} versions={versions} />
      </div>

      <ConfirmDialog
        open={publishing !== null}
        title={`Publish version ${publishing}?`}
        confirmLabel="Publish"
        pending={publish.isPending}
        error={publish.isError ? describeApiError(publish.error) : null}
        onClose={() => {
          setPublishing(null);
          publish.reset();
        }}
        onConfirm={(form) => publish.mutate({ n: publishing!, migrate: form.get('migrate') as Migrate }, { onSuccess: () => setPublishing(null) })}
      >
        <p>A published version never changes again. New subscriptions use it from now on.</p>
        <fieldset className="space-y-2">
          <legend className="font-medium text-slate-900">Customers on older versions of {p.name}</legend>
          <label className="flex items-start gap-2">
            <input type="radio" name="migrate" value="next_period" defaultChecked className="mt-0.5 size-4" />
            <span>Move them to this version at their next period start</span>
          </label>
          <label className="flex items-start gap-2">
            <input type="radio" name="migrate" value="none" className="mt-0.5 size-4" />
            <span>Leave them on their current version</span>
          </label>
        </fieldset>
      </ConfirmDialog>

      <ConfirmDialog
        open={archiving !== null}
        title={`Archive version ${archiving}?`}
        confirmLabel="Archive"
        danger
        pending={archive.isPending}
        error={archive.isError ? describeApiError(archive.error) : null}
        onClose={() => {
          setArchiving(null);
          archive.reset();
        }}
        onConfirm={() => archive.mutate(archiving!, { onSuccess: () => setArchiving(null) })}
      >
        <p>No new customer can subscribe to an archived version. Customers already on it keep it until they are moved.</p>
      </ConfirmDialog>
    </>
  );
}

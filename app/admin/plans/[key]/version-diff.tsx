'use client';

import { useState } from 'react';
import { describeApiError } from '@/components/api-client';
import { SelectField } from '@/components/form';
import { useVersionDiff, type VersionDiff as VersionDiffDto, type VersionSummary } from '../use-plans';

function show(value: unknown): string {
  if (value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function Change({ path, before, after }: { path: string; before: unknown; after: unknown }) {
  return (
    <li className="py-1.5">
      <span className="font-mono text-xs text-slate-600">{path}</span>
      <div className="mt-0.5 flex flex-wrap items-baseline gap-x-2 break-all font-mono text-xs">
        <del className="bg-red-50 text-red-800">{show(before)}</del>
        <span aria-hidden>→</span>
        <ins className="bg-green-50 text-green-800 no-underline">{show(after)}</ins>
      </div>
    </li>
  );
}

function DiffList({ diff }: { diff: VersionDiffDto }) {
  const { added, removed, changed } = diff.charges;
  if (added.length + removed.length + changed.length === 0 && !diff.minimumSpend) return <p className="text-slate-600">No differences.</p>;
  return (
    <ul className="space-y-3" aria-label="Changes">
      {added.map((c) => (
        <li key={`+${c.key}`}>
          <span className="rounded bg-green-100 px-1.5 text-xs font-medium text-green-900">added</span> {c.name} <span className="font-mono text-xs text-slate-500">{c.key}</span>
        </li>
      ))}
      {removed.map((c) => (
        <li key={`-${c.key}`}>
          <span className="rounded bg-red-100 px-1.5 text-xs font-medium text-red-900">removed</span> {c.name} <span className="font-mono text-xs text-slate-500">{c.key}</span>
        </li>
      ))}
      {changed.map((c) => (
        <li key={`~${c.key}`}>
          <span className="rounded bg-amber-100 px-1.5 text-xs font-medium text-amber-900">changed</span> <span className="font-mono text-xs">{c.key}</span>
          <ul className="ml-2 divide-y divide-slate-100 border-l border-slate-200 pl-3">
            {c.fields.map((f) => (
              <Change key={f.path} path={f.path} before={f.from} after={f.to} />
            ))}
          </ul>
        </li>
      ))}
      {diff.minimumSpend && (
        <li>
          <span className="rounded bg-amber-100 px-1.5 text-xs font-medium text-amber-900">changed</span>
          <ul className="ml-2 border-l border-slate-200 pl-3">
            <Change path="minimum spend" before={diff.minimumSpend.from ?? 'none'} after={diff.minimumSpend.to ?? 'none'} />
          </ul>
        </li>
      )}
    </ul>
  );
}

/** What changed between two versions of the plan, field by field. */
export function VersionDiff({ planKey, versions }: { planKey: string; versions: VersionSummary[] }) {
  // Newest first: by default the newest version against the one before it.
  const [to, setTo] = useState<number | null>(versions[0]?.number ?? null);
  const [from, setFrom] = useState<number | null>(versions[1]?.number ?? null);
  const diff = useVersionDiff(planKey, to, from);

  return (
    <section aria-labelledby="diff" className="rounded-xl border border-slate-200 bg-white p-4">
      <h2 id="diff" className="font-medium">
        Compare versions
      </h2>
      {versions.length < 2 ? (
        <p className="mt-2 text-sm text-slate-600">One version so far: there is nothing to compare yet.</p>
      ) : (
        <>
          <div className="mt-3 grid grid-cols-2 gap-3">
            <SelectField label="From" name="from" value={from ?? ''} onChange={(e) => setFrom(Number(e.target.value))}>
              {versions.map((v) => (
                <option key={v.number} value={v.number}>
                  v{v.number} ({v.status})
                </option>
              ))}
            </SelectField>
            <SelectField label="To" name="to" value={to ?? ''} onChange={(e) => setTo(Number(e.target.value))}>
              {versions.map((v) => (
                <option key={v.number} value={v.number}>
                  v{v.number} ({v.status})
                </option>
              ))}
            </SelectField>
          </div>
          <div className="mt-3 text-sm" aria-live="polite">
            {from === to && <p className="text-slate-600">Choose two different versions.</p>}
            {diff.isFetching && !diff.data && <p className="text-slate-500">Comparing…</p>}
            {diff.isError && <p role="alert" className="text-red-700">{describeApiError(diff.error)}</p>}
            {from !== to && diff.data && <DiffList diff={diff.data} />}
          </div>
        </>
      )}
    </section>
  );
}

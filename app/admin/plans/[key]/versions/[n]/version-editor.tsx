'use client';

import Link from 'next/link';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { describeApiError } from '@/components/api-client';
import { PageHeader } from '@/components/app-shell';
import { Field, FormError, SubmitButton } from '@/components/form';
import { useMeters } from '@/components/use-meters';
import type { Charge, VersionContent } from '@/lib/pricing/charge-schema';
import { StatusBadge } from '../../status-badge';
import { usePlan, useSaveVersion, useVersion, type PlanDto, type VersionDto } from '../../../use-plans';
import { FlatChargeFields, UsageChargeFields } from './charge-fields';
import { newFlatCharge, newUsageCharge, optional, serverFieldErrors, validateContent } from './editor-state';
import { SimulationPanel } from './simulation-panel';

export function VersionPage({ planKey, n }: { planKey: string; n: number }) {
  const plan = usePlan(planKey);
  const version = useVersion(planKey, n);
  if (plan.isPending || version.isPending) return <p className="text-sm text-slate-500">Loading version…</p>;
  if (plan.error || version.error) {
    return (
      <p role="alert" className="text-sm text-red-700">
        Could not load this version: {(plan.error ?? version.error)!.message}
      </p>
    );
  }
  // Another version, or this one published meanwhile, starts the editor from the server's copy.
  return <VersionEditor key={`${n}:${version.data.status}`} plan={plan.data} version={version.data} />;
}

function VersionEditor({ plan, version }: { plan: PlanDto; version: VersionDto }) {
  const readOnly = version.status !== 'draft';
  const [content, setContent] = useState<VersionContent>(version.content);
  const [attempted, setAttempted] = useState(false);
  const save = useSaveVersion(plan.key, version.number);
  const meters = useMeters();
  const { errors: localErrors, parsed } = useMemo(() => validateContent(content), [content]);
  const errors = readOnly ? {} : { ...(save.isError ? serverFieldErrors(save.error) : {}), ...localErrors };
  const dirty = JSON.stringify(content) !== JSON.stringify(version.content);

  // A server complaint is about what was sent: once the admin edits, the inline checks take over.
  const edit = (next: VersionContent) => {
    setContent(next);
    if (save.isError) save.reset();
  };
  const setCharge = (i: number, c: Charge) => edit({ ...content, charges: content.charges.map((old, j) => (j === i ? c : old)) });
  const removeCharge = (i: number) => edit({ ...content, charges: content.charges.filter((_, j) => j !== i) });

  // Closing or reloading the tab with unsaved prices asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setAttempted(true);
    if (parsed) save.mutate(parsed, { onSuccess: (saved) => setContent(saved.content) });
  }

  return (
    <>
      <PageHeader
        title={`${plan.name} · version ${version.number}`}
        description={readOnly ? 'Published and archived versions never change: start a new draft to change prices.' : `Draft prices in ${plan.currency}. Save, simulate, then publish from the plan page.`}
        actions={
          <div className="flex items-center gap-3">
            <StatusBadge status={version.status} />
            <Link className="text-sm text-indigo-700 underline" href={`/admin/plans/${encodeURIComponent(plan.key)}`}>
              Back to {plan.name}
            </Link>
          </div>
        }
      />
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <h2 className="font-medium">Charges</h2>
        {content.charges.length === 0 && (
          <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
            No charges yet{readOnly ? '.' : ': add a flat fee or a usage charge.'}
          </p>
        )}
        <ol className="space-y-4">
          {content.charges.map((charge, i) => (
            <li key={i} className="rounded-xl border border-slate-200 bg-white p-4">
              <section aria-label={`Charge ${i + 1}: ${charge.name}`}>
                <div className="mb-3 flex items-center justify-between gap-2">
                  <h3 className="font-medium">
                    {charge.type === 'flat' ? 'Flat fee' : 'Usage charge'} <span className="text-slate-500">· {charge.name || 'unnamed'}</span>
                  </h3>
                  {!readOnly && (
                    <button type="button" className="rounded-md border border-red-300 px-2 py-1 text-xs text-red-800 hover:bg-red-50" onClick={() => removeCharge(i)}>
                      Remove<span className="sr-only"> charge {charge.name}</span>
                    </button>
                  )}
                </div>
                {charge.type === 'flat' ? (
                  <FlatChargeFields charge={charge} index={i} errors={errors} readOnly={readOnly} onChange={(c) => setCharge(i, c)} />
                ) : (
                  <UsageChargeFields charge={charge} index={i} errors={errors} readOnly={readOnly} onChange={(c) => setCharge(i, c)} meters={meters.data ?? []} currency={plan.currency} />
                )}
              </section>
            </li>
          ))}
        </ol>
        {!readOnly && (
          <div className="flex flex-wrap gap-2">
            <button type="button" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50" onClick={() => edit({ ...content, charges: [...content.charges, newFlatCharge(content.charges)] })}>
              Add flat fee
            </button>
            <button
              type="button"
              className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50"
              disabled={meters.isPending}
              onClick={() => edit({ ...content, charges: [...content.charges, newUsageCharge(content.charges, meters.data?.[0])] })}
            >
              Add usage charge
            </button>
          </div>
        )}
        {meters.error && <p className="text-sm text-red-700">Could not load meters: {meters.error.message}</p>}
        <section aria-labelledby="plan-wide" className="rounded-xl border border-slate-200 bg-white p-4">
          <h2 id="plan-wide" className="font-medium">
            Plan-wide
          </h2>
          <fieldset disabled={readOnly} className="mt-3 min-w-0 sm:max-w-xs">
            <Field
              label="Minimum spend per period"
              name="minimumSpend"
              inputMode="decimal"
              placeholder="none"
              hint="A true-up line brings a period's charges up to this amount."
              value={content.minimumSpend ?? ''}
              error={errors.minimumSpend}
              onChange={(e) => edit({ ...content, minimumSpend: optional(e.target.value) })}
            />
          </fieldset>
        </section>
        {!readOnly && (
          <div className="sticky bottom-0 -mx-4 flex flex-wrap items-center gap-3 border-t border-slate-200 bg-white/95 px-4 py-3">
            <SubmitButton pending={save.isPending}>Save draft</SubmitButton>
            <span role="status" className="text-sm text-slate-600">
              {save.isPending ? 'Saving…' : dirty ? 'Unsaved changes' : save.isSuccess ? 'Saved.' : 'No changes'}
            </span>
            {attempted && !parsed && <span className="text-sm text-red-700">Fix the marked fields first.</span>}
            <div className="w-full">
              <FormError message={save.isError ? describeApiError(save.error) : null} />
            </div>
          </div>
        )}
      </form>
      {!readOnly && <SimulationPanel plan={plan} version={version.number} dirty={dirty} />}
    </>
  );
}

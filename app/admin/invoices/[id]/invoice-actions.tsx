'use client';

import { useRouter } from 'next/navigation';
import { type KeyboardEvent, useState } from 'react';
import { apiFetch, describeApiError } from '@/components/api-client';
import { FormError } from '@/components/form';

type Step = 'idle' | 'finalize' | 'void';

const button = 'rounded-md px-3 py-1.5 text-sm font-medium disabled:opacity-60';

/**
 * Finalize (a draft) and void (a finalized invoice, optionally reissued) behind a confirmation
 * step: each changes money documents for good, so one click never does it.
 */
export function InvoiceActions({ id, status, number }: { id: string; status: 'draft' | 'finalized' | 'void'; number: string | null }) {
  const router = useRouter();
  const [step, setStep] = useState<Step>('idle');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [reissue, setReissue] = useState(true);
  if (status === 'void') return null;

  // Always a JSON body, even an empty one: a change signed in with a cookie must say it is JSON.
  async function run(path: string, json: unknown) {
    setPending(true);
    setError(null);
    try {
      // Finalizing answers the invoice; voiding answers { voided, replacement }.
      const result = await apiFetch<{ id?: string; voided?: { id: string }; replacement?: { id: string } | null }>(path, { method: 'POST', json });
      const next = result.replacement?.id ?? result.voided?.id ?? result.id;
      setStep('idle');
      router.push(`/admin/invoices/${next}`);
      router.refresh();
    } catch (err) {
      setError(describeApiError(err));
    } finally {
      setPending(false);
    }
  }

  const cancelOnEscape = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !pending) setStep('idle');
  };

  if (step === 'idle') {
    return status === 'draft' ? (
      <button type="button" className={`${button} bg-indigo-700 text-white hover:bg-indigo-800`} onClick={() => setStep('finalize')}>
        Finalize now…
      </button>
    ) : (
      <button type="button" className={`${button} border border-red-300 bg-white text-red-800 hover:bg-red-50`} onClick={() => setStep('void')}>
        Void…
      </button>
    );
  }

  if (step === 'finalize') {
    return (
      <section role="dialog" aria-labelledby="confirm-finalize" onKeyDown={cancelOnEscape} className="w-full max-w-md rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm">
        <h2 id="confirm-finalize" className="font-medium">
          Finalize this draft now?
        </h2>
        <p className="mt-1 text-slate-700">It is rated with the usage counted so far, takes the next invoice number and can never change again.</p>
        <FormError message={error} />
        <div className="mt-3 flex gap-2">
          <button type="button" autoFocus disabled={pending} className={`${button} bg-indigo-700 text-white hover:bg-indigo-800`} onClick={() => run(`/api/v1/invoices/${encodeURIComponent(id)}/finalize`, {})}>
            {pending ? 'Finalizing…' : 'Finalize invoice'}
          </button>
          <button type="button" className={`${button} text-slate-700 hover:bg-slate-100`} onClick={() => setStep('idle')}>
            Cancel
          </button>
        </div>
      </section>
    );
  }

  return (
    <form
      role="dialog"
      aria-labelledby="confirm-void"
      onKeyDown={cancelOnEscape}
      className="w-full max-w-md rounded-xl border border-red-300 bg-red-50 p-4 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        void run(`/api/v1/invoices/${encodeURIComponent(id)}/void`, { reason, reissue });
      }}
    >
      <h2 id="confirm-void" className="font-medium">
        Void {number}?
      </h2>
      <p className="mt-1 text-slate-700">The invoice stays on record, marked void with your reason. This cannot be undone.</p>
      <label className="mt-3 block font-medium">
        Reason
        <textarea required autoFocus maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2" rows={2} />
      </label>
      <label className="mt-2 flex items-center gap-2">
        <input type="checkbox" checked={reissue} onChange={(e) => setReissue(e.target.checked)} />
        Issue a replacement now (new number, rated with everything known now)
      </label>
      <FormError message={error} />
      <div className="mt-3 flex gap-2">
        <button type="submit" disabled={pending || !reason.trim()} className={`${button} bg-red-700 text-white hover:bg-red-800`}>
          {pending ? 'Voiding…' : reissue ? 'Void and reissue' : 'Void invoice'}
        </button>
        <button type="button" className={`${button} text-slate-700 hover:bg-slate-100`} onClick={() => setStep('idle')}>
          Cancel
        </button>
      </div>
    </form>
  );
}

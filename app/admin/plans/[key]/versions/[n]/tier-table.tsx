'use client';

import { useId } from 'react';
import type { Tier } from '@/lib/pricing/charge-schema';
import type { FieldErrors } from './editor-state';

// Small type on a phone: three prices side by side must still show 0.0000015 whole.
const input = 'w-full min-w-0 rounded-md border bg-white px-1.5 py-1.5 text-xs tabular-nums sm:px-2 sm:text-sm disabled:bg-slate-50';

function TierInput({ label, value, error, onChange, placeholder }: { label: string; value: string; error?: string; onChange: (v: string) => void; placeholder?: string }) {
  const errorId = useId();
  return (
    <>
      <input
        aria-label={label}
        inputMode="decimal"
        className={`${input} ${error ? 'border-red-500' : 'border-slate-300'}`}
        value={value}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <p id={errorId} className="mt-1 text-xs text-red-700">
          {error}
        </p>
      )}
    </>
  );
}

/**
 * Tiers as rows: up to (inclusive; blank on the last, open tier), unit price, flat price. A new row
 * goes before the open last tier, so the table stays valid while it grows.
 */
export function TierTable({ tiers, errors, path, readOnly, onChange }: { tiers: Tier[]; errors: FieldErrors; path: string; readOnly: boolean; onChange: (tiers: Tier[]) => void }) {
  const set = (i: number, patch: Partial<Tier>) => onChange(tiers.map((t, j) => (j === i ? { ...t, ...patch } : t)));

  function addRow() {
    const closed = tiers.slice(0, -1);
    const lastBound = closed.at(-1)?.upTo;
    // A bound past the previous one, so the new row is valid until the admin types its own.
    const upTo = lastBound && /^\d+$/.test(lastBound) ? (BigInt(lastBound) * 10n).toString() : '1000';
    const open = tiers.at(-1) ?? { upTo: null, unitPrice: '0', flatPrice: '0' };
    onChange([...closed, { upTo, unitPrice: open.unitPrice, flatPrice: '0' }, open]);
  }

  return (
    <div>
      <table className="w-full max-w-3xl table-fixed text-left text-sm">
        <caption className="sr-only">Tiers</caption>
        <thead className="text-xs text-slate-600">
          <tr>
            <th scope="col" className="hidden w-8 py-1 font-medium sm:table-cell">
              #
            </th>
            <th scope="col" className="py-1 pr-1 sm:pr-2 font-medium">
              Up to (incl.)
            </th>
            <th scope="col" className="py-1 pr-1 sm:pr-2 font-medium">
              Unit price
            </th>
            <th scope="col" className="py-1 pr-1 sm:pr-2 font-medium">
              Flat price
            </th>
            <th scope="col" className="w-8 py-1">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tiers.map((t, i) => {
            const last = i === tiers.length - 1;
            return (
              <tr key={i} className="align-top">
                <td className="hidden py-1 text-slate-500 sm:table-cell">{i + 1}</td>
                <td className="py-1 pr-1 sm:pr-2">
                  <TierInput
                    label={`Tier ${i + 1} up to`}
                    value={t.upTo ?? ''}
                    placeholder={last ? 'and above' : ''}
                    error={errors[`${path}.${i}.upTo`]}
                    onChange={(v) => set(i, { upTo: v.trim() === '' ? null : v })}
                  />
                </td>
                <td className="py-1 pr-1 sm:pr-2">
                  <TierInput label={`Tier ${i + 1} unit price`} value={t.unitPrice} error={errors[`${path}.${i}.unitPrice`]} onChange={(v) => set(i, { unitPrice: v })} />
                </td>
                <td className="py-1 pr-1 sm:pr-2">
                  <TierInput label={`Tier ${i + 1} flat price`} value={t.flatPrice} error={errors[`${path}.${i}.flatPrice`]} onChange={(v) => set(i, { flatPrice: v })} />
                </td>
                <td className="py-1">
                  <button
                    type="button"
                    disabled={readOnly || tiers.length === 1}
                    className="rounded-md px-1.5 py-1.5 text-slate-500 hover:bg-red-50 hover:text-red-800 disabled:invisible"
                    onClick={() => onChange(tiers.filter((_, j) => j !== i))}
                    aria-label={`Remove tier ${i + 1}`}
                  >
                    ✕
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {errors[path] && <p className="mt-1 text-xs text-red-700">{errors[path]}</p>}
      {!readOnly && (
        <>
          <button type="button" onClick={addRow} className="mt-2 rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50">
            Add tier
          </button>
          <p className="mt-1 text-xs text-slate-500">A tier holds every unit up to and including its bound; leave the last one blank for &ldquo;and above&rdquo;.</p>
        </>
      )}
    </div>
  );
}

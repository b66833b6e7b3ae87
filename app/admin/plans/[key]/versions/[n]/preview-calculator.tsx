'use client';

import Decimal from 'decimal.js';
import { useId, useMemo, useState } from 'react';
import { describeApiError } from '@/components/api-client';
import { formatDecimal } from '@/components/format-decimal';
import { Money } from '@/components/money';
import { formatTierRange } from '@/components/tier-range';
import { decimalString, pricingSchema, type UsageCharge } from '@/lib/pricing/charge-schema';
import { usePricingPreview } from '../../../use-plans';
import { pricingOf } from './editor-state';
import { useDebounced } from './use-debounced';

/** "12,345 units cost …": the server's exact rating of one charge, with its tier breakdown. */
export function PreviewCalculator({ charge, currency, unit }: { charge: UsageCharge; currency: string; unit: string }) {
  const [quantity, setQuantity] = useState('12345');
  const id = useId();
  const pricing = useMemo(() => pricingSchema.safeParse(pricingOf(charge)), [charge]);
  const validQuantity = decimalString.safeParse(quantity).success;
  const request = useDebounced(pricing.success && validQuantity ? { currency, charge: pricing.data, quantity: quantity.trim() } : null, 400);
  const preview = usePricingPreview(request);
  // Most tiers have no flat price: the column only when one is charged.
  const withFlat = preview.data?.breakdown.some((line) => /[1-9]/.test(line.flatPrice)) ?? false;

  return (
    <section aria-label={`Preview ${charge.name}`} className="mt-4 rounded-lg bg-slate-50 p-3">
      <div className="flex flex-wrap items-end gap-x-3 gap-y-1">
        <label htmlFor={id} className="text-sm font-medium">
          Preview a quantity
        </label>
        <input
          id={id}
          inputMode="decimal"
          className="w-36 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm tabular-nums"
          value={quantity}
          onChange={(e) => setQuantity(e.target.value)}
        />
      </div>
      {!validQuantity && <p className="mt-2 text-xs text-red-700">Enter a non-negative quantity, e.g. 12345 or 0.5.</p>}
      {validQuantity && !pricing.success && <p className="mt-2 text-xs text-slate-600">Fix the charge&apos;s prices to see what a quantity costs.</p>}
      {preview.isError && (
        <p role="alert" className="mt-2 text-xs text-red-700">
          {describeApiError(preview.error)}
        </p>
      )}
      {request && preview.data && (
        <div className={preview.isFetching || request.quantity !== quantity.trim() ? 'opacity-60' : undefined}>
          <p role="status" className="mt-2 text-sm" data-testid="preview-result">
            {formatDecimal(preview.data.quantity)} {unit} cost <Money className="font-semibold" amount={preview.data.amount} currency={preview.data.currency} />
            {!new Decimal(preview.data.unroundedAmount).eq(preview.data.amount) && <span className="text-xs text-slate-500"> (exactly {formatDecimal(preview.data.unroundedAmount)})</span>}
          </p>
          {preview.data.breakdown.length > 0 && (
            <div className="relative mt-2 overflow-x-auto">
              <table className="w-full text-left text-xs">
                <caption className="sr-only">Breakdown of {charge.name}</caption>
                <thead className="text-slate-600">
                  <tr>
                    <th scope="col" className="py-1 pr-3 font-medium">Units</th>
                    <th scope="col" className="py-1 pr-3 font-medium">Quantity</th>
                    <th scope="col" className="py-1 pr-3 font-medium">Unit price</th>
                    {withFlat && <th scope="col" className="py-1 pr-3 font-medium">Flat price</th>}
                    <th scope="col" className="py-1 text-right font-medium">Subtotal</th>
                  </tr>
                </thead>
                <tbody className="tabular-nums">
                  {preview.data.breakdown.map((line, i) => (
                    <tr key={i} className="border-t border-slate-200">
                      <td className="whitespace-nowrap py-1 pr-3 text-slate-600">{line.packages ? `${formatDecimal(line.packages)} × package` : formatTierRange(line.from, line.upTo)}</td>
                      <td className="py-1 pr-3">{formatDecimal(line.quantity)}</td>
                      <td className="py-1 pr-3">
                        <Money amount={line.unitPrice} currency={currency} />
                      </td>
                      {withFlat && (
                        <td className="py-1 pr-3">
                          <Money amount={line.flatPrice} currency={currency} />
                        </td>
                      )}
                      <td className="py-1 text-right">
                        <Money amount={line.subtotal} currency={currency} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

import { z } from 'zod';
import { currencyCode, decimalString, pricingSchema } from './charge-schema';
import { rateChargeLine } from './rate-charge';

/** What `POST /api/v1/pricing/preview` takes: a pricing, a quantity and the currency to round in. */
export const previewPricingInput = z.object({
  currency: currencyCode,
  charge: pricingSchema,
  quantity: decimalString,
});

export type PreviewPricingOptions = z.input<typeof previewPricingInput>;

/** Rates one quantity the way an invoice line would, saving nothing: for the plan editor and callers' checks. */
export function previewPricing(options: PreviewPricingOptions) {
  const { currency, charge, quantity } = previewPricingInput.parse(options);
  const line = rateChargeLine(charge, quantity, currency);
  return {
    currency,
    quantity: line.quantity,
    includedUnits: line.includedUnits,
    billableQuantity: line.billableQuantity,
    amount: line.amount,
    unroundedAmount: line.unroundedAmount,
    modelAmount: line.modelAmount,
    clampedBy: line.clampedBy,
    breakdown: line.breakdown,
  };
}

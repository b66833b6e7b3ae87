import type { BreakdownRow, ModelResult } from './breakdown';
import type { Pricing } from './charge-schema';
import { Dec, type DecimalInput, ZERO, decString, dec } from './decimal';
import { formatAmount } from './money';
import { rateGraduated } from './rate-graduated';
import { ratePackage } from './rate-package';
import { ratePerUnit } from './rate-per-unit';
import { rateVolume } from './rate-volume';

export type { BreakdownRow } from './breakdown';

/** A charge rated for one quantity: exact decimal strings, nothing rounded. */
export type RatedCharge = {
  quantity: string;
  includedUnits: string;
  /** The quantity past the included units, never below zero: what the model prices. */
  billableQuantity: string;
  /** The model's amount before `minimum`/`maximum`. */
  modelAmount: string;
  /** Which bound, if any, replaced the model's amount. */
  clampedBy: 'minimum' | 'maximum' | null;
  unroundedAmount: string;
  breakdown: BreakdownRow[];
};

/** A rated charge as one invoice line: `amount` is rounded to the currency's minor unit, once. */
export type RatedLine = RatedCharge & { currency: string; amount: string };

function applyModel(pricing: Pricing, quantity: Dec): ModelResult {
  switch (pricing.model) {
    case 'per_unit':
      return ratePerUnit({ unitPrice: pricing.unitPrice, quantity });
    case 'graduated':
      return rateGraduated({ tiers: pricing.tiers, quantity });
    case 'volume':
      return rateVolume({ tiers: pricing.tiers, quantity });
    case 'package':
      return ratePackage({ packageSize: pricing.packageSize, packagePrice: pricing.packagePrice, quantity });
  }
}

/**
 * Prices `quantity` exactly: included units come off first, the model prices the rest, and the
 * charge's `minimum`/`maximum` bound the result (a minimum applies at zero usage too: it is a
 * commitment). Nothing is rounded here; see `rateChargeLine`.
 */
export function rateCharge(pricing: Pricing, quantity: DecimalInput): RatedCharge {
  const q = dec(quantity);
  const included = dec(pricing.includedUnits ?? '0');
  const billable = Dec.max(q.minus(included), ZERO);
  const { amount, breakdown } = applyModel(pricing, billable);
  let final = amount;
  let clampedBy: RatedCharge['clampedBy'] = null;
  if (pricing.minimum != null && amount.lt(pricing.minimum)) [final, clampedBy] = [dec(pricing.minimum), 'minimum'];
  if (pricing.maximum != null && amount.gt(pricing.maximum)) [final, clampedBy] = [dec(pricing.maximum), 'maximum'];
  return {
    quantity: decString(q),
    includedUnits: decString(included),
    billableQuantity: decString(billable),
    modelAmount: decString(amount),
    clampedBy,
    unroundedAmount: decString(final),
    breakdown,
  };
}

/** `rateCharge`, plus the amount rounded once to `currency`'s minor unit ("165.00", JPY "165"). */
export function rateChargeLine(pricing: Pricing, quantity: DecimalInput, currency: string): RatedLine {
  const rated = rateCharge(pricing, quantity);
  return { ...rated, currency, amount: formatAmount(rated.unroundedAmount, currency) };
}

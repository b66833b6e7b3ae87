import type { Tier } from './charge-schema';
import type { BreakdownRow, ModelResult } from './breakdown';
import { Dec, ZERO, decString, dec } from './decimal';

export type RateGraduatedOptions = { tiers: Tier[]; quantity: Dec };

/**
 * Each unit at the price of the tier it falls in; a tier's flat price once when any quantity falls
 * in it. Fractions fall by value: 1000.5 past a tier up to 1,000 puts 0.5 in the next tier.
 */
export function rateGraduated({ tiers, quantity }: RateGraduatedOptions): ModelResult {
  let amount = ZERO;
  let from = ZERO;
  const breakdown = tiers.map((tier, i): BreakdownRow => {
    const top = tier.upTo === null ? null : dec(tier.upTo);
    const upper = top === null ? quantity : Dec.min(quantity, top);
    const inTier = upper.gt(from) ? upper.minus(from) : ZERO;
    const flat = inTier.gt(0) ? dec(tier.flatPrice) : ZERO;
    const subtotal = inTier.mul(tier.unitPrice).plus(flat);
    amount = amount.plus(subtotal);
    const row: BreakdownRow = { tier: i, from: decString(from), upTo: tier.upTo, quantity: decString(inTier), unitPrice: decString(dec(tier.unitPrice)), flatPrice: decString(flat), subtotal: decString(subtotal) };
    if (top !== null) from = top;
    return row;
  });
  return { amount, breakdown };
}

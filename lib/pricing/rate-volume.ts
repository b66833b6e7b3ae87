import type { Tier } from './charge-schema';
import type { BreakdownRow, ModelResult } from './breakdown';
import { type Dec, ZERO, decString, dec } from './decimal';

export type RateVolumeOptions = { tiers: Tier[]; quantity: Dec };

/**
 * The whole quantity at the unit price of the tier its total lands in, plus that tier's flat price.
 * Zero usage costs nothing: no unit lands in any tier, so no flat price applies (as Lago's volume
 * model). Some systems bill the first tier's flat price at zero; we do not, because a customer who
 * used nothing expects no usage charge. A fixed fee belongs in a flat charge, a floor in `minimum`.
 */
/** The tier a quantity lands in (a tier holds from < q ≤ upTo); -1 for zero. */
export function tierOf(tiers: Tier[], quantity: Dec): number {
  return quantity.isZero() ? -1 : tiers.findIndex((t) => t.upTo === null || quantity.lte(t.upTo));
}

export function rateVolume({ tiers, quantity }: RateVolumeOptions): ModelResult {
  const landed = tierOf(tiers, quantity);
  let amount = ZERO;
  let from = ZERO;
  const breakdown = tiers.map((tier, i): BreakdownRow => {
    const row: BreakdownRow = { tier: i, from: decString(from), upTo: tier.upTo, quantity: '0', unitPrice: decString(dec(tier.unitPrice)), flatPrice: '0', subtotal: '0' };
    if (i === landed) {
      amount = quantity.mul(tier.unitPrice).plus(tier.flatPrice);
      Object.assign(row, { quantity: decString(quantity), flatPrice: decString(dec(tier.flatPrice)), subtotal: decString(amount) });
    }
    if (tier.upTo !== null) from = dec(tier.upTo);
    return row;
  });
  return { amount, breakdown };
}

import type { BreakdownRow, ModelResult } from './breakdown';
import { type Dec, decString, dec } from './decimal';

export type RatePerUnitOptions = { unitPrice: string; quantity: Dec };

/** Every billable unit at one price. */
export function ratePerUnit({ unitPrice, quantity }: RatePerUnitOptions): ModelResult {
  const amount = quantity.mul(unitPrice);
  const row: BreakdownRow = { from: '0', upTo: null, quantity: decString(quantity), unitPrice: decString(dec(unitPrice)), flatPrice: '0', subtotal: decString(amount) };
  return { amount, breakdown: [row] };
}

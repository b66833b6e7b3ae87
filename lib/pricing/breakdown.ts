import type { Dec } from './decimal';

/**
 * One row of a rated charge, exact decimal strings. Tiers hold the quantities q with
 * `from < q ≤ upTo` (`upTo` null: no bound), so a tier up to 1,000 holds the 1,000th unit.
 * Package rows price per package: `unitPrice` is the package price and `packages` the count.
 */
export type BreakdownRow = {
  /** Index of the tier in the pricing; absent for per_unit and package. */
  tier?: number;
  from: string;
  upTo: string | null;
  quantity: string;
  unitPrice: string;
  /** The tier's flat price where it is charged (some quantity in the tier), else 0. */
  flatPrice: string;
  subtotal: string;
  packages?: string;
};

/** What a pricing model answers for a billable quantity: the exact, unrounded amount. */
export type ModelResult = { amount: Dec; breakdown: BreakdownRow[] };

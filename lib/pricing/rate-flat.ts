import type { FlatCharge } from './charge-schema';
import { ZERO, decString, dec } from './decimal';

/** [start, end): a billing period, or a subscription's span (end null: still running). */
export type Span = { start: Date; end: Date | null };

export type RateFlatOptions = {
  charge: Pick<FlatCharge, 'amount' | 'prorate'>;
  period: { start: Date; end: Date };
  /** The subscription's span; only its overlap with the period is billed. */
  covered: Span;
};

export type RatedFlat = {
  /** Milliseconds of the period the subscription covers, and of the whole period. */
  coveredMs: number;
  periodMs: number;
  unroundedAmount: string;
};

/**
 * A flat fee for one billing period. A period is partial when the subscription starts after the
 * period's start or ends before its end; with `prorate` the fee is then amount × covered ms ÷
 * period ms (the month's real length, DST included), exact until the line rounds it. Without
 * `prorate`, any overlap bills the whole fee; no overlap bills nothing. `billing` (in advance or
 * in arrears) decides which invoice carries the fee, not its amount.
 */
export function rateFlat({ charge, period, covered }: RateFlatOptions): RatedFlat {
  const periodMs = period.end.getTime() - period.start.getTime();
  const from = Math.max(period.start.getTime(), covered.start.getTime());
  const to = Math.min(period.end.getTime(), covered.end?.getTime() ?? Infinity);
  const coveredMs = Math.max(to - from, 0);
  const amount = dec(charge.amount);
  let unrounded = ZERO;
  if (coveredMs === periodMs || (coveredMs > 0 && charge.prorate === false)) unrounded = amount;
  else if (coveredMs > 0) unrounded = amount.mul(coveredMs).div(periodMs);
  return { coveredMs, periodMs, unroundedAmount: decString(unrounded) };
}

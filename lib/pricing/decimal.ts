import Decimal from 'decimal.js';

/**
 * The Decimal every rating function computes with. decimal.js rounds each operation to 20
 * significant digits by default, and a price (18 + 12 digits) times a quantity needs up to 60,
 * so products here are exact; only a division (proration) rounds, at the 80th digit, far below
 * any minor unit. Plain notation, so `toString()` never answers "1e-7".
 */
export const Dec = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -9e15, toExpPos: 9e15 });
export type Dec = InstanceType<typeof Dec>;

/** A decimal string ("0.000002") or a decimal.js Decimal; never a JavaScript number. */
export type DecimalInput = string | Decimal;

export const dec = (v: DecimalInput): Dec => new Dec(v);

export const ZERO = new Dec(0);

/** Exact decimal string in plain notation, never "-0". */
export function decString(v: Dec): string {
  return v.isZero() ? '0' : v.toString();
}

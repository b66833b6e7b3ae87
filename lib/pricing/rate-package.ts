import type { ModelResult } from './breakdown';
import { type Dec, decString, dec } from './decimal';

export type RatePackageOptions = { packageSize: string; packagePrice: string; quantity: Dec };

/** Whole packages: ceil(quantity ÷ packageSize) × packagePrice; a partial package costs a full one. */
export function ratePackage({ packageSize, packagePrice, quantity }: RatePackageOptions): ModelResult {
  // divToInt and mod are exact, where a rounded quotient could land on a whole number by accident.
  const whole = quantity.divToInt(packageSize);
  const packages = quantity.mod(packageSize).isZero() ? whole : whole.plus(1);
  const amount = packages.mul(packagePrice);
  return {
    amount,
    breakdown: [{ from: '0', upTo: null, quantity: decString(quantity), unitPrice: decString(dec(packagePrice)), flatPrice: '0', subtotal: decString(amount), packages: decString(packages) }],
  };
}

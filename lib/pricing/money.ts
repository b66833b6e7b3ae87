import Decimal from 'decimal.js';
import { Dec, type DecimalInput, dec } from './decimal';

/**
 * ISO 4217 minor units of every code that is not 2 (List One, amendments up to 2024). We follow
 * ISO 4217, not CLDR: CLDR (which `Intl.NumberFormat` uses) shows 0 digits for currencies whose
 * small coins are out of use (IDR, HUF, COP, PKR, IQD, ...), but ISO 4217 still counts 2 (3 for
 * IQD) in amounts, and an invoice must not round away what it counts. `money.test.ts` lists
 * every code where the two disagree.
 */
const NOT_TWO: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

// ISO 4217 codes with 2 minor units that some ICU builds do not list in Intl.supportedValuesOf.
const OTHER_ISO = ['BOV', 'CHE', 'CHW', 'COU', 'MXV', 'USN', 'VED'];

const KNOWN = new Set([...Intl.supportedValuesOf('currency'), ...Object.keys(NOT_TWO), ...OTHER_ISO]);

/**
 * Whether `code` is a currency we can bill in: what the JavaScript engine knows, plus the ISO 4217
 * codes above. XDR and XSU (ISO: no minor unit, units of account) bill with the default 2.
 */
export function isCurrency(code: string): boolean {
  return KNOWN.has(code);
}

/** Digits after the decimal point in `currency`'s minor unit: JPY 0, USD 2, KWD 3, CLF 4. */
export function minorUnits(currency: string): number {
  if (!isCurrency(currency)) throw new RangeError(`unknown currency "${currency}"`);
  return NOT_TWO[currency] ?? 2;
}

/**
 * THE rounding rule: to the currency's minor unit, half away from zero (what Stripe, Lago and
 * OpenMeter do), so 0.125 USD → 0.13 and -0.125 → -0.13. Applied once per invoice line, never
 * inside a pricing model; a total is the sum of rounded lines.
 */
export function roundMoney(amount: DecimalInput, currency: string): Dec {
  const rounded = dec(amount).toDecimalPlaces(minorUnits(currency), Decimal.ROUND_HALF_UP);
  return rounded.isZero() ? new Dec(0) : rounded;
}

/** The rounded amount with exactly the currency's digits: "165.00", JPY "165", KWD "165.000". */
export function formatAmount(amount: DecimalInput, currency: string): string {
  return roundMoney(amount, currency).toFixed(minorUnits(currency));
}

import { AppError } from '@/lib/errors/app-error';
import type { FlatCharge, VersionContent } from './charge-schema';
import { type DecimalInput, ZERO, dec } from './decimal';
import { formatAmount, roundMoney } from './money';
import { type RatedLine, rateChargeLine } from './rate-charge';
import { type Span, rateFlat } from './rate-flat';

/** Key of the true-up line; charge keys cannot contain "$", so it never clashes with one. */
export const MINIMUM_SPEND_KEY = '$minimum_spend';

export type FlatLine = {
  type: 'flat';
  key: string;
  name: string;
  billing: FlatCharge['billing'];
  coveredMs: number;
  periodMs: number;
  unroundedAmount: string;
  amount: string;
};
export type UsageLine = RatedLine & { type: 'usage'; key: string; name: string; meter: string };
export type MinimumSpendLine = { type: 'minimum_spend'; key: typeof MINIMUM_SPEND_KEY; name: string; unroundedAmount: string; amount: string };
export type PeriodLine = FlatLine | UsageLine | MinimumSpendLine;

export type RatePeriodOptions = {
  content: VersionContent;
  /** Each usage charge's quantity for the period, by charge key. */
  quantities: Record<string, DecimalInput>;
  period: { start: Date; end: Date };
  /** The subscription's span; flat fees prorate to its overlap with the period. */
  covered: Span;
  currency: string;
};

export type RatedPeriod = { currency: string; lines: PeriodLine[]; total: string };

/**
 * One billing period of a plan version: a line per charge, each rounded once to the currency's
 * minor unit; then, when those rounded lines sum below `minimumSpend`, a true-up line for the
 * difference (not prorated). The total is the sum of the rounded lines. Flat lines carry `billing`
 * so an invoice can bill in-advance fees at the period's start.
 */
export function ratePeriod({ content, quantities, period, covered, currency }: RatePeriodOptions): RatedPeriod {
  const lines: PeriodLine[] = content.charges.map((charge): PeriodLine => {
    if (charge.type === 'flat') {
      const rated = rateFlat({ charge, period, covered });
      return { type: 'flat', key: charge.key, name: charge.name, billing: charge.billing, ...rated, amount: formatAmount(rated.unroundedAmount, currency) };
    }
    const quantity = quantities[charge.key];
    if (quantity === undefined) throw new AppError('bad_request', `No quantity for usage charge "${charge.key}".`, { key: charge.key });
    return { type: 'usage', key: charge.key, name: charge.name, meter: charge.meter, ...rateChargeLine(charge, quantity, currency) };
  });
  let total = lines.reduce((sum, line) => sum.plus(line.amount), ZERO);
  if (content.minimumSpend != null && total.lt(content.minimumSpend)) {
    const trueUp = dec(content.minimumSpend).minus(total);
    lines.push({ type: 'minimum_spend', key: MINIMUM_SPEND_KEY, name: 'Minimum spend', unroundedAmount: trueUp.toString(), amount: formatAmount(trueUp, currency) });
    total = total.plus(roundMoney(trueUp, currency));
  }
  return { currency, lines, total: formatAmount(total, currency) };
}

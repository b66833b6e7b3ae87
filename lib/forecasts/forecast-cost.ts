import { AppError } from '@/lib/errors/app-error';
import type { UsageCharge, VersionContent } from '@/lib/pricing/charge-schema';
import { Dec, type DecimalInput, ZERO, dec, decString } from '@/lib/pricing/decimal';
import { formatAmount } from '@/lib/pricing/money';
import { rateCharge } from '@/lib/pricing/rate-charge';
import { type PeriodLine, type RatedPeriod, ratePeriod } from '@/lib/pricing/rate-period';
import type { Span } from '@/lib/pricing/rate-flat';
import { tierOf } from '@/lib/pricing/rate-volume';
import type { ForecastRange } from './forecast-usage';

/** A usage charge's quantity so far and its end-of-period forecast (from `forecastUsage`). */
export type ChargeQuantityForecast = ForecastRange & { soFar: DecimalInput };

export type ForecastCostOptions = {
  content: VersionContent;
  /** By usage charge key. */
  quantities: Record<string, ChargeQuantityForecast>;
  period: { start: Date; end: Date };
  covered: Span;
  currency: string;
};

/**
 * One line of the forecast invoice. `cost.low` and `cost.high` are the line's amounts in the
 * cheapest and the dearest case, so a minimum-spend true-up is larger at the low end.
 */
export type ChargeCostForecast = { key: string; name: string; type: PeriodLine['type']; quantity: ForecastRange | null; cost: ForecastRange };

export type CostForecast = { currency: string; charges: ChargeCostForecast[]; total: ForecastRange; notes: string[] };

/**
 * The period's cost at the forecast quantities: each of point, low and high is rated by
 * `ratePeriod`, so tiers, included units, minimums, flat fees and the minimum spend apply exactly
 * as on the invoice; a cost is never a straight line drawn through the cost so far. A charge's
 * cost range is the lowest and highest cost over its quantity range (a volume tier can price
 * more units for less); the total's range adds the ends of the charges' ranges, as if they all
 * moved together, which is the cautious reading for charges driven by the same activity.
 */
export function forecastCost({ content, quantities, period, covered, currency }: ForecastCostOptions): CostForecast {
  const rate = (pick: (key: string, charge: UsageCharge) => Dec) => {
    const chosen: Record<string, string> = {};
    for (const charge of content.charges) if (charge.type === 'usage') chosen[charge.key] = decString(pick(charge.key, charge));
    return ratePeriod({ content, quantities: chosen, period, covered, currency });
  };
  const q = (key: string) => {
    const forecast = quantities[key];
    if (forecast === undefined) throw new AppError('bad_request', `No forecast for usage charge "${key}".`, { key });
    return forecast;
  };
  const point = rate((key) => dec(q(key).point));
  const low = rate((key, charge) => extreme(charge, q(key), 'min'));
  const high = rate((key, charge) => extreme(charge, q(key), 'max'));

  // The same charges in the same order at each end; only a minimum-spend line may come and go.
  const keys = [...new Set([point, low, high].flatMap((r) => r.lines.map((l) => l.key)))];
  const amount = (rated: RatedPeriod, key: string) => rated.lines.find((l) => l.key === key)?.amount ?? formatAmount(ZERO, currency);
  const charges = keys.map((key): ChargeCostForecast => {
    const line = [point, low, high].flatMap((r) => r.lines).find((l) => l.key === key)!;
    const forecast = line.type === 'usage' ? q(key) : null;
    return {
      key,
      name: line.name,
      type: line.type,
      quantity: forecast && { point: forecast.point, low: forecast.low, high: forecast.high },
      cost: { point: amount(point, key), low: amount(low, key), high: amount(high, key) },
    };
  });

  const notes = content.charges.flatMap((charge) => (charge.type === 'usage' ? tierNotes(charge, q(charge.key)) : []));
  return { currency, charges, total: { point: point.total, low: low.total, high: high.total }, notes };
}

/**
 * The quantity in [low, high] where a charge costs least ('min') or most ('max'). Graduated,
 * per-unit and package pricing never cost less for more, but a volume tier can: the candidates
 * are the ends and, for volume tiers, each boundary inside the range and the smallest quantity
 * past it (12 decimals, the finest a price list holds).
 */
function extreme(charge: UsageCharge, forecast: ChargeQuantityForecast, want: 'min' | 'max'): Dec {
  const low = dec(forecast.low);
  const high = dec(forecast.high);
  const candidates = [low, high];
  if (charge.model === 'volume') {
    const included = dec(charge.includedUnits);
    for (const tier of charge.tiers) {
      if (tier.upTo === null) continue;
      const at = included.plus(tier.upTo);
      for (const c of [at, at.plus('1e-12')]) if (c.gt(low) && c.lt(high)) candidates.push(c);
    }
  }
  const cost = (quantity: Dec) => dec(rateCharge(charge, quantity).unroundedAmount);
  return candidates.reduce((best, c) => ((want === 'min' ? cost(c).lt(cost(best)) : cost(c).gt(cost(best))) ? c : best));
}

/** Plain-language notes when the forecast uses up the included units or reaches a new tier. */
function tierNotes(charge: UsageCharge, forecast: ChargeQuantityForecast): string[] {
  const included = dec(charge.includedUnits);
  const soFar = dec(forecast.soFar);
  const point = dec(forecast.point);
  const notes: string[] = [];
  if (included.gt(0) && soFar.lte(included) && point.gt(included)) {
    notes.push(`${charge.name}: the forecast of ${decString(point)} uses up the ${decString(included)} included units; the rest is billed.`);
  }
  if (charge.model !== 'graduated' && charge.model !== 'volume') return notes;
  const billable = (q: Dec) => Dec.max(q.minus(included), ZERO);
  const from = Math.max(tierOf(charge.tiers, billable(soFar)), 0);
  const to = tierOf(charge.tiers, billable(point));
  if (to <= from) return notes;
  // Boundaries in the customer's units: included units first, then the tier's upTo.
  const passed = charge.tiers.slice(from, to).map((t) => decString(included.plus(t.upTo!)));
  const price = decString(dec(charge.tiers[to].unitPrice));
  const then = charge.model === 'volume' ? `at that volume every unit costs ${price}` : `units above ${passed[passed.length - 1]} cost ${price} each`;
  notes.push(`${charge.name}: the forecast of ${decString(point)} passes ${passed.join(' and ')}; ${then}.`);
  return notes;
}

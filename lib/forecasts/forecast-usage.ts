import { Dec, type DecimalInput, dec, decString } from '@/lib/pricing/decimal';
import { calibration, cumulativeVariance, dayNumber, fitHolt, forecastTotal, t90, weekday, weekdayFactors, weekdayOf } from './daily-model';

/** One local day's usage; days with no usage may be left out (they count as 0). */
export type DailyUsage = { day: string; quantity: string };

/** An end-of-period quantity and its 80% range, exact decimal strings. */
export type ForecastRange = { point: string; low: string; high: string };

export type UsageForecast = {
  quantity: ForecastRange;
  /** `seasonal_damped_trend`: the model; `daily_average`: under a week of history; `none`: nothing to go on or nothing left. */
  method: 'seasonal_damped_trend' | 'daily_average' | 'none';
  confidence: 'normal' | 'low';
  note: string;
};

export type ForecastUsageOptions = {
  /** Daily usage, local dates (YYYY-MM-DD): up to 8 weeks before the period and its days so far, today's partial day included. */
  history: DailyUsage[];
  /** The first day the history covers (the customer's first day, or 8 weeks back); default: the earliest day in `history`. */
  historyStart?: string;
  /** Every day of the current period, in order, in the customer's zone. */
  periodDays: string[];
  /** The current day: one of `periodDays`. */
  today: string;
  /** How much of `today` has passed, 0 to 1. */
  todayElapsed: number;
  /** The exact quantity of the period so far; the low end of the range never goes below it. */
  soFar: DecimalInput;
};

/** History older than this many days before the period is not used. */
const MAX_HISTORY_DAYS = 56;
/** Under two weeks, each weekday has been seen once: the model runs but says its range is rough. */
const ROUGH_DAYS = 14;
/** Before this share of the period has passed, most of it is ahead and the note says so. */
const EARLY_SHARE = 0.25;
/** Under a week of history, a day is assumed to vary at least this much (coefficient of variation). */
const MIN_CV_SHORT = 0.5;

/**
 * The period's end-of-period quantity: what is used so far plus a forecast of the rest of today
 * and the days left, with an 80% range. With a week or more of complete days: weekday factors
 * and Holt's damped trend on the deseasonalised days (`daily-model.ts`), the range from the
 * model's one-step errors carried through the horizon, widened by what its in-sample forecasts
 * of the same horizon missed and by Student's t for the fit's degrees of freedom. Under a week: the mean day, with a wide range. Never negative, and the low
 * end is never below `soFar`.
 */
export function forecastUsage({ history, historyStart, periodDays, today, todayElapsed, soFar }: ForecastUsageOptions): UsageForecast {
  const index = periodDays.indexOf(today);
  if (index < 0) throw new RangeError(`today (${today}) is not a day of the period`);
  if (!(todayElapsed >= 0 && todayElapsed <= 1)) throw new RangeError(`todayElapsed must be between 0 and 1, got ${todayElapsed}`);
  const sofar = dec(soFar);
  if (sofar.isNegative()) throw new RangeError('soFar must not be negative');

  // Today's unused part, then each day after it.
  const ahead = [today, ...periodDays.slice(index + 1)];
  const weights = [1 - todayElapsed, ...ahead.slice(1).map(() => 1)];
  if (daysLeft(weights) === 0) return exact(sofar, 'The period is over: this is its final quantity.');

  const todayNumber = dayNumber(today);
  const byDay = new Map<number, number>();
  for (const { day, quantity } of history) byDay.set(dayNumber(day), (byDay.get(dayNumber(day)) ?? 0) + Number(quantity));
  const earliest = historyStart !== undefined ? dayNumber(historyStart) : Math.min(...byDay.keys(), todayNumber);
  const first = Math.max(earliest, dayNumber(periodDays[0]) - MAX_HISTORY_DAYS);
  const complete: number[] = [];
  const dow: number[] = [];
  for (let d = first; d < todayNumber; d++) {
    complete.push(Math.max(byDay.get(d) ?? 0, 0));
    dow.push(weekdayOf(d));
  }
  const partial = Math.max(byDay.get(todayNumber) ?? 0, 0);

  if (complete.length >= 7) return model(complete, dow, ahead, weights, sofar, index / periodDays.length);
  return shortHistory(complete, partial, todayElapsed, daysLeft(weights), sofar);
}

function model(x: number[], dow: number[], ahead: string[], weights: number[], sofar: Dec, elapsedShare: number): UsageForecast {
  const factors = weekdayFactors(x, dow);
  const scaled = ahead.map((day, k) => weights[k] * factors[weekday(day)]);
  const daily = dow.map((d) => factors[d]);
  const fit = fitHolt(x, daily, ahead.length);
  const remaining = forecastTotal(fit, scaled);
  const rough = x.length < ROUGH_DAYS;
  let spread = t90(fit.dof) * calibration(fit, daily) * Math.sqrt(cumulativeVariance(fit, scaled));
  // Under two weeks the fit has too few days to check its range against: no narrower than the
  // mean-day range a week of usage gets, so the range shrinks only as the history grows.
  if (rough) spread = Math.max(spread, meanDaySpread(x, x.length, x.reduce((a, b) => a + b, 0) / x.length, daysLeft(weights)));
  const note = rough
    ? `Less than two weeks of usage (${x.length} days): the weekday pattern and trend are rough, so the range is wider.`
    : elapsedShare < EARLY_SHARE
      ? `Early in the period: most of it is still ahead, so the range is wide. From ${x.length} days of usage, by weekday and recent trend.`
      : `From ${x.length} days of usage, by weekday and recent trend.`;
  return { quantity: range(sofar, remaining, spread), method: 'seasonal_damped_trend', confidence: rough ? 'low' : 'normal', note };
}

/**
 * Under a week: the mean complete day (or today's pace when there is none) for every day left.
 */
function shortHistory(x: number[], partial: number, todayElapsed: number, daysLeft: number, sofar: Dec): UsageForecast {
  const seen = x.length > 0 ? x.length : todayElapsed;
  const rate = x.length > 0 ? x.reduce((a, b) => a + b, 0) / x.length : todayElapsed > 0 ? partial / todayElapsed : 0;
  if (seen === 0 || rate === 0) {
    return { ...exact(sofar, 'No usage yet: there is nothing to forecast from.'), confidence: 'low' };
  }
  const note = x.length > 0 ? `Less than a week of usage (${x.length} days): the range is wide.` : 'Less than a day of usage: the range is wide.';
  return { quantity: range(sofar, rate * daysLeft, meanDaySpread(x, seen, rate, daysLeft)), method: 'daily_average', confidence: 'low', note };
}

/**
 * The 80% half-width when little history is known: each day is assumed to vary by at least half
 * the mean day (a few days cannot show a weekly pattern or a trend), and the mean itself is
 * uncertain by that over √(days seen), so the range widens with the days left.
 */
function meanDaySpread(x: number[], seen: number, rate: number, daysLeft: number): number {
  const sampleVar = x.length > 1 ? x.reduce((a, v) => a + (v - rate) ** 2, 0) / (x.length - 1) : 0;
  const dayVar = Math.max(sampleVar, (MIN_CV_SHORT * rate) ** 2);
  return t90(x.length - 1) * Math.sqrt(daysLeft * dayVar + (daysLeft ** 2 * dayVar) / seen);
}

const daysLeft = (weights: number[]) => weights.reduce((a, b) => a + b, 0);

function exact(sofar: Dec, note: string): UsageForecast {
  const q = decString(sofar);
  return { quantity: { point: q, low: q, high: q }, method: 'none', confidence: 'normal', note };
}

/**
 * so far + the forecast, with the forecast rounded to 4 significant digits of the high end (a
 * forecast is not exact, and 12,345.678 would pretend it is). The low end is at least `sofar`.
 */
function range(sofar: Dec, remaining: number, spread: number): ForecastRange {
  const point = sofar.plus(remaining);
  const low = sofar.plus(Math.max(remaining - spread, 0));
  const high = sofar.plus(remaining + spread);
  if (high.isZero()) return { point: '0', low: '0', high: '0' };
  const step = new Dec(10).pow(high.e - 3); // `e`: the exponent, floor(log10 high), without a costly log
  const round = (v: Dec) => v.div(step).round().mul(step);
  const lowR = Dec.max(round(low), sofar);
  const pointR = Dec.max(round(point), lowR);
  const highR = Dec.max(round(high), pointR);
  return { point: decString(pointR), low: decString(lowR), high: decString(highR) };
}

import { describe, expect, it } from 'vitest';
import { cumulativeVariance, fitHolt, weekday, weekdayFactors } from './daily-model';
import { type DailyUsage, forecastUsage } from './forecast-usage';

// November 2026: 30 days, the 1st a Sunday. Eight weeks before it start on September 6th.
const NOVEMBER = Array.from({ length: 30 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
const EIGHT_WEEKS_BACK = '2026-09-06';

/** Daily usage from `from` up to (not including) `to`, each day's quantity from its weekday. */
function days(from: string, to: string, quantity: (weekday: number) => string): DailyUsage[] {
  const out: DailyUsage[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d < new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    out.push({ day: d.toISOString().slice(0, 10), quantity: quantity(d.getUTCDay()) });
  }
  return out;
}

const flat = () => '100';
// Monday to Friday 100, Saturday 20, Sunday 10.
const weekly = (w: number) => (w === 0 ? '10' : w === 6 ? '20' : '100');

describe('forecastUsage: hand-computed cases', () => {
  it.each([
    {
      name: 'a flat series forecasts flat: 1,400 so far + 16 days × 100, no spread without noise',
      history: days(EIGHT_WEEKS_BACK, '2026-11-15', flat), today: '2026-11-15', elapsed: 0, soFar: '1400',
      quantity: { point: '3000', low: '3000', high: '3000' }, method: 'seasonal_damped_trend', confidence: 'normal', note: 'From 70 days of usage, by weekday and recent trend.',
    },
    {
      // Left: Sundays 15, 22, 29 (3 × 10), Saturdays 21, 28 (2 × 20), 11 weekdays × 100 = 1,170.
      // So far: 2 Sundays, 2 Saturdays, 10 weekdays = 1,060. A straight line would say 2,271.4.
      name: 'a pure weekly pattern forecasts the remaining weekdays: 1,060 + 1,170',
      history: days(EIGHT_WEEKS_BACK, '2026-11-15', weekly), today: '2026-11-15', elapsed: 0, soFar: '1060',
      quantity: { point: '2230', low: '2230', high: '2230' }, method: 'seasonal_damped_trend', confidence: 'normal', note: 'From 70 days of usage, by weekday and recent trend.',
    },
    {
      // A weekday factor of 0 says nothing about the level: weekends stay 0, 11 weekdays × 100 are left.
      name: 'weekends without usage stay at zero: 1,000 + 1,100',
      history: days(EIGHT_WEEKS_BACK, '2026-11-15', (w) => (w === 0 || w === 6 ? '0' : '100')), today: '2026-11-15', elapsed: 0, soFar: '1000',
      quantity: { point: '2100', low: '2100', high: '2100' }, method: 'seasonal_damped_trend', confidence: 'normal', note: 'From 70 days of usage, by weekday and recent trend.',
    },
    {
      name: 'the partial current day: half of today (50) + 15 days × 100 left',
      history: [...days(EIGHT_WEEKS_BACK, '2026-11-15', flat), { day: '2026-11-15', quantity: '50' }], today: '2026-11-15', elapsed: 0.5, soFar: '1450',
      quantity: { point: '3000', low: '3000', high: '3000' }, method: 'seasonal_damped_trend', confidence: 'normal', note: 'From 70 days of usage, by weekday and recent trend.',
    },
    {
      name: 'zero history: nothing to forecast from',
      history: [], today: '2026-11-01', elapsed: 0, soFar: '0',
      quantity: { point: '0', low: '0', high: '0' }, method: 'none', confidence: 'low', note: 'No usage yet: there is nothing to forecast from.',
    },
    {
      name: 'an all-zero series (absent days count as 0 from historyStart) forecasts zero',
      history: [], historyStart: EIGHT_WEEKS_BACK, today: '2026-11-15', elapsed: 0, soFar: '0',
      quantity: { point: '0', low: '0', high: '0' }, method: 'seasonal_damped_trend', confidence: 'normal', note: 'From 70 days of usage, by weekday and recent trend.',
    },
    {
      name: 'early in the period it says so',
      history: days(EIGHT_WEEKS_BACK, '2026-11-04', flat), today: '2026-11-04', elapsed: 0, soFar: '300',
      quantity: { point: '3000', low: '3000', high: '3000' }, method: 'seasonal_damped_trend', confidence: 'normal',
      note: 'Early in the period: most of it is still ahead, so the range is wide. From 59 days of usage, by weekday and recent trend.',
    },
    {
      // The model's range is 0 without noise, but under two weeks it is no narrower than the mean
      // day's: t(0.90, 9 dof) × √(20 × 50² + 20² × 50² ÷ 10) = 1.383 × 387.30 = 535.63.
      name: 'ten days of a new customer: the model runs, with low confidence and the mean-day range',
      history: days('2026-11-01', '2026-11-11', flat), today: '2026-11-11', elapsed: 0, soFar: '1000',
      quantity: { point: '3000', low: '2464', high: '3536' }, method: 'seasonal_damped_trend', confidence: 'low',
      note: 'Less than two weeks of usage (10 days): the weekday pattern and trend are rough, so the range is wider.',
    },
    {
      // Mean day 100; each day's variance at least (0.5 × 100)² = 2,500 (the sample's is 400);
      // 27 days left: t(0.90, 2 dof) × √(27 × 2,500 + 27² × 2,500 ÷ 3) = 1.886 × 821.58 = 1,549.51.
      name: 'three days of usage: the mean day, a wide range',
      history: [{ day: '2026-11-01', quantity: '100' }, { day: '2026-11-02', quantity: '120' }, { day: '2026-11-03', quantity: '80' }], today: '2026-11-04', elapsed: 0, soFar: '300',
      quantity: { point: '3000', low: '1450', high: '4550' }, method: 'daily_average', confidence: 'low', note: 'Less than a week of usage (3 days): the range is wide.',
    },
    {
      // 30 in a quarter of a day: 120 a day for 29.75 days left; variance 29.75 × 60² + 29.75² × 60² ÷ 0.25
      // = 12,852,000; t(0.90, 1 dof) × 3,584.97 = 11,034.5; the low end stops at the 30 so far.
      name: 'a quarter of the first day: today\'s pace, the low end at the quantity so far',
      history: [{ day: '2026-11-01', quantity: '30' }], today: '2026-11-01', elapsed: 0.25, soFar: '30',
      quantity: { point: '3600', low: '30', high: '14630' }, method: 'daily_average', confidence: 'low', note: 'Less than a day of usage: the range is wide.',
    },
    {
      name: 'the period is over: its final quantity, exactly',
      history: days(EIGHT_WEEKS_BACK, '2026-12-01', flat), today: '2026-11-30', elapsed: 1, soFar: '3000.000000000001',
      quantity: { point: '3000.000000000001', low: '3000.000000000001', high: '3000.000000000001' }, method: 'none', confidence: 'normal', note: 'The period is over: this is its final quantity.',
    },
    {
      name: 'history older than eight weeks before the period is ignored',
      history: [...days('2026-06-01', EIGHT_WEEKS_BACK, () => '100000'), ...days(EIGHT_WEEKS_BACK, '2026-11-15', flat)], today: '2026-11-15', elapsed: 0, soFar: '1400',
      quantity: { point: '3000', low: '3000', high: '3000' }, method: 'seasonal_damped_trend', confidence: 'normal', note: 'From 70 days of usage, by weekday and recent trend.',
    },
  ])('$name', ({ history, historyStart, today, elapsed, soFar, quantity, method, confidence, note }) => {
    expect(forecastUsage({ history, historyStart, periodDays: NOVEMBER, today, todayElapsed: elapsed, soFar })).toEqual({ quantity, method, confidence, note });
  });

  it('an uneven weekly pattern is carried forward exactly', () => {
    // Sun..Sat 95, 99, 103, 96, 100, 104, 97 (694 a week). Left from Sunday the 15th: two weeks
    // (1,388) and Sunday 29th + Monday 30th (95 + 99): 1,582 on top of 1,400.
    const pattern = (w: number) => String([95, 99, 103, 96, 100, 104, 97][w]);
    const f = forecastUsage({ history: days(EIGHT_WEEKS_BACK, '2026-11-15', pattern), periodDays: NOVEMBER, today: '2026-11-15', todayElapsed: 0, soFar: '1400' });
    expect(f.quantity).toEqual({ point: '2982', low: '2982', high: '2982' });
  });

  it('a flat noisy series: the point stays within its daily range, the range is real but narrower than every day at an extreme', () => {
    // Days of 95..105 repeating every 11 days (no weekly pattern, no trend); 16 days are ahead.
    const noisy = days(EIGHT_WEEKS_BACK, '2026-11-15', () => '').map((d, t) => ({ ...d, quantity: String(100 + ((t * 37) % 11) - 5) }));
    const f = forecastUsage({ history: noisy, periodDays: NOVEMBER, today: '2026-11-15', todayElapsed: 0, soFar: '1400' });
    const [low, point, high] = [f.quantity.low, f.quantity.point, f.quantity.high].map(Number);
    // 1,400 + 16 × 95 = 2,920 and 1,400 + 16 × 105 = 3,080.
    expect(point).toBeGreaterThanOrEqual(2920);
    expect(point).toBeLessThanOrEqual(3080);
    expect(low).toBeGreaterThanOrEqual(1400);
    expect(low).toBeLessThan(point);
    expect(high).toBeGreaterThan(point);
    expect(high - low).toBeLessThan(3080 - 2920);
    expect(f).toMatchObject({ method: 'seasonal_damped_trend', confidence: 'normal' });
  });

  it.each([
    ['today outside the period', { today: '2026-12-01', todayElapsed: 0 }, /not a day of the period/],
    ['an elapsed fraction above 1', { today: '2026-11-15', todayElapsed: 1.5 }, /between 0 and 1/],
    ['a malformed date', { today: '2026-11-15', todayElapsed: 0, history: [{ day: '15/11/2026', quantity: '1' }] }, /not a date/],
  ])('rejects %s', (_name, input, message) => {
    expect(() => forecastUsage({ history: [], periodDays: NOVEMBER, soFar: '0', ...input })).toThrow(message);
  });
});

describe('the model underneath', () => {
  it('reads weekdays from the calendar date alone', () => {
    expect(['2026-11-01', '2026-11-02', '2026-11-07', '2028-02-29'].map(weekday)).toEqual([0, 1, 6, 2]);
  });

  it('recovers a clean weekly pattern exactly: Mon-Fri 100, Sat 20, Sun 10 over a weekly mean of 530/7', () => {
    const x = days(EIGHT_WEEKS_BACK, '2026-11-01', weekly).map((d) => Number(d.quantity));
    const dow = x.map((_, t) => t % 7); // September 6th is a Sunday
    const expected = [10, 100, 100, 100, 100, 100, 20].map((v) => (v * 7) / 530);
    weekdayFactors(x, dow).forEach((f, d) => expect(f).toBeCloseTo(expected[d], 12));
  });

  it('halves a pattern seen for only one week toward 1', () => {
    const x = [10, 100, 100, 100, 100, 100, 20];
    const expected = [10, 100, 100, 100, 100, 100, 20].map((v) => 1 + ((v * 7) / 530 - 1) / 2);
    weekdayFactors(x, [0, 1, 2, 3, 4, 5, 6]).forEach((f, d) => expect(f).toBeCloseTo(expected[d], 12));
  });

  it('carries a day\'s error into the next day: variance × ((1 + α + βφ)² + 1) for two days', () => {
    // α = 0.1, β = 0.01, φ = 0.98: day 1's error moves day 2's forecast by 0.1 + 0.0098.
    const fit = { ...fitHolt([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 1, 1, 1, 1, 1, 1, 1], 2), variance: 4 };
    expect(cumulativeVariance(fit, [1, 1])).toBeCloseTo(4 * (1.1098 ** 2 + 1), 12);
  });
});

import { describe, expect, it } from 'vitest';
import { forecastUsage } from './forecast-usage';

// The backtest: synthetic 30-day periods, each after 8 weeks of history, with a weekday
// pattern, a linear trend and noise; forecasts made after day 7 and day 15 against the
// straight-line projection `usage so far ÷ elapsed fraction`. Seeded, so every run is the same.

/** mulberry32: a small seeded PRNG (Tommy Ettinger), uniform in [0, 1). */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PERIODS = 300;
const HISTORY = 56;
const LENGTH = 30;
const ORIGINS = [7, 15] as const;
const iso = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

type Period = { days: string[]; quantities: number[] };

/**
 * One simulated customer: a level of 50-5,050 a day, growing -0.5% to +1.5% of it per day
 * (linear), weekday factors of 1-1.4 and weekend ones of 0.3-0.8, and Gaussian noise with a
 * coefficient of variation of 5-30%; quantities with 3 decimals. The period starts on any
 * weekday.
 */
function simulate(rand: () => number, index: number): Period {
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const base = 50 + rand() * 5000;
  const growth = -0.005 + rand() * 0.02;
  const cv = 0.05 + rand() * 0.25;
  const weekend = () => 0.3 + rand() * 0.5;
  const weekday = () => 1 + rand() * 0.4;
  const pattern = [weekend(), weekday(), weekday(), weekday(), weekday(), weekday(), weekend()];
  const start = 20454 + (index % 7); // 2026-01-01 onwards
  const days: string[] = [];
  const quantities: number[] = [];
  for (let t = 0; t < HISTORY + LENGTH; t++) {
    const n = start - HISTORY + t;
    const expected = base * (1 + growth * t) * pattern[new Date(n * 86_400_000).getUTCDay()];
    days.push(iso(n));
    quantities.push(Math.round(Math.max(expected * (1 + cv * normal()), 0) * 1000) / 1000);
  }
  return { days, quantities };
}

describe('backtest on synthetic periods', () => {
  const rand = mulberry32(20261130);
  const periods = Array.from({ length: PERIODS }, (_, i) => simulate(rand, i));

  it.each(ORIGINS)(`forecasts made after day %i of ${LENGTH} beat the straight line; the 80-percent range holds 70 to 90 percent of ${PERIODS} periods`, (elapsed) => {
    let model = 0;
    let line = 0;
    let covered = 0;
    for (const { days, quantities } of periods) {
      const periodDays = days.slice(HISTORY);
      const truth = sum(quantities.slice(HISTORY));
      const soFar = sum(quantities.slice(HISTORY, HISTORY + elapsed));
      const f = forecastUsage({
        history: days.slice(0, HISTORY + elapsed).map((day, t) => ({ day, quantity: quantities[t].toFixed(3) })),
        periodDays,
        today: periodDays[elapsed],
        todayElapsed: 0,
        soFar: soFar.toFixed(3),
      });
      model += Math.abs(Number(f.quantity.point) - truth) / truth;
      line += Math.abs(soFar / (elapsed / LENGTH) - truth) / truth;
      if (Number(f.quantity.low) <= truth && truth <= Number(f.quantity.high)) covered++;
    }
    const [mapeModel, mapeLine, coverage] = [model / PERIODS, line / PERIODS, covered / PERIODS];
    console.log(`backtest day ${elapsed}: MAPE model ${(100 * mapeModel).toFixed(2)}%, straight line ${(100 * mapeLine).toFixed(2)}%, 80% range held the truth in ${(100 * coverage).toFixed(1)}% of ${PERIODS} periods`);
    expect(mapeModel).toBeLessThan(mapeLine);
    expect(coverage).toBeGreaterThanOrEqual(0.7);
    expect(coverage).toBeLessThanOrEqual(0.9);
  });

  it('a newer customer gets a wider range than one with eight weeks of the same usage, and low confidence', () => {
    const widths = { short: 0, twoWeeks: 0, long: 0 };
    for (const { days, quantities } of periods.slice(0, 50)) {
      const periodDays = days.slice(HISTORY);
      const soFar = sum(quantities.slice(HISTORY, HISTORY + 5)).toFixed(3);
      const forecast = (from: number) =>
        forecastUsage({ history: days.slice(from, HISTORY + 5).map((day, t) => ({ day, quantity: quantities[from + t].toFixed(3) })), periodDays, today: periodDays[5], todayElapsed: 0, soFar });
      const width = ({ quantity: q }: ReturnType<typeof forecast>) => (Number(q.high) - Number(q.low)) / Number(q.point);
      const [short, twoWeeks, long] = [forecast(HISTORY), forecast(HISTORY - 5), forecast(0)];
      expect([short.method, short.confidence, twoWeeks.method, twoWeeks.confidence, long.confidence]).toEqual(['daily_average', 'low', 'seasonal_damped_trend', 'low', 'normal']);
      widths.short += width(short) / 50;
      widths.twoWeeks += width(twoWeeks) / 50;
      widths.long += width(long) / 50;
    }
    console.log(`mean range width ÷ point after day 5: 5 days of history ${widths.short.toFixed(3)}, 10 days ${widths.twoWeeks.toFixed(3)}, 61 days ${widths.long.toFixed(3)}`);
    expect(widths.short).toBeGreaterThan(widths.twoWeeks);
    expect(widths.twoWeeks).toBeGreaterThan(widths.long);
  });
});

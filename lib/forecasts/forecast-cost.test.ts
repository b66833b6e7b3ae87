import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors/app-error';
import { versionContentSchema } from '@/lib/pricing/charge-schema';
import { type ChargeQuantityForecast, forecastCost } from './forecast-cost';

const PERIOD = { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-12-01T00:00:00Z') };
const COVERED = { start: new Date('2026-01-01T00:00:00Z'), end: null };

const PLATFORM = { type: 'flat', key: 'platform', name: 'Platform', amount: '20' };
// Free to 1,000, then 0.01 to 10,000, then 0.005.
const API = {
  type: 'usage', key: 'api', name: 'API calls', meter: 'api-calls', model: 'graduated',
  tiers: [{ upTo: '1000', unitPrice: '0' }, { upTo: '10000', unitPrice: '0.01' }, { upTo: null, unitPrice: '0.005' }],
};
// 1 a unit up to 100; past 100, every unit at 0.5.
const SEATS = { type: 'usage', key: 'seats', name: 'Seats', meter: 'seats', model: 'volume', tiers: [{ upTo: '100', unitPrice: '1' }, { upTo: null, unitPrice: '0.5' }] };
const STORAGE = { type: 'usage', key: 'storage', name: 'Storage', meter: 'storage', model: 'per_unit', unitPrice: '0.02', includedUnits: '1000' };

const q = (soFar: string, point: string, low: string, high: string): ChargeQuantityForecast => ({ soFar, point, low, high });
type Row = {
  name: string;
  charges: object[];
  minimumSpend?: string;
  quantities: Record<string, ChargeQuantityForecast>;
  costs: Record<string, { point: string; low: string; high: string }>;
  total: { point: string; low: string; high: string };
  notes: string[];
};
const costOf = (charges: { key: string; cost: object }[]) => Object.fromEntries(charges.map((c) => [c.key, c.cost]));

describe('forecastCost: the forecast quantities rated like an invoice, every amount by hand', () => {
  it.each<Row>([
    {
      // point 12,000: 9,000 × 0.01 + 2,000 × 0.005 = 100; low 9,000: 8,000 × 0.01 = 80;
      // high 15,000: 90 + 5,000 × 0.005 = 115. A straight line through the price at 12,000
      // (100 ÷ 12,000 a unit) would put 15,000 at 125.
      name: 'a forecast crossing graduated tiers is rated by the tiers',
      charges: [PLATFORM, API], quantities: { api: q('800', '12000', '9000', '15000') },
      costs: { platform: { point: '20.00', low: '20.00', high: '20.00' }, api: { point: '100.00', low: '80.00', high: '115.00' } },
      total: { point: '120.00', low: '100.00', high: '135.00' },
      notes: ['API calls: the forecast of 12000 passes 1000 and 10000; units above 10000 cost 0.005 each.'],
    },
    {
      name: 'a forecast inside the tier of the usage so far has no tier note',
      charges: [API], quantities: { api: q('2000', '5000', '4000', '6000') },
      costs: { api: { point: '40.00', low: '30.00', high: '50.00' } },
      total: { point: '40.00', low: '30.00', high: '50.00' },
      notes: [],
    },
    {
      // 120 seats: 120 × 0.5 = 60. Over 80-150 the dearest case is exactly 100 seats (100 × 1)
      // and the cheapest just past it (100.000000000001 × 0.5 = 50.0000000000005 → 50.00).
      name: 'a volume tier can price more units for less: the range looks inside the quantity range',
      charges: [SEATS], quantities: { seats: q('40', '120', '80', '150') },
      costs: { seats: { point: '60.00', low: '50.00', high: '100.00' } },
      total: { point: '60.00', low: '50.00', high: '100.00' },
      notes: ['Seats: the forecast of 120 passes 100; at that volume every unit costs 0.5.'],
    },
    {
      // 1,000 included: point 500 × 0.02 = 10, low 200 × 0.02 = 4, high 800 × 0.02 = 16.
      name: 'included units come off first, and using them up is a note',
      charges: [STORAGE], quantities: { storage: q('600', '1500', '1200', '1800') },
      costs: { storage: { point: '10.00', low: '4.00', high: '16.00' } },
      total: { point: '10.00', low: '4.00', high: '16.00' },
      notes: ['Storage: the forecast of 1500 uses up the 1000 included units; the rest is billed.'],
    },
    {
      // API at 3,000: 20; at 1,500: 5, topped up by 45 to the 50 minimum; at 8,000: 70, no top-up.
      name: 'the minimum spend applies per case: a true-up only where the lines fall short',
      charges: [API], minimumSpend: '50', quantities: { api: q('1200', '3000', '1500', '8000') },
      costs: { api: { point: '20.00', low: '5.00', high: '70.00' }, $minimum_spend: { point: '30.00', low: '45.00', high: '0.00' } },
      total: { point: '50.00', low: '50.00', high: '70.00' },
      notes: [],
    },
    {
      name: 'a forecast passing two tiers says which',
      charges: [PLATFORM, API], quantities: { api: q('800', '12000', '9000', '15000') },
      costs: { platform: { point: '20.00', low: '20.00', high: '20.00' }, api: { point: '100.00', low: '80.00', high: '115.00' } },
      total: { point: '120.00', low: '100.00', high: '135.00' },
      notes: ['API calls: the forecast of 12000 passes 1000 and 10000; units above 10000 cost 0.005 each.'],
    },
    {
      name: 'a forecast within its tier has no note',
      charges: [API], quantities: { api: q('2000', '5000', '4000', '6000') },
      costs: { api: { point: '40.00', low: '30.00', high: '50.00' } },
      total: { point: '40.00', low: '30.00', high: '50.00' },
      notes: [],
    },
  ])('$name', ({ charges, minimumSpend, quantities, costs, total, notes }) => {
    const content = versionContentSchema.parse({ charges, minimumSpend: minimumSpend ?? null });
    const forecast = forecastCost({ content, quantities, period: PERIOD, covered: COVERED, currency: 'USD' });
    expect(costOf(forecast.charges)).toEqual(costs);
    expect(forecast.total).toEqual(total);
    expect(forecast.notes).toEqual(notes);
  });

  it('rounds to the currency: JPY has no minor digits', () => {
    const content = versionContentSchema.parse({ charges: [{ ...API, tiers: [{ upTo: '1000', unitPrice: '0' }, { upTo: null, unitPrice: '0.3' }] }] });
    // 1,000 free, then 0.3: point 1,005 × 0.3 = 301.5 → 302; low 0; high 2,001 × 0.3 = 600.3 → 600.
    const forecast = forecastCost({ content, quantities: { api: q('900', '2005', '950', '3001') }, period: PERIOD, covered: COVERED, currency: 'JPY' });
    expect(forecast.total).toEqual({ point: '302', low: '0', high: '600' });
    expect(forecast.charges[0].quantity).toEqual({ point: '2005', low: '950', high: '3001' });
  });

  it('answers bad_request for a usage charge without a forecast', () => {
    const content = versionContentSchema.parse({ charges: [PLATFORM, API] });
    expect(() => forecastCost({ content, quantities: {}, period: PERIOD, covered: COVERED, currency: 'USD' })).toThrow(AppError);
  });
});

import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors/app-error';
import { versionContentSchema } from './charge-schema';
import { ratePeriod } from './rate-period';

const NOV = { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-12-01T00:00:00Z') };
const ALL_OF_NOV = { start: new Date('2026-10-01T00:00:00Z'), end: null };

const content = versionContentSchema.parse({
  minimumSpend: '200',
  charges: [
    { type: 'flat', key: 'base', name: 'Platform fee', amount: '49' },
    {
      type: 'usage', key: 'api', name: 'API calls', meter: 'api-calls', model: 'graduated',
      tiers: [{ upTo: '1000', unitPrice: '0' }, { upTo: '10000', unitPrice: '0.01' }, { upTo: null, unitPrice: '0.005' }],
    },
    { type: 'usage', key: 'storage', name: 'Storage', meter: 'gb-hours', model: 'per_unit', unitPrice: '0.1' },
  ],
});

const summary = (r: ReturnType<typeof ratePeriod>) => ({ lines: r.lines.map((l) => [l.key, l.amount]), total: r.total });

describe('ratePeriod: a line per charge, each rounded, and the minimum-spend true-up', () => {
  it.each([
    {
      name: 'above the minimum spend: no true-up; 49 + 165 + 1.05',
      covered: ALL_OF_NOV, quantities: { api: '25000', storage: '10.5' },
      lines: [['base', '49.00'], ['api', '165.00'], ['storage', '1.05']], total: '215.05',
    },
    {
      name: 'no usage: the true-up brings 49 to 200',
      covered: ALL_OF_NOV, quantities: { api: '0', storage: '0' },
      lines: [['base', '49.00'], ['api', '0.00'], ['storage', '0.00'], ['$minimum_spend', '151.00']], total: '200.00',
    },
    {
      name: 'exactly at the minimum spend: no true-up; 49 + 165 + 0',
      covered: ALL_OF_NOV, quantities: { api: '25000', storage: '0' }, minimumSpend: '214',
      lines: [['base', '49.00'], ['api', '165.00'], ['storage', '0.00']], total: '214.00',
    },
    {
      name: 'a partial first period prorates the fee, not the minimum spend',
      covered: { start: new Date('2026-11-16T00:00:00Z'), end: null }, quantities: { api: '0', storage: '0' },
      lines: [['base', '24.50'], ['api', '0.00'], ['storage', '0.00'], ['$minimum_spend', '175.50']], total: '200.00',
    },
    {
      name: 'the true-up is on the rounded lines: 49 + 0.01 (from 0.005) + 0.01',
      covered: ALL_OF_NOV, quantities: { api: '1000.5', storage: '0.05' }, minimumSpend: '49.02',
      lines: [['base', '49.00'], ['api', '0.01'], ['storage', '0.01']], total: '49.02',
    },
  ])('$name', ({ covered, quantities, minimumSpend, lines, total }) => {
    const rated = ratePeriod({ content: minimumSpend ? { ...content, minimumSpend } : content, quantities, period: NOV, covered, currency: 'USD' });
    expect(summary(rated)).toEqual({ lines, total });
  });

  it('sums rounded lines: two half cents make 0.02, not the 0.01 of their exact sum', () => {
    const halfCents = versionContentSchema.parse({
      charges: ['a', 'b'].map((key) => ({ type: 'usage', key, name: key, meter: 'm', model: 'per_unit', unitPrice: '0.001' })),
    });
    const rated = ratePeriod({ content: halfCents, quantities: { a: '5', b: '5' }, period: NOV, covered: ALL_OF_NOV, currency: 'USD' });
    expect(summary(rated)).toEqual({ lines: [['a', '0.01'], ['b', '0.01']], total: '0.02' });
    expect(rated.lines.map((l) => l.unroundedAmount)).toEqual(['0.005', '0.005']);
  });

  it('rounds in the currency: JPY lines and a true-up from an over-precise minimum spend', () => {
    const yen = versionContentSchema.parse({ ...content, minimumSpend: '1000.4' });
    const rated = ratePeriod({ content: yen, quantities: { api: '10001', storage: '5' }, period: NOV, covered: ALL_OF_NOV, currency: 'JPY' });
    // 49 + 90.005 → 90 + 0.5 → 1 = 140; true-up 1000.4 - 140 = 860.4 → 860.
    expect(summary(rated)).toEqual({ lines: [['base', '49'], ['api', '90'], ['storage', '1'], ['$minimum_spend', '860']], total: '1000' });
  });

  it('carries what an invoice needs: billing timing, proration and the usage breakdown', () => {
    const rated = ratePeriod({ content, quantities: { api: '25000', storage: '1' }, period: NOV, covered: ALL_OF_NOV, currency: 'USD' });
    expect(rated.lines[0]).toMatchObject({ type: 'flat', billing: 'in_advance', coveredMs: 30 * 86_400_000, periodMs: 30 * 86_400_000 });
    expect(rated.lines[1]).toMatchObject({ type: 'usage', meter: 'api-calls', billableQuantity: '25000', unroundedAmount: '165' });
    expect(rated.lines[1].type === 'usage' && rated.lines[1].breakdown).toHaveLength(3);
  });

  it('refuses a usage charge without a quantity', () => {
    expect(() => ratePeriod({ content, quantities: { api: '1' }, period: NOV, covered: ALL_OF_NOV, currency: 'USD' })).toThrow(AppError);
  });
});

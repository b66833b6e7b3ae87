import { describe, expect, it } from 'vitest';
import { formatAmount } from './money';
import { rateFlat } from './rate-flat';

// November 2026 in UTC: 30 days.
const NOV = { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-12-01T00:00:00Z') };
// March 2026 in New York, anchor 1: 31 days less the hour clocks skip on the 8th = 743 hours.
const NY_MARCH = { start: new Date('2026-03-01T05:00:00Z'), end: new Date('2026-04-01T04:00:00Z') };
const DAY = 86_400_000;
const at = (s: string) => new Date(s);

describe('rateFlat: a flat fee per period, prorated by time when partial', () => {
  it.each([
    { name: 'a whole period bills the whole fee', amount: '100', prorate: true, period: NOV, covered: { start: at('2026-10-01T00:00:00Z'), end: null }, currency: 'USD', coveredMs: 30 * DAY, unrounded: '100', line: '100.00' },
    { name: 'starting on the 16th covers 15 of 30 days', amount: '30', prorate: true, period: NOV, covered: { start: at('2026-11-16T00:00:00Z'), end: null }, currency: 'USD', coveredMs: 15 * DAY, unrounded: '15', line: '15.00' },
    { name: 'starting on the 11th: 100 × 20/30 rounds up', amount: '100', prorate: true, period: NOV, covered: { start: at('2026-11-11T00:00:00Z'), end: null }, currency: 'USD', coveredMs: 20 * DAY, unrounded: null, line: '66.67' },
    { name: 'ending on the 11th: 100 × 10/30 rounds down', amount: '100', prorate: true, period: NOV, covered: { start: at('2026-01-01T00:00:00Z'), end: at('2026-11-11T00:00:00Z') }, currency: 'USD', coveredMs: 10 * DAY, unrounded: null, line: '33.33' },
    { name: 'starting and ending inside: 10 days of 90', amount: '90', prorate: true, period: NOV, covered: { start: at('2026-11-11T00:00:00Z'), end: at('2026-11-21T00:00:00Z') }, currency: 'USD', coveredMs: 10 * DAY, unrounded: '30', line: '30.00' },
    { name: 'half days count: 14.5 of 30 days of 100', amount: '100', prorate: true, period: NOV, covered: { start: at('2026-11-16T12:00:00Z'), end: null }, currency: 'USD', coveredMs: 14.5 * DAY, unrounded: null, line: '48.33' },
    { name: 'a half cent rounds away from zero', amount: '0.01', prorate: true, period: NOV, covered: { start: at('2026-11-16T00:00:00Z'), end: null }, currency: 'USD', coveredMs: 15 * DAY, unrounded: '0.005', line: '0.01' },
    { name: 'JPY: a third of 1,000', amount: '1000', prorate: true, period: NOV, covered: { start: at('2026-11-21T00:00:00Z'), end: null }, currency: 'JPY', coveredMs: 10 * DAY, unrounded: null, line: '333' },
    { name: 'KWD: a third of 10', amount: '10', prorate: true, period: NOV, covered: { start: at('2026-11-21T00:00:00Z'), end: null }, currency: 'KWD', coveredMs: 10 * DAY, unrounded: null, line: '3.333' },
    { name: 'without proration any overlap bills the whole fee', amount: '100', prorate: false, period: NOV, covered: { start: at('2026-11-29T00:00:00Z'), end: null }, currency: 'USD', coveredMs: 2 * DAY, unrounded: '100', line: '100.00' },
    { name: 'no overlap bills nothing', amount: '100', prorate: true, period: NOV, covered: { start: at('2026-12-05T00:00:00Z'), end: null }, currency: 'USD', coveredMs: 0, unrounded: '0', line: '0.00' },
    { name: 'no overlap bills nothing, even without proration', amount: '100', prorate: false, period: NOV, covered: { start: at('2026-01-01T00:00:00Z'), end: at('2026-11-01T00:00:00Z') }, currency: 'USD', coveredMs: 0, unrounded: '0', line: '0.00' },
    { name: 'DST: from New York midnight on the 16th, 384 of 743 hours', amount: '743', prorate: true, period: NY_MARCH, covered: { start: at('2026-03-16T04:00:00Z'), end: null }, currency: 'USD', coveredMs: 384 * 3_600_000, unrounded: '384', line: '384.00' },
  ])('$name', ({ amount, prorate, period, covered, currency, coveredMs, unrounded, line }) => {
    const rated = rateFlat({ charge: { amount, prorate }, period, covered });
    expect(rated.coveredMs).toBe(coveredMs);
    expect(rated.periodMs).toBe(period.end.getTime() - period.start.getTime());
    if (unrounded !== null) expect(rated.unroundedAmount).toBe(unrounded);
    expect(formatAmount(rated.unroundedAmount, currency)).toBe(line);
  });

  it('keeps a repeating ratio exact far past the minor unit', () => {
    const rated = rateFlat({ charge: { amount: '100', prorate: true }, period: NOV, covered: { start: at('2026-11-11T00:00:00Z'), end: null } });
    expect(rated.unroundedAmount).toMatch(/^66\.6{60,}7?$/);
  });
});

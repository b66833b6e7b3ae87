import { describe, expect, it } from 'vitest';
import { anchorDayOf, billingPeriodAt, billingPeriodsBetween, MAX_PERIODS, nextBillingPeriod, previousBillingPeriod } from './billing-period';

const iso = (p: { start: Date; end: Date }) => [p.start.toISOString(), p.end.toISOString()];
const z = (s: string) => `${s}.000Z`;

describe('billingPeriodAt: local midnight on the anchor day, clamped to the month, [start, end)', () => {
  // Every expected instant is worked out by hand from the zone's offset on that local date.
  it.each([
    { name: 'anchor 1 in UTC', zone: 'UTC', anchor: 1, at: '2026-11-15T12:00:00Z', start: '2026-11-01T00:00:00', end: '2026-12-01T00:00:00' },
    { name: 'the start instant itself belongs to the period', zone: 'UTC', anchor: 1, at: '2026-11-01T00:00:00Z', start: '2026-11-01T00:00:00', end: '2026-12-01T00:00:00' },
    { name: 'one millisecond before the start belongs to the previous period', zone: 'UTC', anchor: 1, at: '2026-10-31T23:59:59.999Z', start: '2026-10-01T00:00:00', end: '2026-11-01T00:00:00' },
    { name: 'anchor 15, before the 15th: the period began last month', zone: 'UTC', anchor: 15, at: '2026-11-14T23:59:59Z', start: '2026-10-15T00:00:00', end: '2026-11-15T00:00:00' },
    { name: 'anchor 15, on the 15th', zone: 'UTC', anchor: 15, at: '2026-11-15T00:00:00Z', start: '2026-11-15T00:00:00', end: '2026-12-15T00:00:00' },
    { name: 'anchor 31 in a leap February ends on the 29th', zone: 'UTC', anchor: 31, at: '2028-02-15T00:00:00Z', start: '2028-01-31T00:00:00', end: '2028-02-29T00:00:00' },
    { name: 'anchor 31 from February 29th back to March 31st', zone: 'UTC', anchor: 31, at: '2028-03-01T00:00:00Z', start: '2028-02-29T00:00:00', end: '2028-03-31T00:00:00' },
    { name: 'anchor 31 in a common February ends on the 28th', zone: 'UTC', anchor: 31, at: '2027-02-27T23:59:59.999Z', start: '2027-01-31T00:00:00', end: '2027-02-28T00:00:00' },
    { name: 'anchor 31 from February 28th to March 31st', zone: 'UTC', anchor: 31, at: '2027-02-28T00:00:00Z', start: '2027-02-28T00:00:00', end: '2027-03-31T00:00:00' },
    { name: 'anchor 31 in a 30-day month ends on the 30th', zone: 'UTC', anchor: 31, at: '2026-04-30T12:00:00Z', start: '2026-04-30T00:00:00', end: '2026-05-31T00:00:00' },
    { name: 'anchor 30 in a common February', zone: 'UTC', anchor: 30, at: '2027-02-10T00:00:00Z', start: '2027-01-30T00:00:00', end: '2027-02-28T00:00:00' },
    // New York: EST -05:00, EDT -04:00 from 2026-03-08 02:00 to 2026-11-01 02:00 local.
    { name: 'New York, March: starts in EST, ends in EDT (743 hours)', zone: 'America/New_York', anchor: 1, at: '2026-03-20T12:00:00Z', start: '2026-03-01T05:00:00', end: '2026-04-01T04:00:00' },
    { name: 'New York, anchor 15 across spring forward', zone: 'America/New_York', anchor: 15, at: '2026-03-10T12:00:00Z', start: '2026-02-15T05:00:00', end: '2026-03-15T04:00:00' },
    { name: 'New York, November: midnight of the 1st is still EDT', zone: 'America/New_York', anchor: 1, at: '2026-11-15T12:00:00Z', start: '2026-11-01T04:00:00', end: '2026-12-01T05:00:00' },
    { name: 'New York, anchor 31 across fall back', zone: 'America/New_York', anchor: 31, at: '2026-11-15T12:00:00Z', start: '2026-10-31T04:00:00', end: '2026-11-30T05:00:00' },
    { name: 'New York, 23:30 local on the last day is still the old period', zone: 'America/New_York', anchor: 1, at: '2026-12-01T04:30:00Z', start: '2026-11-01T04:00:00', end: '2026-12-01T05:00:00' },
    // Berlin: CET +01:00, CEST +02:00 from 2026-03-29 to 2026-10-25.
    { name: 'Berlin, March: clocks go forward on the 29th', zone: 'Europe/Berlin', anchor: 1, at: '2026-03-29T12:00:00Z', start: '2026-02-28T23:00:00', end: '2026-03-31T22:00:00' },
    { name: 'Berlin, October: clocks go back on the 25th', zone: 'Europe/Berlin', anchor: 1, at: '2026-10-25T12:00:00Z', start: '2026-09-30T22:00:00', end: '2026-10-31T23:00:00' },
    { name: 'Berlin, anchor 31: February 28th (CET) to March 31st (CEST)', zone: 'Europe/Berlin', anchor: 31, at: '2026-03-30T12:00:00Z', start: '2026-02-27T23:00:00', end: '2026-03-30T22:00:00' },
    // Kathmandu +05:45, Kolkata +05:30, no DST.
    { name: 'Kathmandu, 23:59:59.999 local on the 14th', zone: 'Asia/Kathmandu', anchor: 15, at: '2026-12-14T18:14:59.999Z', start: '2026-11-14T18:15:00', end: '2026-12-14T18:15:00' },
    { name: 'Kathmandu, local midnight on the 15th', zone: 'Asia/Kathmandu', anchor: 15, at: '2026-12-14T18:15:00Z', start: '2026-12-14T18:15:00', end: '2027-01-14T18:15:00' },
    { name: 'Kolkata, local midnight of March 1st', zone: 'Asia/Kolkata', anchor: 1, at: '2026-02-28T18:30:00Z', start: '2026-02-28T18:30:00', end: '2026-03-31T18:30:00' },
    { name: 'Kolkata, anchor 31 in a leap February', zone: 'Asia/Kolkata', anchor: 31, at: '2028-02-29T12:00:00Z', start: '2028-02-28T18:30:00', end: '2028-03-30T18:30:00' },
    // Santiago springs forward at midnight: 2026-09-06 00:00 does not exist, the day starts at 01:00 (-03).
    { name: 'Santiago, a skipped midnight: the period starts when the clock jumps', zone: 'America/Santiago', anchor: 6, at: '2026-09-10T12:00:00Z', start: '2026-09-06T04:00:00', end: '2026-10-06T03:00:00' },
    { name: 'UTC year end', zone: 'UTC', anchor: 1, at: '2026-12-31T23:59:59Z', start: '2026-12-01T00:00:00', end: '2027-01-01T00:00:00' },
    { name: 'anchor 15 over the year end', zone: 'UTC', anchor: 15, at: '2027-01-02T00:00:00Z', start: '2026-12-15T00:00:00', end: '2027-01-15T00:00:00' },
  ])('$name', ({ zone, anchor, at, start, end }) => {
    expect(iso(billingPeriodAt(new Date(at), { anchorDay: anchor, timeZone: zone }))).toEqual([z(start), z(end)]);
  });

  it.each([
    ['anchor day 0', 0, 'UTC'],
    ['anchor day 32', 32, 'UTC'],
    ['a fractional anchor day', 1.5, 'UTC'],
    ['an unknown zone', 1, 'Mars/Olympus'],
  ])('rejects %s', (_name, anchorDay, timeZone) => {
    expect(() => billingPeriodAt(new Date(), { anchorDay, timeZone })).toThrow(RangeError);
  });
});

describe('next and previous periods', () => {
  const anchor31 = { anchorDay: 31, timeZone: 'UTC' };
  it('walks anchor 31 through February and back to the 31st', () => {
    const jan = billingPeriodAt(new Date('2027-01-31T00:00:00Z'), anchor31);
    const feb = nextBillingPeriod(jan, anchor31);
    const mar = nextBillingPeriod(feb, anchor31);
    expect([iso(jan), iso(feb), iso(mar)]).toEqual([
      [z('2027-01-31T00:00:00'), z('2027-02-28T00:00:00')],
      [z('2027-02-28T00:00:00'), z('2027-03-31T00:00:00')],
      [z('2027-03-31T00:00:00'), z('2027-04-30T00:00:00')],
    ]);
    expect(iso(previousBillingPeriod(mar, anchor31))).toEqual(iso(feb));
    expect(iso(previousBillingPeriod(feb, anchor31))).toEqual(iso(jan));
  });

  it('crosses DST in Berlin with periods that meet exactly', () => {
    const anchor = { anchorDay: 1, timeZone: 'Europe/Berlin' };
    const mar = billingPeriodAt(new Date('2026-03-15T00:00:00Z'), anchor);
    expect(iso(nextBillingPeriod(mar, anchor))).toEqual([z('2026-03-31T22:00:00'), z('2026-04-30T22:00:00')]);
    expect(iso(previousBillingPeriod(mar, anchor))).toEqual([z('2026-01-31T23:00:00'), z('2026-02-28T23:00:00')]);
  });
});

describe('billingPeriodsBetween', () => {
  const anchor = { anchorDay: 15, timeZone: 'UTC' };
  it.each([
    {
      name: 'every period overlapping the range, the first starting before it',
      from: '2026-01-20T00:00:00Z', to: '2026-04-10T00:00:00Z',
      expected: [['2026-01-15', '2026-02-15'], ['2026-02-15', '2026-03-15'], ['2026-03-15', '2026-04-15']],
    },
    { name: 'a range ending at a period start stops before it', from: '2026-01-15T00:00:00Z', to: '2026-03-15T00:00:00Z', expected: [['2026-01-15', '2026-02-15'], ['2026-02-15', '2026-03-15']] },
    { name: 'an empty range has no periods', from: '2026-01-20T00:00:00Z', to: '2026-01-20T00:00:00Z', expected: [] },
    { name: 'a reversed range has no periods', from: '2026-02-20T00:00:00Z', to: '2026-01-20T00:00:00Z', expected: [] },
  ])('$name', ({ from, to, expected }) => {
    expect(billingPeriodsBetween(new Date(from), new Date(to), anchor).map(iso)).toEqual(expected.map(([s, e]) => [z(`${s}T00:00:00`), z(`${e}T00:00:00`)]));
  });

  it('refuses an unbounded list', () => {
    expect(() => billingPeriodsBetween(new Date('1900-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'), anchor)).toThrow(`more than ${MAX_PERIODS}`);
  });
});

describe('anchorDayOf', () => {
  it.each([
    ['UTC', '2026-01-31T23:00:00Z', 31],
    ['Asia/Kathmandu', '2026-01-31T18:15:00Z', 1], // already February 1st in Kathmandu
    ['America/New_York', '2026-02-01T04:59:59Z', 31],
  ])('in %s, %s is day %i', (zone, at, day) => {
    expect(anchorDayOf(new Date(at), zone)).toBe(day);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { createMeter } from '@/lib/meters/create-meter';
import { type DailyUsageRead, readDailyUsage } from '@/lib/overview/read-daily-usage';
import { customerFactory, randomKey } from '@/lib/seed/factories';
import { loadPeriodMeters } from '@/lib/usage/load-period-meters';
import { drain, insertEvents, type RawEvent } from './rollup-helpers';

let read: DailyUsageRead[];

// Two customers' November periods read in ONE call: New York (EDT -04:00 until 2026-11-01 02:00
// local, then EST -05:00, so 1 November lasts 25 hours) and Kathmandu (+05:45, no DST). "now" is
// 2026-11-03T12:00:30Z, off the minute: 07:00:30 EST and 17:45:30 in Kathmandu, both on 3 November.
// The history starts 8 weeks (56 days) before 1 November: 6 September local midnight.
const NOW = new Date('2026-11-03T12:00:30Z');

beforeAll(async () => {
  const type = randomKey('tokens');
  const slug = randomKey('tokens').replace(/-/g, '_');
  await createMeter({ slug, eventType: type, aggregation: 'SUM', valueProperty: '$.tokens', groupBy: { model: '$.model' }, actor: 'test' });
  const meter = (await loadPeriodMeters([slug])).get(slug)!;
  const [ny, ktm, other] = await Promise.all([
    customerFactory({ timeZone: 'America/New_York' }),
    customerFactory({ timeZone: 'Asia/Kathmandu' }),
    customerFactory({ timeZone: 'America/New_York' }),
  ]);
  const at = (c: typeof ny, time: string, model: string, tokens: number) => ({ customerId: c.id, subject: c.subjects[0].key, type, time, data: { tokens, model } });
  const events: RawEvent[] = [
    // New York. Local day each lands on in the comment.
    at(ny, '2026-09-06T03:00:00Z', 'large', 64), // 5 Sep 23:00 EDT: before the history, not read
    at(ny, '2026-09-06T04:00:00Z', 'large', 128), // 6 Sep 00:00 EDT: the history's first day
    at(ny, '2026-11-01T03:59:59Z', 'large', 1), // 31 Oct 23:59:59 EDT
    at(ny, '2026-11-01T04:00:00Z', 'large', 2), // 1 Nov 00:00 EDT
    at(ny, '2026-11-01T05:30:00Z', 'large', 16), // 1 Nov 01:30 EDT, the first 01:30
    at(ny, '2026-11-01T06:30:00Z', 'large', 32), // 1 Nov 01:30 EST, the repeated 01:30
    at(ny, '2026-11-01T12:00:00Z', 'small', 100), // 1 Nov 07:00 EST: only the unfiltered charge
    at(ny, '2026-11-02T04:30:00Z', 'large', 4), // 1 Nov 23:30 EST (2 Nov with a fixed -04:00)
    at(ny, '2026-11-02T05:00:00Z', 'large', 8), // 2 Nov 00:00 EST
    at(ny, '2026-11-02T15:00:00Z', 'large', 0.1), // 2 Nov: 0.1 + 0.2 is 0.3 exactly, not a float's 0.30000000000000004
    at(ny, '2026-11-02T15:00:20Z', 'large', 0.2),
    at(ny, '2026-11-03T12:00:10Z', 'large', 0.5), // 3 Nov 07:00:10 EST: before now
    at(ny, '2026-11-03T12:00:40Z', 'large', 1000), // after now: not yet
    // Kathmandu.
    at(ktm, '2026-10-31T18:14:59Z', 'large', 3), // 31 Oct 23:59:59
    at(ktm, '2026-10-31T18:15:00Z', 'large', 5), // 1 Nov 00:00
    at(ktm, '2026-11-01T18:14:30Z', 'large', 7), // 1 Nov 23:59:30
    at(ktm, '2026-11-01T18:15:00Z', 'large', 9), // 2 Nov 00:00
    at(ktm, '2026-11-02T00:00:00Z', 'small', 11), // 2 Nov 05:45: filtered out
    at(ktm, '2026-11-03T12:01:00Z', 'large', 1000), // after now
    // Another customer on the same meter, days and model: never counted.
    ...['2026-09-10T12:00:00Z', '2026-11-01T05:30:00Z', '2026-11-02T15:00:00Z', '2026-11-03T12:00:00Z'].map((t) => at(other, t, 'large', 10_000)),
  ];
  await insertEvents(events);
  await drain([ny.id, ktm.id, other.id]);
  read = await readDailyUsage({
    jobs: [
      // November in each zone: New York 04:00Z (EDT) to 05:00Z (EST); Kathmandu 18:15Z the day before.
      {
        customerId: ny.id,
        timeZone: 'America/New_York',
        period: { start: new Date('2026-11-01T04:00:00Z'), end: new Date('2026-12-01T05:00:00Z') },
        charges: [
          { key: 'large', meter, filter: { model: 'large' } },
          { key: 'all', meter, filter: {} },
        ],
      },
      {
        customerId: ktm.id,
        timeZone: 'Asia/Kathmandu',
        period: { start: new Date('2026-10-31T18:15:00Z'), end: new Date('2026-11-30T18:15:00Z') },
        charges: [{ key: 'large', meter, filter: { model: 'large' } }],
      },
    ],
    now: NOW,
  });
}, 60_000);

/** The days 6 Sep to 3 Nov (25 + 31 + 3 = 59) with the given nonzero quantities, "0" elsewhere. */
function expectDays(days: { day: string; quantity: string }[], nonzero: Record<string, string>) {
  expect(days).toHaveLength(59);
  expect(days[0].day).toBe('2026-09-06');
  expect(days[58].day).toBe('2026-11-03');
  expect(new Set(days.map((d) => d.day)).size).toBe(59);
  expect(Object.fromEntries(days.filter((d) => d.quantity !== '0').map((d) => [d.day, d.quantity]))).toEqual(nonzero);
}

describe('daily usage of the overview', () => {
  it('sums each New York local day across the 25-hour fall-back day, by group filter', () => {
    const [ny] = read;
    // large: 6 Sep 128; 31 Oct 1; 1 Nov 2 + 16 + 32 + 4 = 54; 2 Nov 8 + 0.1 + 0.2 = 8.3; 3 Nov 0.5 so far.
    expectDays(ny.usage.large, { '2026-09-06': '128', '2026-10-31': '1', '2026-11-01': '54', '2026-11-02': '8.3', '2026-11-03': '0.5' });
    // all: the same plus the 100 small tokens on 1 Nov: 154.
    expectDays(ny.usage.all, { '2026-09-06': '128', '2026-10-31': '1', '2026-11-01': '154', '2026-11-02': '8.3', '2026-11-03': '0.5' });
    expect(ny.historyStart).toBe('2026-09-06');
    expect(ny.today).toBe('2026-11-03');
    expect(ny.periodDays).toHaveLength(30);
    expect([ny.periodDays[0], ny.periodDays[29]]).toEqual(['2026-11-01', '2026-11-30']);
    // 3 Nov runs 05:00Z to 05:00Z the next day; 7 h 0 min 30 s of its 24 h have passed.
    expect(ny.todayElapsed).toBeCloseTo(25_230 / 86_400, 12);
  });

  it('cuts Kathmandu days at +05:45 in the same call', () => {
    const [, ktm] = read;
    // large: 31 Oct 3; 1 Nov 5 + 7 = 12; 2 Nov 9 (the 11 small tokens are filtered out).
    expectDays(ktm.usage.large, { '2026-10-31': '3', '2026-11-01': '12', '2026-11-02': '9' });
    expect(ktm.historyStart).toBe('2026-10-31');
    expect(ktm.today).toBe('2026-11-03');
    expect([ktm.periodDays[0], ktm.periodDays.length]).toEqual(['2026-11-01', 30]);
    // 3 Nov starts at 2 Nov 18:15Z; 17 h 45 min 30 s of its 24 h have passed.
    expect(ktm.todayElapsed).toBeCloseTo(63_930 / 86_400, 12);
  });
});

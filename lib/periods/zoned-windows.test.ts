import { describe, expect, it } from 'vitest';
import { MAX_ZONED_WINDOWS, zonedWindows } from './zoned-windows';

const iso = (w: { start: Date; end: Date }) => [w.start.toISOString().slice(0, 16), w.end.toISOString().slice(0, 16)];

describe('zonedWindows: the meter query’s hours and days, empty ones included', () => {
  it.each([
    {
      name: 'New York, fall back: Nov 1 is a 25-hour day',
      tz: 'America/New_York', unit: 'day', from: '2026-10-31T04:00Z', to: '2026-11-03T05:00Z',
      expected: [['2026-10-31T04:00', '2026-11-01T04:00'], ['2026-11-01T04:00', '2026-11-02T05:00'], ['2026-11-02T05:00', '2026-11-03T05:00']],
    },
    {
      name: 'New York, spring forward: Mar 8 is a 23-hour day',
      tz: 'America/New_York', unit: 'day', from: '2026-03-07T05:00Z', to: '2026-03-10T04:00Z',
      expected: [['2026-03-07T05:00', '2026-03-08T05:00'], ['2026-03-08T05:00', '2026-03-09T04:00'], ['2026-03-09T04:00', '2026-03-10T04:00']],
    },
    {
      name: 'New York, fall back: 00:00 EDT, 01:00 EDT, 01:00 EST, 02:00 EST are four hours',
      tz: 'America/New_York', unit: 'hour', from: '2026-11-01T04:00Z', to: '2026-11-01T08:00Z',
      expected: [['2026-11-01T04:00', '2026-11-01T05:00'], ['2026-11-01T05:00', '2026-11-01T06:00'], ['2026-11-01T06:00', '2026-11-01T07:00'], ['2026-11-01T07:00', '2026-11-01T08:00']],
    },
    {
      name: 'New York, spring forward: 01:00 EST is followed by 03:00 EDT',
      tz: 'America/New_York', unit: 'hour', from: '2026-03-08T06:00Z', to: '2026-03-08T08:00Z',
      expected: [['2026-03-08T06:00', '2026-03-08T07:00'], ['2026-03-08T07:00', '2026-03-08T08:00']],
    },
    {
      name: 'Kathmandu (+05:45): days start at 18:15 UTC',
      tz: 'Asia/Kathmandu', unit: 'day', from: '2026-11-28T18:15Z', to: '2026-11-30T18:15Z',
      expected: [['2026-11-28T18:15', '2026-11-29T18:15'], ['2026-11-29T18:15', '2026-11-30T18:15']],
    },
    {
      name: 'Kathmandu: a range off the local midnight is clipped at both ends',
      tz: 'Asia/Kathmandu', unit: 'day', from: '2026-11-30T12:00Z', to: '2026-12-01T00:00Z',
      expected: [['2026-11-30T12:00', '2026-11-30T18:15'], ['2026-11-30T18:15', '2026-12-01T00:00']],
    },
    {
      name: 'Kathmandu: hours start at :15 UTC, the first and last clipped',
      tz: 'Asia/Kathmandu', unit: 'hour', from: '2026-11-30T00:00Z', to: '2026-11-30T02:00Z',
      expected: [['2026-11-30T00:00', '2026-11-30T00:15'], ['2026-11-30T00:15', '2026-11-30T01:15'], ['2026-11-30T01:15', '2026-11-30T02:00']],
    },
    {
      name: 'UTC: one day of one hour',
      tz: 'UTC', unit: 'day', from: '2026-11-30T10:00Z', to: '2026-11-30T11:00Z',
      expected: [['2026-11-30T10:00', '2026-11-30T11:00']],
    },
  ] as const)('$name', ({ tz, unit, from, to, expected }) => {
    expect(zonedWindows({ from: new Date(from), to: new Date(to), unit, timeZone: tz }).map(iso)).toEqual(expected);
  });

  it('90 days of hours are 2,160 windows; an empty range has none', () => {
    expect(zonedWindows({ from: new Date('2026-09-01T00:00Z'), to: new Date('2026-11-30T00:00Z'), unit: 'hour', timeZone: 'UTC' })).toHaveLength(2160);
    expect(zonedWindows({ from: new Date('2026-09-01T00:00Z'), to: new Date('2026-09-01T00:00Z'), unit: 'day', timeZone: 'UTC' })).toEqual([]);
  });

  it('refuses more windows than a chart can hold', () => {
    expect(() => zonedWindows({ from: new Date('2020-01-01T00:00Z'), to: new Date('2026-01-01T00:00Z'), unit: 'hour', timeZone: 'UTC' })).toThrow(`more than ${MAX_ZONED_WINDOWS}`);
  });
});

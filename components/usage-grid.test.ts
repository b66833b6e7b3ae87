import { describe, expect, it } from 'vitest';
import type { UsagePoint } from '@/components/use-meters';
import { zonedWindows } from '@/lib/periods/zoned-windows';
import { type Breakdown, usageGrid } from './usage-grid';

const point = (windowStart: string, windowEnd: string, value: string, extra: Partial<UsagePoint> = {}): UsagePoint => ({ windowStart, windowEnd, value, subject: null, groupBy: {}, ...extra });
const days = (from: string, to: string, timeZone: string) => zonedWindows({ from: new Date(from), to: new Date(to), unit: 'day', timeZone });
const NONE: Breakdown = { kind: 'none' };

describe('usageGrid: every window, the query’s values, zeros where it has no row', () => {
  it.each([
    {
      name: 'New York around the 25-hour Nov 1: the empty middle day is 0',
      windows: days('2026-10-31T04:00:00Z', '2026-11-03T05:00:00Z', 'America/New_York'),
      points: [point('2026-10-31T04:00:00.000Z', '2026-11-01T04:00:00.000Z', '12.5'), point('2026-11-02T05:00:00.000Z', '2026-11-03T05:00:00.000Z', '3')],
      breakdown: NONE,
      additive: true,
      series: ['usage'],
      rows: [
        ['2026-10-31T04:00:00.000Z', '2026-11-01T04:00:00.000Z', ['12.5'], '12.5'],
        ['2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z', ['0'], '0'],
        ['2026-11-02T05:00:00.000Z', '2026-11-03T05:00:00.000Z', ['3'], '3'],
      ],
    },
    {
      name: 'Kathmandu (+05:45) by model: a missing model is 0, an event without one is "(none)", last; totals are exact',
      windows: days('2026-11-28T18:15:00Z', '2026-11-30T18:15:00Z', 'Asia/Kathmandu'),
      points: [
        point('2026-11-28T18:15:00.000Z', '2026-11-29T18:15:00.000Z', '0.1', { groupBy: { model: 'small' } }),
        point('2026-11-28T18:15:00.000Z', '2026-11-29T18:15:00.000Z', '0.2', { groupBy: { model: null } }),
        point('2026-11-29T18:15:00.000Z', '2026-11-30T18:15:00.000Z', '7', { groupBy: { model: 'large' } }),
      ],
      breakdown: { kind: 'group', key: 'model' } as Breakdown,
      additive: true,
      series: ['large', 'small', '(none)'],
      rows: [
        ['2026-11-28T18:15:00.000Z', '2026-11-29T18:15:00.000Z', ['0', '0.1', '0.2'], '0.3'],
        ['2026-11-29T18:15:00.000Z', '2026-11-30T18:15:00.000Z', ['7', '0', '0'], '7'],
      ],
    },
    {
      name: 'a MAX meter by subject: no row means no value, not 0, and nothing is added up',
      windows: days('2026-11-01T00:00:00Z', '2026-11-03T00:00:00Z', 'UTC'),
      points: [point('2026-11-02T00:00:00.000Z', '2026-11-03T00:00:00.000Z', '9', { subject: 'acme' })],
      breakdown: { kind: 'subject' } as Breakdown,
      additive: false,
      series: ['acme'],
      rows: [
        ['2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z', [null], null],
        ['2026-11-02T00:00:00.000Z', '2026-11-03T00:00:00.000Z', ['9'], null],
      ],
    },
    {
      name: 'a row outside the listed windows is kept, in time order',
      windows: days('2026-11-02T00:00:00Z', '2026-11-03T00:00:00Z', 'UTC'),
      points: [point('2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z', '1')],
      breakdown: NONE,
      additive: true,
      series: ['usage'],
      rows: [
        ['2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z', ['1'], '1'],
        ['2026-11-02T00:00:00.000Z', '2026-11-03T00:00:00.000Z', ['0'], '0'],
      ],
    },
  ])('$name', ({ windows, points, breakdown, additive, series, rows }) => {
    const grid = usageGrid({ windows, points, breakdown, additive });
    expect(grid.series).toEqual(series);
    expect(grid.rows.map((r) => [r.start, r.end, r.values, r.total])).toEqual(rows);
  });
});

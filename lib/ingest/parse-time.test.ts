import { describe, expect, it } from 'vitest';
import { parseRfc3339 } from './parse-time';

describe('parseRfc3339', () => {
  it.each([
    ['2026-11-24T10:00:00Z', '2026-11-24T10:00:00.000000Z'],
    ['2026-11-24t10:00:00z', '2026-11-24T10:00:00.000000Z'],
    ['2026-11-24T10:00:00.5Z', '2026-11-24T10:00:00.500000Z'],
    ['2026-11-24T10:00:00.123456789Z', '2026-11-24T10:00:00.123456Z'],
    ['2026-11-24T15:45:00.000001+05:45', '2026-11-24T10:00:00.000001Z'],
    ['2026-11-24T05:30:00+05:30', '2026-11-24T00:00:00.000000Z'],
    ['2026-11-23T22:00:00-02:00', '2026-11-24T00:00:00.000000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000000Z'],
  ])('%s is %s', (input, canonical) => {
    expect(parseRfc3339(input)?.canonical).toBe(canonical);
  });

  // Date.UTC reads years 0-99 as 1900-1999; the parser must keep the year as written.
  it.each([
    ['year 0050 in UTC', '0050-03-01T12:00:00Z', '0050-03-01T12:00:00.000000Z', -60_584_155_200_000],
    ['year 0050 with an offset', '0050-03-01T13:30:00+01:30', '0050-03-01T12:00:00.000000Z', -60_584_155_200_000],
    ['year 0001, the first PostgreSQL has', '0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000000Z', -62_135_596_800_000],
    ['year 0099 crossing into 0100 by its offset', '0099-12-31T23:00:00-02:00', '0100-01-01T01:00:00.000000Z', -59_011_455_600_000],
    ['year 0004, a leap year as written', '0004-02-29T00:00:00Z', '0004-02-29T00:00:00.000000Z', -62_035_891_200_000],
  ])('%s: %s is %s', (_name, input, canonical, epochMs) => {
    expect(parseRfc3339(input)).toEqual({ canonical, epochMs });
  });

  it('keeps sub-millisecond precision in epochMs', () => {
    expect(parseRfc3339('1970-01-01T00:00:00.000250Z')?.epochMs).toBe(0.25);
  });

  it.each([
    '2026-11-24',
    '2026-11-24 10:00:00Z',
    '2026-11-24T10:00:00',
    '2026-13-01T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-11-24T24:00:00Z',
    '2026-11-24T10:60:00Z',
    '2026-11-24T10:00:60Z',
    '2026-11-24T10:00:00+24:00',
    'Tue, 24 Nov 2026 10:00:00 GMT',
    '0000-06-01T00:00:00Z', // PostgreSQL has no year 0
    '0001-01-01T00:30:00+01:00', // an offset that shifts it into year 0
    '9999-12-31T23:30:00-01:00', // or past year 9999
    '0100-02-29T00:00:00Z', // 100 is not a leap year (1900's rule would agree, 2000's would not)
    '',
  ])('rejects %j', (input) => {
    expect(parseRfc3339(input)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { localDate, monthOf, offsetMs, zonedInstant } from './zoned-time';

describe('zonedInstant: local midnight as a UTC instant', () => {
  it.each([
    ['UTC', 2026, 11, 1, '2026-11-01T00:00:00.000Z'],
    ['Asia/Kathmandu', 2026, 12, 1, '2026-11-30T18:15:00.000Z'],
    ['Asia/Kolkata', 2026, 12, 1, '2026-11-30T18:30:00.000Z'],
    ['America/St_Johns', 2026, 12, 1, '2026-12-01T03:30:00.000Z'],
    ['Europe/Berlin', 2026, 3, 29, '2026-03-28T23:00:00.000Z'], // the day the clocks go forward at 02:00
    ['Europe/Berlin', 2026, 3, 30, '2026-03-29T22:00:00.000Z'],
    ['America/New_York', 2026, 11, 1, '2026-11-01T04:00:00.000Z'], // fall back at 02:00 that day
    ['America/New_York', 2026, 11, 2, '2026-11-02T05:00:00.000Z'],
    ['Pacific/Chatham', 2026, 1, 1, '2025-12-31T10:15:00.000Z'], // +13:45 in summer
    ['Pacific/Kiritimati', 2026, 1, 1, '2025-12-31T10:00:00.000Z'], // +14
    ['Pacific/Pago_Pago', 2026, 1, 1, '2026-01-01T11:00:00.000Z'], // -11
    // Santiago springs forward at midnight: 2026-09-06 00:00 does not exist, the day starts at 01:00 (-03).
    ['America/Santiago', 2026, 9, 6, '2026-09-06T04:00:00.000Z'],
  ])('%s %i-%i-%i starts at %s', (tz, y, m, d, expected) => {
    expect(zonedInstant(y, m, d, tz).toISOString()).toBe(expected);
  });
});

describe('monthOf', () => {
  it.each([
    ['Asia/Kathmandu', '2026-11-30T18:14:59Z', '2026-10-31T18:15:00.000Z', '2026-11-30T18:15:00.000Z'],
    ['Asia/Kathmandu', '2026-11-30T18:15:00Z', '2026-11-30T18:15:00.000Z', '2026-12-31T18:15:00.000Z'],
    ['America/New_York', '2026-11-15T12:00:00Z', '2026-11-01T04:00:00.000Z', '2026-12-01T05:00:00.000Z'],
    ['Europe/Berlin', '2026-03-15T12:00:00Z', '2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z'],
    ['UTC', '2026-12-31T23:59:59Z', '2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['Asia/Kolkata', '2028-02-29T12:00:00Z', '2028-01-31T18:30:00.000Z', '2028-02-29T18:30:00.000Z'],
  ])('in %s, %s falls in [%s, %s)', (tz, instant, start, end) => {
    const m = monthOf(new Date(instant), tz);
    expect([m.start.toISOString(), m.end.toISOString()]).toEqual([start, end]);
  });
});

describe('offsetMs', () => {
  it.each([
    ['Asia/Kathmandu', '2026-06-01T00:00:00Z', (5 * 60 + 45) * 60_000],
    ['America/New_York', '2026-07-01T00:00:00Z', -4 * 3600_000],
    ['America/New_York', '2026-12-01T00:00:00Z', -5 * 3600_000],
  ])('%s at %s', (tz, instant, expected) => {
    expect(offsetMs(new Date(instant), tz)).toBe(expected);
  });
});

describe('localDate', () => {
  it.each([
    // 23:30 EDT on the evening before New York's fall-back day.
    ['2026-11-01T03:30:00Z', 'America/New_York', '2026-10-31'],
    // Kathmandu is +05:45: 18:14:59Z is a second before local midnight, 18:15Z is midnight.
    ['2026-11-01T18:14:59Z', 'Asia/Kathmandu', '2026-11-01'],
    ['2026-11-01T18:15:00Z', 'Asia/Kathmandu', '2026-11-02'],
    ['2026-02-28T23:00:00Z', 'Europe/Berlin', '2026-03-01'],
  ])('%s in %s is %s', (instant, zone, expected) => {
    expect(localDate(new Date(instant), zone)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { validateEvent } from './validate-event';

const now = Date.parse('2026-11-24T12:00:00Z');
const options = { now, lateArrivalHorizonMs: 35 * 86_400_000 };
/** `data` itself plus `levels` objects and arrays inside it. */
function nest(levels: number): Record<string, unknown> {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = i % 2 ? { v: value } : [value];
  return { v: value };
}

const base = { specversion: '1.0', id: 'e1', source: 'svc', type: 'api_call', subject: 'acme', time: '2026-11-24T11:00:00Z', data: { n: 1 } };

describe('validateEvent', () => {
  it('accepts a full CloudEvent and normalises its time', () => {
    const v = validateEvent(base, options);
    expect(v).toMatchObject({ ok: true, event: { id: 'e1', time: '2026-11-24T11:00:00.000000Z', data: { n: 1 } } });
  });

  it.each([
    ['a number', 42, 'invalid_event'],
    ['an array', [base], 'invalid_event'],
    ['no id', { ...base, id: undefined }, 'missing_field'],
    ['an empty source', { ...base, source: '' }, 'missing_field'],
    ['no subject', { ...base, subject: undefined }, 'missing_field'],
    ['a numeric id', { ...base, id: 7 }, 'invalid_field'],
    ['a 300-character type', { ...base, type: 'x'.repeat(300) }, 'invalid_field'],
    ['a NUL in the subject', { ...base, subject: 'a\u0000b' }, 'invalid_field'],
    ['specversion 0.3', { ...base, specversion: '0.3' }, 'unsupported_specversion'],
    ['a date-only time', { ...base, time: '2026-11-24' }, 'invalid_time'],
    ['a numeric time', { ...base, time: 1764000000 }, 'invalid_time'],
    ['a time 6 minutes ahead', { ...base, time: '2026-11-24T12:06:00Z' }, 'time_in_future'],
    ['a time 36 days old', { ...base, time: '2026-10-19T11:59:59Z' }, 'time_too_old'],
    ['a time in year 0050 with an offset (not 1950)', { ...base, time: '0050-11-24T12:00:00+01:00' }, 'time_too_old'],
    ['a time in year 0000, which PostgreSQL does not have', { ...base, time: '0000-11-24T12:00:00Z' }, 'invalid_time'],
    ['array data', { ...base, data: [1] }, 'invalid_data'],
    ['string data', { ...base, data: 'x' }, 'invalid_data'],
    ['a lone surrogate in data', { ...base, data: { s: '\ud800' } }, 'invalid_data'],
    ['a NUL in a data key', { ...base, data: { 'a\u0000': 1 } }, 'invalid_data'],
    ['1e309 in data (JSON.parse makes it Infinity)', { ...base, data: { n: JSON.parse('1e309') } }, 'invalid_data'],
    ['-1e309 deep in data', { ...base, data: { a: [{ n: JSON.parse('-1e309') }] } }, 'invalid_data'],
    ['data 33 levels deep', { ...base, data: nest(32) }, 'invalid_data'],
    ['a lone surrogate in the id', { ...base, id: 'a\udc00' }, 'invalid_field'],
    ['an XML datacontenttype', { ...base, datacontenttype: 'application/xml' }, 'invalid_data'],
    ['a 70 KiB event', { ...base, data: { blob: 'x'.repeat(70 * 1024) } }, 'event_too_large'],
  ])('rejects %s as %s', (_name, event, code) => {
    expect(validateEvent(event, options)).toMatchObject({ ok: false, code });
  });

  it.each([
    ['4 minutes ahead', '2026-11-24T12:04:00Z'],
    ['34 days old', '2026-10-21T12:00:00Z'],
  ])('accepts a time %s', (_name, time) => {
    expect(validateEvent({ ...base, time }, options).ok).toBe(true);
  });

  it('accepts data exactly 32 levels deep and names the limit one level further', () => {
    expect(validateEvent({ ...base, data: nest(31) }, options).ok).toBe(true);
    expect(validateEvent({ ...base, data: nest(32) }, options)).toMatchObject({ ok: false, message: expect.stringMatching(/deeper than 32 levels/) });
  });

  it('rejects data 5,000 levels deep without overflowing the stack', () => {
    expect(validateEvent({ ...base, data: nest(5000) }, options)).toMatchObject({ ok: false, code: 'invalid_data' });
  });

  it('says where in data the problem is', () => {
    expect(validateEvent({ ...base, data: { a: [0, { b: 'x\u0000' }] } }, options)).toMatchObject({
      ok: false,
      message: '"data.a.1.b" must not contain a NUL character.',
    });
  });

  it('uses the receive time when time is absent, and data defaults to {}', () => {
    const v = validateEvent({ ...base, time: undefined, data: undefined }, options);
    expect(v).toMatchObject({ ok: true, event: { time: '2026-11-24T12:00:00.000000Z', data: {} } });
  });

  it('hashes content, not key order or time notation', () => {
    const a = validateEvent({ ...base, data: { a: 1, b: { c: 2, d: 3 } } }, options);
    const b = validateEvent({ ...base, time: '2026-11-24T13:00:00+02:00', data: { b: { d: 3, c: 2 }, a: 1 } }, options);
    const c = validateEvent({ ...base, data: { a: 2, b: { c: 2, d: 3 } } }, options);
    if (!a.ok || !b.ok || !c.ok) throw new Error('expected valid events');
    expect(a.event.hash).toBe(b.event.hash);
    expect(a.event.hash).not.toBe(c.event.hash);
  });

  it('gives a time-less event the same hash on every delivery', () => {
    const first = validateEvent({ ...base, time: undefined }, options);
    const retry = validateEvent({ ...base, time: undefined }, { ...options, now: now + 60_000 });
    if (!first.ok || !retry.ok) throw new Error('expected valid events');
    expect(first.event.hash).toBe(retry.event.hash);
  });
});

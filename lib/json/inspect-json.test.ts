import { describe, expect, it } from 'vitest';
import { sample } from '@/lib/ingest/append-events';
import { findJsonProblem, storableCopy } from './inspect-json';

/** `levels` arrays and objects, alternating, around 1. */
function nest(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = i % 2 ? { v: value } : [value];
  return value;
}

describe('findJsonProblem', () => {
  it.each([
    ['a plain object', { a: [1, 'x', null, true, { b: -0.5 }] }, null],
    ['a surrogate pair (an emoji) is fine', { e: '\ud83d\ude00' }, null],
    ['32 levels', nest(32), null],
    ['a NUL in a value', { a: ['ok', 'x\u0000'] }, { path: 'a.1', message: 'must not contain a NUL character' }],
    ['a NUL in a key, written out in the path', { 'k\u0000': 1 }, { path: 'k\\u0000', message: 'key contains a NUL character' }],
    ['a lone high surrogate', { s: 'a\ud800' }, { path: 's', message: 'must not contain invalid UTF-16 (an unpaired surrogate)' }],
    ['a lone low surrogate at the top', '\udc00', { path: '', message: 'must not contain invalid UTF-16 (an unpaired surrogate)' }],
    ['Infinity (what 1e309 parses to)', { n: [JSON.parse('1e309')] }, { path: 'n.0', message: 'must be a number within double precision range' }],
    ['33 levels', nest(33), { path: expect.any(String), message: 'must not nest deeper than 32 levels' }],
  ])('%s', (_name, value, problem) => {
    expect(findJsonProblem(value)).toEqual(problem);
  });

  it('walks 200,000 levels without overflowing the stack', () => {
    expect(findJsonProblem(JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`))?.message).toBe('must not nest deeper than 32 levels');
  });
});

describe('storableCopy', () => {
  it('writes out unsafe text, keeps pairs, turns non-finite numbers into text', () => {
    expect(storableCopy({ 'a\u0000': ['x\ud800y', '\ud83d\ude00', JSON.parse('-1e309'), 2] })).toEqual({ 'a\\u0000': ['x\\ud800y', '\ud83d\ude00', '-Infinity', 2] });
  });

  it('keeps a "__proto__" key as data, as JSON.parse made it', () => {
    const copy = storableCopy(JSON.parse('{"__proto__":{"polluted":1}}')) as object;
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"polluted":1}}');
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });

  it('replaces what lies past 32 levels with a note', () => {
    const json = JSON.stringify(storableCopy(JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`)));
    expect(json).toBe(`${'['.repeat(32)}"(nested deeper than 32 levels)"${']'.repeat(32)}`);
  });
});

describe('sample (a rejected event as kept)', () => {
  it('is JSON PostgreSQL can take whatever the event held', () => {
    expect(sample({ id: 'a\u0000', data: { s: '\udfff' } })).toBe('{"id":"a\\\\u0000","data":{"s":"\\\\udfff"}}');
    expect(sample(undefined)).toBe('null');
  });

  it('cuts a large event to a preview without leaving half a surrogate pair', () => {
    // {"p":" and 1,017 x make 1,023 characters of JSON; the emoji's first half is the 1,024th.
    const event = { p: `${'x'.repeat(1017)}\ud83d\ude00${'y'.repeat(5000)}` };
    const kept = JSON.parse(sample(event));
    expect(kept.truncated).toBe(true);
    expect(kept.preview).toHaveLength(1024);
    expect(kept.preview.isWellFormed()).toBe(true);
  });
});

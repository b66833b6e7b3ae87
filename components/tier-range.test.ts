import { describe, expect, it } from 'vitest';
import { formatTierRange } from './tier-range';

describe('formatTierRange', () => {
  it.each([
    ['the first tier counts from zero', '0', '1000', 'First 1,000'],
    ['a middle tier shows both bounds', '1000', '5000', '1,000 – 5,000'],
    ['the open last tier is everything over its start', '5000', null, 'Over 5,000'],
    ['one unbounded row (per unit, package) is every unit', '0', null, 'All units'],
    ['a zero written with decimals is still zero', '0.00', '10', 'First 10'],
    ['fractional bounds stay exact', '0.5', '2.25', '0.5 – 2.25'],
    ['large bounds are grouped without floats', '10000000', '12345678901234567890', '10,000,000 – 12,345,678,901,234,567,890'],
  ])('%s: (%s, %s] -> %s', (_name, from, upTo, expected) => {
    expect(formatTierRange(from, upTo)).toBe(expected);
  });
});

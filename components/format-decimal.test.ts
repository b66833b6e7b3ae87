import { describe, expect, it } from 'vitest';
import { formatDecimal } from './format-decimal';

describe('formatDecimal', () => {
  it.each([
    ['0', '0'],
    ['999', '999'],
    ['1000', '1,000'],
    ['-1234567.891', '-1,234,567.891'],
    ['12345678901234567895.300000000000000001', '12,345,678,901,234,567,895.300000000000000001'],
    ['0.0001', '0.0001'],
    ['1e+21', '1e+21'],
    ['—', '—'],
  ])('%s -> %s', (input, expected) => {
    expect(formatDecimal(input)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { formatMoney } from './money';

describe('formatMoney', () => {
  it.each([
    ['pads to the minor units of USD', '165', 'USD', '$165.00'],
    ['groups the integer digits', '1234567.5', 'USD', '$1,234,567.50'],
    ['keeps every digit of an unrounded amount', '0.000002', 'USD', '$0.000002'],
    ['keeps digits past a float\'s precision', '12345678901234567.89', 'USD', '$12,345,678,901,234,567.89'],
    ['puts the sign before the symbol', '-12.5', 'EUR', '-€12.50'],
    ['shows no minus for a negative zero', '-0.00', 'USD', '$0.00'],
    ['JPY has no minor unit', '1000', 'JPY', '¥1,000'],
    ['JPY shows an amount rounded to its minor unit as it is', '1235', 'JPY', '¥1,235'],
    ['KWD shows a rounded amount with its three digits', '0.001', 'KWD', 'KWD\u00a00.001'],
    ['KWD has three minor units and a spaced code', '1.5', 'KWD', 'KWD\u00a01.500'],
    ['IDR keeps its ISO 4217 minor units (CLDR shows none)', '1000', 'IDR', 'IDR\u00a01,000.00'],
    ['shows a malformed amount as sent', 'n/a', 'USD', 'n/a USD'],
  ])('%s: %s %s -> %s', (_name, amount, currency, expected) => {
    expect(formatMoney(amount, currency)).toBe(expected);
  });
});

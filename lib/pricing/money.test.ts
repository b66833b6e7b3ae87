import { describe, expect, it } from 'vitest';
import { formatAmount, isCurrency, minorUnits, roundMoney } from './money';

describe('minorUnits follows ISO 4217', () => {
  it.each([
    ['JPY', 0], ['KRW', 0], ['VND', 0], ['CLP', 0], ['ISK', 0], ['XOF', 0],
    ['USD', 2], ['EUR', 2], ['GBP', 2], ['HUF', 2], ['IDR', 2], ['COP', 2], ['XDR', 2],
    ['KWD', 3], ['BHD', 3], ['JOD', 3], ['OMR', 3], ['TND', 3], ['IQD', 3], ['LYD', 3],
    ['CLF', 4], ['UYW', 4],
  ])('%s has %i', (currency, digits) => {
    expect(minorUnits(currency)).toBe(digits);
  });

  it('rejects an unknown code', () => {
    expect(isCurrency('ABC')).toBe(false);
    expect(() => minorUnits('ABC')).toThrow(RangeError);
  });

  // CLDR (Intl) shows fewer digits where small coins are out of use; ISO 4217 and payment
  // processors keep them. These are the only codes where we knowingly differ from CLDR.
  const CLDR_DIFFERS = new Set(['AFN', 'ALL', 'COP', 'HUF', 'IDR', 'IQD', 'IRR', 'KPW', 'LAK', 'LBP', 'MGA', 'MMK', 'PKR', 'SLL', 'SOS', 'SYP', 'YER']);
  it('covers every code Intl knows, agreeing with CLDR except where ISO 4217 says otherwise', () => {
    const differs = Intl.supportedValuesOf('currency').filter((c) => {
      const cldr = new Intl.NumberFormat('en', { style: 'currency', currency: c }).resolvedOptions().maximumFractionDigits;
      return minorUnits(c) !== cldr;
    });
    for (const c of differs) expect(CLDR_DIFFERS, c).toContain(c);
  });
});

describe('roundMoney: half away from zero, to the minor unit', () => {
  it.each([
    { name: 'USD half up', amount: '0.125', currency: 'USD', expected: '0.13' },
    { name: 'USD half up again (not to even)', amount: '0.135', currency: 'USD', expected: '0.14' },
    { name: 'USD just below half', amount: '0.124999999999', currency: 'USD', expected: '0.12' },
    { name: 'USD just above half', amount: '0.125000000001', currency: 'USD', expected: '0.13' },
    { name: 'USD negative half goes away from zero', amount: '-0.125', currency: 'USD', expected: '-0.13' },
    { name: 'USD negative below half', amount: '-0.124', currency: 'USD', expected: '-0.12' },
    { name: 'USD a negative that rounds to zero is plain zero', amount: '-0.004', currency: 'USD', expected: '0' },
    { name: 'JPY half up', amount: '164.5', currency: 'JPY', expected: '165' },
    { name: 'JPY 2.5 goes to 3, not to even 2', amount: '2.5', currency: 'JPY', expected: '3' },
    { name: 'JPY negative half', amount: '-164.5', currency: 'JPY', expected: '-165' },
    { name: 'JPY below half', amount: '164.4999', currency: 'JPY', expected: '164' },
    { name: 'KWD half up at the third digit', amount: '1.0005', currency: 'KWD', expected: '1.001' },
    { name: 'KWD below half', amount: '1.00049', currency: 'KWD', expected: '1' },
    { name: 'KWD negative half', amount: '-1.0005', currency: 'KWD', expected: '-1.001' },
    { name: 'IQD keeps 3 digits (ISO), not CLDR’s 0', amount: '1.0005', currency: 'IQD', expected: '1.001' },
    { name: 'CLF rounds at the fourth digit', amount: '1.00005', currency: 'CLF', expected: '1.0001' },
  ])('$name: $amount $currency → $expected', ({ amount, currency, expected }) => {
    expect(roundMoney(amount, currency).toString()).toBe(expected);
  });
});

describe('formatAmount', () => {
  it.each([
    ['165', 'USD', '165.00'],
    ['165', 'JPY', '165'],
    ['165', 'KWD', '165.000'],
    ['0', 'USD', '0.00'],
    ['-0.001', 'USD', '0.00'],
    ['1234567890123456789.125', 'USD', '1234567890123456789.13'],
  ])('%s %s is "%s"', (amount, currency, expected) => {
    expect(formatAmount(amount, currency)).toBe(expected);
  });
});

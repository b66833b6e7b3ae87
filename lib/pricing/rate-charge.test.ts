import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { pricingSchema } from './charge-schema';
import { rateCharge, rateChargeLine } from './rate-charge';

// Tiered pricings the table reuses. Tiers hold from < q ≤ upTo.
const GRADUATED = { model: 'graduated', tiers: [{ upTo: '1000', unitPrice: '0' }, { upTo: '10000', unitPrice: '0.01' }, { upTo: null, unitPrice: '0.005' }] };
const GRADUATED_FLAT = {
  model: 'graduated',
  tiers: [{ upTo: '100', unitPrice: '1', flatPrice: '10' }, { upTo: '200', unitPrice: '0.5', flatPrice: '5' }, { upTo: null, unitPrice: '0.1' }],
};
const VOLUME = {
  model: 'volume',
  tiers: [{ upTo: '100', unitPrice: '1' }, { upTo: '1000', unitPrice: '0.8', flatPrice: '20' }, { upTo: null, unitPrice: '0.5', flatPrice: '50' }],
};
const PACKAGE = { model: 'package', packageSize: '100', packagePrice: '5' };
const perUnit = (unitPrice: string, extra: object = {}) => ({ model: 'per_unit', unitPrice, ...extra });

describe('rateChargeLine: every amount computed by hand', () => {
  it.each([
    // graduated: 1,000 free, then 0.01 to 10,000, then 0.005
    { name: 'graduated, zero usage', pricing: GRADUATED, quantity: '0', currency: 'USD', unrounded: '0', amount: '0.00' },
    { name: 'graduated, exactly at the first upTo: the 1,000th unit is free', pricing: GRADUATED, quantity: '1000', currency: 'USD', unrounded: '0', amount: '0.00' },
    { name: 'graduated, one past the first upTo', pricing: GRADUATED, quantity: '1001', currency: 'USD', unrounded: '0.01', amount: '0.01' },
    { name: 'graduated, exactly at the second upTo', pricing: GRADUATED, quantity: '10000', currency: 'USD', unrounded: '90', amount: '90.00' },
    { name: 'graduated, one past the second upTo: 90.005 rounds half up', pricing: GRADUATED, quantity: '10001', currency: 'USD', unrounded: '90.005', amount: '90.01' },
    { name: 'graduated, into the open tier: 9,000 × 0.01 + 15,000 × 0.005', pricing: GRADUATED, quantity: '25000', currency: 'USD', unrounded: '165', amount: '165.00' },
    { name: 'graduated, half a unit past the boundary: 0.5 × 0.01', pricing: GRADUATED, quantity: '1000.5', currency: 'USD', unrounded: '0.005', amount: '0.01' },
    { name: 'graduated in JPY', pricing: GRADUATED, quantity: '25000', currency: 'JPY', unrounded: '165', amount: '165' },
    { name: 'graduated in KWD', pricing: GRADUATED, quantity: '10001', currency: 'KWD', unrounded: '90.005', amount: '90.005' },
    // graduated with flat prices: 1 + 10 flat to 100, 0.5 + 5 flat to 200, then 0.1
    { name: 'graduated flat, zero usage charges no flat price', pricing: GRADUATED_FLAT, quantity: '0', currency: 'USD', unrounded: '0', amount: '0.00' },
    { name: 'graduated flat, one unit: 1 + 10', pricing: GRADUATED_FLAT, quantity: '1', currency: 'USD', unrounded: '11', amount: '11.00' },
    { name: 'graduated flat, a thousandth of a unit still takes the flat price', pricing: GRADUATED_FLAT, quantity: '0.001', currency: 'USD', unrounded: '10.001', amount: '10.00' },
    { name: 'graduated flat, at 100: 100 + 10', pricing: GRADUATED_FLAT, quantity: '100', currency: 'USD', unrounded: '110', amount: '110.00' },
    { name: 'graduated flat, at 101: the second flat price joins', pricing: GRADUATED_FLAT, quantity: '101', currency: 'USD', unrounded: '115.5', amount: '115.50' },
    { name: 'graduated flat, 250: 110 + (50 + 5) + 50 × 0.1', pricing: GRADUATED_FLAT, quantity: '250', currency: 'USD', unrounded: '170', amount: '170.00' },
    // included units come off first
    { name: 'graduated, 500 included of 1,500: the 1,000 left are free', pricing: { ...GRADUATED, includedUnits: '500' }, quantity: '1500', currency: 'USD', unrounded: '0', amount: '0.00' },
    { name: 'graduated, 500 included of 1,600: 100 × 0.01', pricing: { ...GRADUATED, includedUnits: '500' }, quantity: '1600', currency: 'USD', unrounded: '1', amount: '1.00' },
    { name: 'included units above usage bill nothing, never below zero', pricing: { ...GRADUATED_FLAT, includedUnits: '30000' }, quantity: '25000', currency: 'USD', unrounded: '0', amount: '0.00' },
    // volume: 1 to 100, 0.8 + 20 flat to 1,000, 0.5 + 50 flat above
    { name: 'volume, zero usage costs nothing', pricing: VOLUME, quantity: '0', currency: 'USD', unrounded: '0', amount: '0.00' },
    { name: 'volume, one unit', pricing: VOLUME, quantity: '1', currency: 'USD', unrounded: '1', amount: '1.00' },
    { name: 'volume, exactly at the first upTo', pricing: VOLUME, quantity: '100', currency: 'USD', unrounded: '100', amount: '100.00' },
    { name: 'volume, one past: all 101 at 0.8 + 20', pricing: VOLUME, quantity: '101', currency: 'USD', unrounded: '100.8', amount: '100.80' },
    { name: 'volume, half a unit past: 100.5 × 0.8 + 20', pricing: VOLUME, quantity: '100.5', currency: 'USD', unrounded: '100.4', amount: '100.40' },
    { name: 'volume, exactly at the second upTo: 800 + 20', pricing: VOLUME, quantity: '1000', currency: 'USD', unrounded: '820', amount: '820.00' },
    { name: 'volume, half a unit into the open tier: 1000.5 × 0.5 + 50', pricing: VOLUME, quantity: '1000.5', currency: 'USD', unrounded: '550.25', amount: '550.25' },
    // per unit: tiny prices, large quantities, both rounding directions
    { name: 'per unit, 0.000002 × 123,456,789 in USD', pricing: perUnit('0.000002'), quantity: '123456789', currency: 'USD', unrounded: '246.913578', amount: '246.91' },
    { name: 'per unit, 0.000002 × 123,456,789 in JPY rounds up', pricing: perUnit('0.000002'), quantity: '123456789', currency: 'JPY', unrounded: '246.913578', amount: '247' },
    { name: 'per unit, 0.000002 × 123,456,789 in KWD', pricing: perUnit('0.000002'), quantity: '123456789', currency: 'KWD', unrounded: '246.913578', amount: '246.914' },
    { name: 'per unit, 0.000002 × 2,000 rounds down to zero', pricing: perUnit('0.000002'), quantity: '2000', currency: 'USD', unrounded: '0.004', amount: '0.00' },
    { name: 'per unit, 0.015 rounds half up to 0.02', pricing: perUnit('0.015'), quantity: '1', currency: 'USD', unrounded: '0.015', amount: '0.02' },
    { name: 'per unit, 0.014999999999 rounds down', pricing: perUnit('0.014999999999'), quantity: '1', currency: 'USD', unrounded: '0.014999999999', amount: '0.01' },
    { name: 'per unit, JPY 2.5 rounds to 3, not to even', pricing: perUnit('2.5'), quantity: '1', currency: 'JPY', unrounded: '2.5', amount: '3' },
    { name: 'per unit, KWD 0.0005 rounds to 0.001', pricing: perUnit('0.0005'), quantity: '1', currency: 'KWD', unrounded: '0.0005', amount: '0.001' },
    { name: 'per unit, a fractional quantity: 0.5 × 0.01', pricing: perUnit('0.5'), quantity: '0.01', currency: 'USD', unrounded: '0.005', amount: '0.01' },
    { name: 'per unit, 10 included of 25 at 2', pricing: perUnit('2', { includedUnits: '10' }), quantity: '25', currency: 'USD', unrounded: '30', amount: '30.00' },
    {
      name: 'per unit, the largest price × an 18-digit quantity stays exact',
      pricing: perUnit('999999999999999999.999999999999'), quantity: '999999999999999999', currency: 'USD',
      unrounded: '999999999999999998999999999999000000.000000000001', amount: '999999999999999998999999999999000000.00',
    },
    // package: 5 per 100, partial packages round up
    { name: 'package, zero usage is zero packages', pricing: PACKAGE, quantity: '0', currency: 'USD', unrounded: '0', amount: '0.00' },
    { name: 'package, one unit buys a whole package', pricing: PACKAGE, quantity: '1', currency: 'USD', unrounded: '5', amount: '5.00' },
    { name: 'package, exactly one package', pricing: PACKAGE, quantity: '100', currency: 'USD', unrounded: '5', amount: '5.00' },
    { name: 'package, one past a package', pricing: PACKAGE, quantity: '101', currency: 'USD', unrounded: '10', amount: '10.00' },
    { name: 'package, a ten-thousandth past two packages', pricing: PACKAGE, quantity: '200.0001', currency: 'USD', unrounded: '15', amount: '15.00' },
    { name: 'package, 50 included of 150: one package', pricing: { ...PACKAGE, includedUnits: '50' }, quantity: '150', currency: 'USD', unrounded: '5', amount: '5.00' },
    { name: 'package, half-unit packages: 1.2 needs 3', pricing: { model: 'package', packageSize: '0.5', packagePrice: '1' }, quantity: '1.2', currency: 'USD', unrounded: '3', amount: '3.00' },
    { name: 'package in KWD', pricing: { model: 'package', packageSize: '1000', packagePrice: '0.0125' }, quantity: '2500', currency: 'KWD', unrounded: '0.0375', amount: '0.038' },
    // minimum and maximum bound the unrounded amount
    { name: 'minimum lifts 100 × 0.01 to 5', pricing: perUnit('0.01', { minimum: '5' }), quantity: '100', currency: 'USD', unrounded: '5', amount: '5.00' },
    { name: 'minimum applies at zero usage', pricing: perUnit('0.01', { minimum: '5' }), quantity: '0', currency: 'USD', unrounded: '5', amount: '5.00' },
    { name: 'maximum caps 10,000 × 0.01 at 50', pricing: perUnit('0.01', { maximum: '50' }), quantity: '10000', currency: 'USD', unrounded: '50', amount: '50.00' },
    { name: 'between minimum and maximum nothing changes', pricing: perUnit('0.01', { minimum: '5', maximum: '50' }), quantity: '1000', currency: 'USD', unrounded: '10', amount: '10.00' },
    { name: 'a cap is applied before rounding: 0.0125 → 0.01', pricing: perUnit('0.001', { maximum: '0.0125' }), quantity: '100', currency: 'USD', unrounded: '0.0125', amount: '0.01' },
    { name: 'a graduated maximum', pricing: { ...GRADUATED, maximum: '100' }, quantity: '25000', currency: 'USD', unrounded: '100', amount: '100.00' },
  ])('$name', ({ pricing, quantity, currency, unrounded, amount }) => {
    const line = rateChargeLine(pricingSchema.parse(pricing), quantity, currency);
    expect([line.unroundedAmount, line.amount]).toEqual([unrounded, amount]);
  });
});

describe('rateCharge breakdown', () => {
  it('graduated: every tier with its share, a fraction past the boundary in the next tier', () => {
    const rated = rateCharge(pricingSchema.parse({ ...GRADUATED_FLAT, includedUnits: '0.5' }), '101');
    expect(rated).toMatchObject({ quantity: '101', includedUnits: '0.5', billableQuantity: '100.5', unroundedAmount: '115.25', clampedBy: null });
    expect(rated.breakdown).toEqual([
      { tier: 0, from: '0', upTo: '100', quantity: '100', unitPrice: '1', flatPrice: '10', subtotal: '110' },
      { tier: 1, from: '100', upTo: '200', quantity: '0.5', unitPrice: '0.5', flatPrice: '5', subtotal: '5.25' },
      { tier: 2, from: '200', upTo: null, quantity: '0', unitPrice: '0.1', flatPrice: '0', subtotal: '0' },
    ]);
  });

  it('volume: only the tier the total lands in carries the quantity', () => {
    expect(rateCharge(pricingSchema.parse(VOLUME), '101').breakdown).toEqual([
      { tier: 0, from: '0', upTo: '100', quantity: '0', unitPrice: '1', flatPrice: '0', subtotal: '0' },
      { tier: 1, from: '100', upTo: '1000', quantity: '101', unitPrice: '0.8', flatPrice: '20', subtotal: '100.8' },
      { tier: 2, from: '1000', upTo: null, quantity: '0', unitPrice: '0.5', flatPrice: '0', subtotal: '0' },
    ]);
  });

  it('package: the number of packages; per unit: one row', () => {
    expect(rateCharge(pricingSchema.parse(PACKAGE), '201').breakdown).toEqual([{ from: '0', upTo: null, quantity: '201', unitPrice: '5', flatPrice: '0', subtotal: '15', packages: '3' }]);
    expect(rateCharge(pricingSchema.parse(perUnit('0.000002')), '123456789').breakdown).toEqual([
      { from: '0', upTo: null, quantity: '123456789', unitPrice: '0.000002', flatPrice: '0', subtotal: '246.913578' },
    ]);
  });

  it('says which bound replaced the model amount', () => {
    expect(rateCharge(pricingSchema.parse(perUnit('0.01', { minimum: '5' })), '100')).toMatchObject({ modelAmount: '1', clampedBy: 'minimum', unroundedAmount: '5' });
    expect(rateCharge(pricingSchema.parse(perUnit('0.01', { maximum: '50' })), '10000')).toMatchObject({ modelAmount: '100', clampedBy: 'maximum', unroundedAmount: '50' });
  });

  it('takes a Decimal quantity as well as a string (what the database hands back)', () => {
    expect(rateCharge(pricingSchema.parse(perUnit('0.000002')), new Decimal('123456789')).unroundedAmount).toBe('246.913578');
  });

  it('a negative quantity (a meter of corrections) bills nothing', () => {
    expect(rateCharge(pricingSchema.parse(perUnit('1')), '-5')).toMatchObject({ billableQuantity: '0', unroundedAmount: '0' });
  });
});

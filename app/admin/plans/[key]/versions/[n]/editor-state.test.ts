import { describe, expect, it } from 'vitest';
import { ApiError } from '@/components/api-client';
import type { UsageCharge, VersionContent } from '@/lib/pricing/charge-schema';
import { newFlatCharge, newUsageCharge, pricingOf, serverFieldErrors, switchModel, validateContent } from './editor-state';

const graduated: UsageCharge = {
  type: 'usage',
  key: 'tokens',
  name: 'Tokens',
  meter: 'tokens',
  filter: { model: 'large' },
  model: 'graduated',
  tiers: [
    { upTo: '1000', unitPrice: '0.002', flatPrice: '0' },
    { upTo: null, unitPrice: '0.001', flatPrice: '0' },
  ],
  includedUnits: '100',
  minimum: null,
  maximum: '50',
};
const content = (charges: VersionContent['charges']): VersionContent => ({ charges, minimumSpend: null });

describe('validateContent', () => {
  it.each([
    ['a valid version has no errors', content([graduated]), {}],
    [
      'a bound below the one before is marked on that tier',
      content([{ ...graduated, tiers: [{ upTo: '1000', unitPrice: '1', flatPrice: '0' }, { upTo: '500', unitPrice: '1', flatPrice: '0' }, { upTo: null, unitPrice: '1', flatPrice: '0' }] }]),
      { 'charges.0.tiers.1.upTo': "must be greater than the previous tier's upTo (1000)" },
    ],
    [
      'a closed last tier is marked on its bound',
      content([{ ...graduated, tiers: [{ upTo: '1000', unitPrice: '1', flatPrice: '0' }] }]),
      { 'charges.0.tiers.0.upTo': 'the last tier must be open (upTo: null)' },
    ],
    [
      'an over-precise unit price is marked on its field',
      content([{ ...graduated, tiers: [{ upTo: null, unitPrice: '0.0000000000001', flatPrice: '0' }] }]),
      { 'charges.0.tiers.0.unitPrice': 'must be a non-negative decimal string with at most 12 decimal places, e.g. "0.000002"' },
    ],
    [
      'a duplicate key is marked on the second charge',
      content([newFlatCharge([]), { ...newFlatCharge([]), name: 'Again' }]),
      { 'charges.1.key': 'duplicate charge key "base_fee"' },
    ],
  ])('%s', (_name, input, errors) => {
    const result = validateContent(input);
    expect(result.errors).toEqual(errors);
    expect(result.parsed === null).toBe(Object.keys(errors).length > 0);
  });
});

describe('new charges', () => {
  it('take a key not used yet, so the version stays valid', () => {
    const first = newFlatCharge([]);
    const second = newFlatCharge([first]);
    const usage = newUsageCharge([first, second], { slug: 'api_calls', name: 'API calls' });
    expect([first.key, second.key, usage.key]).toEqual(['base_fee', 'base_fee_2', 'api_calls']);
    expect(validateContent(content([first, second, usage])).errors).toEqual({});
  });
});

describe('switchModel', () => {
  it('keeps the meter, filter and bounds, and carries the first tier price to per-unit', () => {
    expect(switchModel(graduated, 'per_unit')).toEqual({
      type: 'usage', key: 'tokens', name: 'Tokens', meter: 'tokens', filter: { model: 'large' },
      model: 'per_unit', unitPrice: '0.002', includedUnits: '100', minimum: null, maximum: '50',
    });
  });
  it('keeps tiers between graduated and volume', () => {
    expect(switchModel(graduated, 'volume')).toMatchObject({ model: 'volume', tiers: graduated.tiers });
  });
  it('starts tiers from the unit price, with a valid open last tier', () => {
    const tiered = switchModel(switchModel(graduated, 'per_unit'), 'graduated');
    expect(tiered).toMatchObject({ tiers: [{ upTo: '1000', unitPrice: '0.002' }, { upTo: null, unitPrice: '0.002' }] });
    expect(validateContent(content([tiered])).errors).toEqual({});
  });
});

describe('pricingOf', () => {
  it('leaves only what the preview API rates', () => {
    expect(pricingOf(graduated)).toEqual({ model: 'graduated', tiers: graduated.tiers, includedUnits: '100', minimum: null, maximum: '50' });
  });
});

describe('serverFieldErrors', () => {
  it('keys the server details like the editor, dropping a body prefix', () => {
    const err = new ApiError(400, 'validation_failed', 'The plan version is invalid.', [
      { path: 'charges.0.meter', message: 'no meter "nope"' },
      { path: 'content.minimumSpend', message: 'must have at most 2 decimal places in USD' },
      { path: '', message: 'ignored: no field' },
    ]);
    expect(serverFieldErrors(err)).toEqual({ 'charges.0.meter': 'no meter "nope"', minimumSpend: 'must have at most 2 decimal places in USD' });
  });
  it('has nothing for other failures', () => {
    expect(serverFieldErrors(new Error('network'))).toEqual({});
  });
});

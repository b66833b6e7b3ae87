import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyFactory } from '@/lib/seed/factories';
import { startRouteServer, type TestServer } from './route-server';

let server: TestServer;
let reader: Record<string, string>;

beforeAll(async () => {
  server = await startRouteServer();
  reader = { authorization: `Bearer ${(await apiKeyFactory('read')).key}`, 'content-type': 'application/json' };
});
afterAll(() => server.close());

const preview = (body: unknown, headers = reader) =>
  fetch(`${server.url}/api/v1/pricing/preview`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

const GRADUATED = {
  model: 'graduated',
  tiers: [{ upTo: '1000', unitPrice: '0' }, { upTo: '10000', unitPrice: '0.01' }, { upTo: null, unitPrice: '0.005' }],
  includedUnits: '0',
};

describe('POST /api/v1/pricing/preview', () => {
  it('rates a graduated charge with its breakdown, as an invoice line would', async () => {
    const res = await preview({ currency: 'USD', charge: GRADUATED, quantity: '25000' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      currency: 'USD',
      quantity: '25000',
      includedUnits: '0',
      billableQuantity: '25000',
      amount: '165.00',
      unroundedAmount: '165',
      modelAmount: '165',
      clampedBy: null,
      breakdown: [
        { tier: 0, from: '0', upTo: '1000', quantity: '1000', unitPrice: '0', flatPrice: '0', subtotal: '0' },
        { tier: 1, from: '1000', upTo: '10000', quantity: '9000', unitPrice: '0.01', flatPrice: '0', subtotal: '90' },
        { tier: 2, from: '10000', upTo: null, quantity: '15000', unitPrice: '0.005', flatPrice: '0', subtotal: '75' },
      ],
    });
  });

  it.each([
    ['JPY', '90.005', '90'],
    ['usd', '90.005', '90.01'],
    ['KWD', '90.005', '90.005'],
    ['CLF', '90.005', '90.0050'],
  ])('formats %s to its minor units', async (currency, unrounded, amount) => {
    const body = await (await preview({ currency, charge: GRADUATED, quantity: '10001' })).json();
    expect(body).toMatchObject({ currency: currency.toUpperCase(), unroundedAmount: unrounded, amount });
  });

  it('prices a package with the package count', async () => {
    const body = await (await preview({ currency: 'EUR', charge: { model: 'package', packageSize: '100', packagePrice: '5', minimum: '20' }, quantity: '201' })).json();
    expect(body).toMatchObject({ amount: '20.00', modelAmount: '15', clampedBy: 'minimum', breakdown: [{ packages: '3', subtotal: '15' }] });
  });

  it.each([
    ['tiers out of order', { currency: 'USD', charge: { model: 'graduated', tiers: [{ upTo: '100', unitPrice: '1' }, { upTo: '50', unitPrice: '1' }, { upTo: null, unitPrice: '1' }] }, quantity: '1' }, 'charge.tiers.1.upTo'],
    ['a closed last tier', { currency: 'USD', charge: { model: 'volume', tiers: [{ upTo: '100', unitPrice: '1' }] }, quantity: '1' }, 'charge.tiers.0.upTo'],
    ['an open tier before the last', { currency: 'USD', charge: { model: 'volume', tiers: [{ upTo: null, unitPrice: '1' }, { upTo: null, unitPrice: '1' }] }, quantity: '1' }, 'charge.tiers.0.upTo'],
    ['a negative price', { currency: 'USD', charge: { model: 'per_unit', unitPrice: '-1' }, quantity: '1' }, 'charge.unitPrice'],
    ['a price with 13 decimals', { currency: 'USD', charge: { model: 'per_unit', unitPrice: '0.0000000000001' }, quantity: '1' }, 'charge.unitPrice'],
    ['a price as a JSON number', { currency: 'USD', charge: { model: 'per_unit', unitPrice: 0.01 }, quantity: '1' }, 'charge.unitPrice'],
    ['a package size of 0', { currency: 'USD', charge: { model: 'package', packageSize: '0', packagePrice: '5' }, quantity: '1' }, 'charge.packageSize'],
    ['an unknown model', { currency: 'USD', charge: { model: 'stairstep', unitPrice: '1' }, quantity: '1' }, 'charge.model'],
    ['a maximum below the minimum', { currency: 'USD', charge: { model: 'per_unit', unitPrice: '1', minimum: '10', maximum: '5' }, quantity: '1' }, 'charge.maximum'],
    ['an unknown currency', { currency: 'XYZ', charge: { model: 'per_unit', unitPrice: '1' }, quantity: '1' }, 'currency'],
    ['a negative quantity', { currency: 'USD', charge: { model: 'per_unit', unitPrice: '1' }, quantity: '-1' }, 'quantity'],
    ['a quantity in exponent notation', { currency: 'USD', charge: { model: 'per_unit', unitPrice: '1' }, quantity: '1e6' }, 'quantity'],
    ['no charge', { currency: 'USD', quantity: '1' }, 'charge'],
  ])('rejects %s with 400 naming the field', async (_name, body, field) => {
    const res = await preview(body);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('validation_failed');
    expect(error.details.map((d: { path: string }) => d.path)).toContain(field);
  });

  it('answers malformed JSON with 400 and no key with 401', async () => {
    const bad = await preview('{"currency":');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('malformed_json');
    const anonymous = await preview({ currency: 'USD', charge: GRADUATED, quantity: '1' }, { 'content-type': 'application/json' });
    expect(anonymous.status).toBe(401);
  });
});

import Decimal from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finalizeDueInvoices } from '@/lib/invoices/finalize-due-invoices';
import { listCustomerOverviews } from '@/lib/overview/list-customer-overviews';
import { createMeter } from '@/lib/meters/create-meter';
import { apiKeyFactory, customerFactory, planFactory, randomKey, subscriptionFactory, userFactory } from '@/lib/seed/factories';
import { testPrefix } from './invoice-helpers';
import { drain, insertEvents, type RawEvent } from './rollup-helpers';
import { sessionCookie, startRouteServer, type TestServer } from './route-server';

let server: TestServer;
let admin: Record<string, string>;
let member: Record<string, string>;
const ids = { a: '', b: '', none: '' };
const slugs = { tokens: '', peak: '' };
const DAY = 86_400_000;

const call = (path: string, as: Record<string, string>) => fetch(server.url + path, { headers: as });
const json = async (path: string, as = admin) => {
  const res = await call(path, as);
  expect(res.status, path).toBe(200);
  return res.json();
};

type Range = { point: string; low: string; high: string };
type Charge = { key: string; type: string; usageSoFar: string | null; costSoFar: string; included: { units: string; used: string; left: string } | null; forecast: { quantity: Range | null; cost: Range; method: string | null; note: string | null } };

// Customer A has been on a plan since the first of the month two months back (UTC, anchor 1), with
// 20 days of daily usage: small- and large-model tokens priced apart by a group filter, and a MAX
// meter, whose days do not add up to a period. Its past periods are finalized.
beforeAll(async () => {
  server = await startRouteServer();
  admin = { authorization: `Bearer ${(await apiKeyFactory('admin')).key}` };
  const tokenType = randomKey('prompt');
  const peakType = randomKey('load');
  slugs.tokens = randomKey('tokens').replace(/-/g, '_');
  slugs.peak = randomKey('peak').replace(/-/g, '_');
  await createMeter({ slug: slugs.tokens, eventType: tokenType, aggregation: 'SUM', valueProperty: '$.tokens', groupBy: { model: '$.model' }, actor: 'test' });
  await createMeter({ slug: slugs.peak, eventType: peakType, aggregation: 'MAX', valueProperty: '$.size', groupBy: {}, actor: 'test' });
  const plan = await planFactory({
    content: {
      charges: [
        { type: 'flat', key: 'base', name: 'Base', amount: '20.00' },
        { type: 'usage', key: 'small', name: 'Small tokens', meter: slugs.tokens, filter: { model: 'small' }, model: 'graduated', includedUnits: '100', tiers: [{ upTo: '1000', unitPrice: '0.01' }, { upTo: null, unitPrice: '0.005' }] },
        { type: 'usage', key: 'large', name: 'Large tokens', meter: slugs.tokens, filter: { model: 'large' }, model: 'per_unit', unitPrice: '0.02' },
        { type: 'usage', key: 'peak', name: 'Peak size', meter: slugs.peak, model: 'per_unit', unitPrice: '1' },
      ],
    },
  });
  const now = new Date();
  const startsAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1)).toISOString();
  const [a, b, none] = await Promise.all([customerFactory(), customerFactory(), customerFactory()]);
  [ids.a, ids.b, ids.none] = [a.id, b.id, none.id];
  for (const c of [a, b]) await subscriptionFactory({ customerId: c.id, plan: plan.key, startsAt, anchorDay: 1 });
  const subject = a.subjects[0].key;
  const events: RawEvent[] = [];
  for (let d = 20; d >= 0; d--) {
    const time = new Date(now.getTime() - d * DAY - 3_600_000).toISOString();
    events.push({ customerId: a.id, subject, type: tokenType, time, data: { tokens: 300, model: 'small' } });
    events.push({ customerId: a.id, subject, type: tokenType, time, data: { tokens: 50, model: 'large' } });
    events.push({ customerId: a.id, subject, type: peakType, time, data: { size: 21 - d } });
  }
  await insertEvents(events);
  await drain([a.id]);
  await finalizeDueInvoices({ customerIds: [a.id, b.id], prefix: testPrefix(), now });
  const user = await userFactory({ customerId: a.id });
  member = { cookie: await sessionCookie(user.id) };
}, 60_000);
afterAll(() => server.close());

/** The meter query's exact value (a JSON number literal, read as text so no float rounds it). */
async function meterQuery(slug: string, params: Record<string, string>): Promise<string> {
  const res = await call(`/api/v1/meters/${slug}/query?${new URLSearchParams(params)}`, admin);
  expect(res.status).toBe(200);
  const values = [...(await res.text()).matchAll(/"value":(-?[0-9.eE+-]+)/g)].map((m) => m[1]);
  expect(values).toHaveLength(1);
  return new Decimal(values[0]).toString();
}

describe('customer overview API', () => {
  it('cost so far is the upcoming invoice total exactly, and each charge its draft line', async () => {
    const [overview, draft] = await Promise.all([json(`/api/v1/customers/${ids.a}/overview`), json(`/api/v1/customers/${ids.a}/invoices/upcoming`)]);
    expect(overview).toMatchObject({ status: 'active', customer: { id: ids.a, currency: 'USD', timeZone: 'UTC' }, currency: 'USD', invoice: { id: draft.id } });
    expect(overview.costSoFar).toBe(draft.total);
    expect(overview.period).toMatchObject({ start: draft.period.start, end: draft.period.end, timeZone: 'UTC' });
    // A month of days; today counts as a day left.
    const start = new Date(draft.period.start);
    const days = Math.round((new Date(draft.period.end).getTime() - start.getTime()) / DAY);
    expect(overview.period.days).toBe(days);
    expect(overview.period.daysLeft).toBe(days - (new Date().getUTCDate() - 1));
    for (const line of draft.lines as { kind: string; chargeKey: string; amount: string; quantity: string | null }[]) {
      if (line.kind === 'adjustment') continue;
      const charge = (overview.charges as Charge[]).find((c) => c.key === line.chargeKey)!;
      expect(charge.costSoFar, line.chargeKey).toBe(line.amount);
      if (line.kind === 'usage') expect(charge.usageSoFar, line.chargeKey).toBe(new Decimal(line.quantity!).toString());
    }
  });

  it('per-charge usage equals the meter query over the same period and group filter', async () => {
    const overview = await json(`/api/v1/customers/${ids.a}/overview`);
    const charges = new Map((overview.charges as Charge[]).map((c) => [c.key, c]));
    const span = { from: overview.period.start, to: overview.invoice.usageTo, filterCustomerId: ids.a };
    expect(charges.get('small')!.usageSoFar).toBe(await meterQuery(slugs.tokens, { ...span, 'filterGroupBy[model]': 'small' }));
    expect(charges.get('large')!.usageSoFar).toBe(await meterQuery(slugs.tokens, { ...span, 'filterGroupBy[model]': 'large' }));
    expect(charges.get('peak')!.usageSoFar).toBe(await meterQuery(slugs.peak, span));
    // Hand count: one small event of 300 a day, each day since the period began (the 1st, UTC).
    const daysIn = [...Array(21).keys()].filter((d) => new Date(Date.now() - d * DAY - 3_600_000) >= new Date(overview.period.start)).length;
    expect(charges.get('small')!.usageSoFar).toBe(String(300 * daysIn));
    expect(charges.get('small')!.included).toEqual({ units: '100', used: String(Math.min(100, 300 * daysIn)), left: String(Math.max(0, 100 - 300 * daysIn)) });
  });

  it('forecasts every usage charge with low <= point <= high, never below the usage so far', async () => {
    const overview = await json(`/api/v1/customers/${ids.a}/overview`);
    const d = (s: string) => new Decimal(s);
    for (const c of overview.charges as Charge[]) {
      const cost = c.forecast.cost;
      expect(d(cost.low).lte(cost.point) && d(cost.point).lte(cost.high), c.key).toBe(true);
      if (c.type !== 'usage') continue;
      const q = c.forecast.quantity!;
      expect(d(q.low).lte(q.point) && d(q.point).lte(q.high), c.key).toBe(true);
      expect(d(q.low).gte(c.usageSoFar!), c.key).toBe(true);
      expect(d(cost.low).gte(c.costSoFar), c.key).toBe(true);
    }
    const total = overview.forecast.total as Range;
    expect(d(total.low).lte(total.point) && d(total.point).lte(total.high)).toBe(true);
    expect(d(total.low).gte(overview.costSoFar)).toBe(true);
    // 20 days of history before today: the seasonal model, unless the period has barely begun.
    const small = (overview.charges as Charge[]).find((c) => c.key === 'small')!;
    expect(['seasonal_damped_trend', 'daily_average']).toContain(small.forecast.method);
    expect(small.forecast.note).toBeTruthy();
    // A maximum is not a sum of days: its forecast is the value so far, and it says why.
    const peak = (overview.charges as Charge[]).find((c) => c.key === 'peak')!;
    expect(peak.forecast.quantity).toEqual({ point: peak.usageSoFar, low: peak.usageSoFar, high: peak.usageSoFar });
    expect(peak.forecast.note).toContain('not a sum of days');
    // The last finalized invoice is the one the forecast is compared with.
    const invoices = await json(`/api/v1/invoices?customer=${ids.a}&status=finalized&limit=1`);
    expect(overview.previous).toMatchObject({ invoiceId: invoices.data[0].id, number: invoices.data[0].number, total: invoices.data[0].total });
    // Its note says so exactly when the forecast total is above that invoice's.
    const above = `The forecast of ${total.point} USD is above the last invoice, ${invoices.data[0].number}, of ${invoices.data[0].total} USD.`;
    expect(overview.notes.includes(above)).toBe(d(total.point).gt(invoices.data[0].total));
  });

  it('a member reads only its own overview: another customer or a wrong id is 404', async () => {
    expect((await json(`/api/v1/customers/${ids.a}/overview`, member)).customer.id).toBe(ids.a);
    for (const id of [ids.b, ids.none, '00000000-0000-0000-0000-000000000000', 'not-a-uuid']) {
      const res = await call(`/api/v1/customers/${id}/overview`, member);
      expect(res.status, id).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
    expect((await call(`/api/v1/customers/${ids.a}/overview`, {})).status).toBe(401);
  });

  it('the admin list computes the same numbers for every customer in one batch', async () => {
    const rows = await listCustomerOverviews({ principal: { kind: 'api-key', keyId: 'test', scope: 'admin' } });
    for (const id of [ids.a, ids.b]) {
      const one = await json(`/api/v1/customers/${id}/overview`);
      expect(rows.find((r) => r.customerId === id)).toEqual({ customerId: id, plan: one.subscription.plan, currency: 'USD', costSoFar: one.costSoFar, forecast: one.forecast.total });
    }
    expect(rows.find((r) => r.customerId === ids.none)).toBeUndefined();
  });

  it('a customer without a subscription gets an answer that says so', async () => {
    const overview = await json(`/api/v1/customers/${ids.none}/overview`);
    expect(overview).toMatchObject({ status: 'no_subscription', customer: { id: ids.none } });
    expect(overview.message).toContain('not subscribed');
    expect(overview.costSoFar).toBeUndefined();
  });
});

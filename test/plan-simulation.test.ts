import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyFactory, customerFactory, meterFactory, planFactory, subscriptionFactory, userFactory } from '@/lib/seed/factories';
import { EVERY_CUSTOMER } from '@/lib/principals/customer-scope';
import { loadPeriodMeters } from '@/lib/usage/load-period-meters';
import { readPeriodTotals } from '@/lib/usage/read-period-totals';
import { readUsage } from '@/lib/usage/read-usage';
import { cloudEvent, postEvents } from './ingest-helpers';
import { drain, insertEvents, query } from './rollup-helpers';
import { sessionCookie, startRouteServer, type TestServer } from './route-server';

let server: TestServer;
let admin: Record<string, string>;
let ingestKey: string;

beforeAll(async () => {
  server = await startRouteServer();
  admin = { authorization: `Bearer ${(await apiKeyFactory('admin')).key}`, 'content-type': 'application/json' };
  ingestKey = (await apiKeyFactory('ingest')).key;
});
afterAll(() => server.close());

const call = (path: string, init: RequestInit = {}) => fetch(server.url + path, { ...init, headers: { ...admin, ...(init.headers as Record<string, string>) } });
const DAY = 86_400_000;

describe('plan simulation', () => {
  it('rates every subscriber’s last closed and current period under its version and the draft, from ingested usage', async () => {
    const tokens = await meterFactory({ aggregation: 'SUM', valueProperty: '$.tokens', groupBy: { model: '$.model' } });
    const calls = await meterFactory({ aggregation: 'COUNT' });
    const users = await meterFactory({ eventType: calls.eventType, aggregation: 'UNIQUE_COUNT', valueProperty: '$.user' });
    const plan = await planFactory({
      content: {
        charges: [
          { type: 'flat', key: 'base', name: 'Base', amount: '10.00', prorate: false },
          { type: 'usage', key: 'large', name: 'Large tokens', meter: tokens.slug, filter: { model: 'large' }, model: 'per_unit', unitPrice: '0.001' },
          { type: 'usage', key: 'calls', name: 'Calls', meter: calls.slug, model: 'package', packageSize: '100', packagePrice: '1.00' },
        ],
      },
    });
    const other = await planFactory();

    // The current period starts at UTC midnight ten days ago (anchor: that day, never clamped below 29).
    const tenDaysAgo = new Date(Date.now() - 10 * DAY);
    const start = Date.UTC(tenDaysAgo.getUTCFullYear(), tenDaysAgo.getUTCMonth(), Math.min(tenDaysAgo.getUTCDate(), 28));
    const anchorDay = new Date(start).getUTCDate();
    const at = (ms: number) => new Date(start + ms).toISOString();

    const a = await customerFactory();
    const b = await customerFactory();
    const c = await customerFactory();
    await subscriptionFactory({ customerId: a.id, plan: plan.key, startsAt: new Date(start - 5 * DAY), anchorDay });
    await subscriptionFactory({ customerId: b.id, plan: plan.key, startsAt: new Date(start - 90 * DAY), anchorDay });
    await subscriptionFactory({ customerId: c.id, plan: other.key });
    const subject = a.subjects[0].key;
    const prompt = (time: string, model: string, n: number) => cloudEvent(subject, { type: tokens.eventType, time, data: { tokens: n, model } });
    const call_ = (time: string, user: string) => cloudEvent(subject, { type: calls.eventType, time, data: { user } });
    const events = [
      prompt(at(-7 * DAY), 'large', 5000), // before A subscribed: never billed
      prompt(at(-2 * DAY), 'large', 1500),
      prompt(at(-2 * DAY + 61_000), 'small', 3000),
      ...Array.from({ length: 150 }, (_, i) => call_(at(-2 * DAY + i * 1000), `u${i % 9}`)),
      prompt(at(3600_000), 'large', 500),
      prompt(at(3600_000 + 59_000), 'large', 300),
      prompt(at(2 * 3600_000), 'small', 200),
      ...Array.from({ length: 30 }, (_, i) => call_(at(3600_000 + i * 7000), `u${5 + (i % 7)}`)),
    ];
    const res = await postEvents(server.url, ingestKey, events);
    expect((await res.json()).results.every((r: { status: string }) => r.status === 'accepted')).toBe(true);
    await drain([a.id]);

    // The draft: a dearer base, large tokens graduated after 100 free, small tokens priced, calls free, 25.00 minimum.
    expect((await call(`/api/v1/plans/${plan.key}/versions`, { method: 'POST' })).status).toBe(201);
    const draft = {
      charges: [
        { type: 'flat', key: 'base', name: 'Base', amount: '20.00', prorate: false },
        { type: 'usage', key: 'large', name: 'Large tokens', meter: tokens.slug, filter: { model: 'large' }, model: 'graduated', includedUnits: '100', tiers: [{ upTo: '1000', unitPrice: '0.001' }, { upTo: null, unitPrice: '0.0005' }] },
        { type: 'usage', key: 'small', name: 'Small tokens', meter: tokens.slug, filter: { model: 'small' }, model: 'per_unit', unitPrice: '0.0001' },
      ],
      minimumSpend: '25.00',
    };
    expect((await call(`/api/v1/plans/${plan.key}/versions/2`, { method: 'PUT', body: JSON.stringify(draft) })).status).toBe(200);

    const sim = await call(`/api/v1/plans/${plan.key}/versions/2/simulation`);
    expect(sim.status).toBe(200);
    const body = await sim.json();
    const period = (from: number, to: number) => ({ start: new Date(from).toISOString(), end: new Date(to).toISOString() });
    const lastStart = Date.UTC(new Date(start).getUTCFullYear(), new Date(start).getUTCMonth() - 1, anchorDay);
    const nextStart = Date.UTC(new Date(start).getUTCFullYear(), new Date(start).getUTCMonth() + 1, anchorDay);
    expect(body).toMatchObject({ plan: plan.key, version: 2, status: 'draft', currency: 'USD' });
    const byId = new Map(body.customers.map((x: { customerId: string }) => [x.customerId, x]));
    expect([...byId.keys()].sort()).toEqual([a.id, b.id].sort());
    // A, last closed period (usage from its start, 5 days before the period ended): large 1500, small 3000, 150 calls.
    //   v1: 10.00 + 1500 × 0.001 + 2 packages × 1.00 = 13.50
    //   v2: 20.00 + (1400: 1000 × 0.001 + 400 × 0.0005 = 1.20) + 3000 × 0.0001 = 21.50, below 25.00 → 25.00
    // A, current period to date: large 800, small 200, 30 calls.
    //   v1: 10.00 + 0.80 + 1 package 1.00 = 11.80;  v2: 20.00 + 700 × 0.001 + 0.02 = 20.72 → 25.00
    expect(byId.get(a.id)).toMatchObject({
      version: 1,
      lastClosedPeriod: { ...period(lastStart, start), version: 1, current: '13.50', simulated: '25.00', difference: '11.50' },
      currentPeriod: { ...period(start, nextStart), version: 1, current: '11.80', simulated: '25.00', difference: '13.20' },
    });
    // B has no usage: the base fee alone, and the minimum spend under the draft.
    expect(byId.get(b.id)).toMatchObject({
      lastClosedPeriod: { current: '10.00', simulated: '25.00', difference: '15.00' },
      currentPeriod: { current: '10.00', simulated: '25.00', difference: '15.00' },
    });
    expect(body.totals).toEqual({
      customers: 2,
      lastClosedPeriod: { current: '23.50', simulated: '50.00', difference: '26.50' },
      currentPeriod: { current: '21.80', simulated: '50.00', difference: '28.20' },
    });

    // The batch reader answers what the meter query answers for the same customer, range and filter.
    const from = new Date(start - 5 * DAY);
    const to = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const specs = await loadPeriodMeters([tokens.slug, calls.slug, users.slug]);
    const spec = (m: { slug: string }) => specs.get(m.slug)!;
    const [large, all, count, distinct, distinctNow] = await readPeriodTotals([
      { customerId: a.id, meter: spec(tokens), filter: { model: 'large' }, from, to },
      { customerId: a.id, meter: spec(tokens), filter: {}, from, to },
      { customerId: a.id, meter: spec(calls), filter: {}, from: new Date(start), to },
      { customerId: a.id, meter: spec(users), filter: {}, from, to },
      { customerId: a.id, meter: spec(users), filter: {}, from: new Date(start), to },
    ]);
    // Users u0..u8 before the period started, u5..u11 since: 12 distinct in all, 7 in the period.
    expect([large, all, count, distinct, distinctNow]).toEqual(['2300', '5500', '30', '12', '7']);
    const usersQuery = await query(users.slug, { from: from.toISOString(), to: to.toISOString() });
    expect(usersQuery.data.map((d) => d.value)).toEqual(['12']);
    const viaQuery = await query(tokens.slug, { from: from.toISOString(), to: to.toISOString(), groupBy: ['model'] });
    expect(Object.fromEntries(viaQuery.data.map((d) => [d.groupBy.model, d.value]))).toEqual({ large: '2300', small: '3200' });

    // Members never see other customers' costs.
    const member = await userFactory({ customerId: a.id });
    const asMember = await fetch(`${server.url}/api/v1/plans/${plan.key}/versions/2/simulation`, { headers: { cookie: await sessionCookie(member.id) } });
    expect(asMember.status).toBe(403);
    expect((await call(`/api/v1/plans/${plan.key}/versions/9/simulation`)).status).toBe(404);
  });

  it('reads a Kathmandu period whose edges cut UTC hours exactly as the meter query does', async () => {
    const tokens = await meterFactory({ aggregation: 'SUM', valueProperty: '$.tokens' });
    const k = await customerFactory({ timeZone: 'Asia/Kathmandu' });
    // Local midnight in Kathmandu (+05:45) is 18:15 UTC: both edges fall a quarter into an hour,
    // so the read takes minutes for the ragged 45 and 15 minutes and hours in between.
    const day = Math.floor(Date.now() / DAY) * DAY;
    const from = new Date(day - 3 * DAY - 5 * 3600_000 - 45 * 60_000);
    const to = new Date(from.getTime() + DAY);
    const at = (ms: number) => new Date(from.getTime() + ms).toISOString();
    const events = [
      [-60_000, 1], // the minute before: outside
      [0, 10], // the first minute
      [44 * 60_000 + 59_000, 100], // the last minute before the first whole hour
      [45 * 60_000, 1000], // the first whole hour
      [5 * 3600_000, 10_000], // an hour in the middle
      [DAY - 60_000, 100_000], // the last minute, inside the cut hour at the end
      [DAY, 1_000_000], // the end: outside
    ].map(([ms, n]) => ({ customerId: k.id, subject: k.subjects[0].key, type: tokens.eventType, time: at(ms), data: { tokens: n } }));
    await insertEvents(events);
    await drain([k.id]);
    const [total] = await readPeriodTotals([{ customerId: k.id, meter: (await loadPeriodMeters([tokens.slug])).get(tokens.slug)!, filter: {}, from, to }]);
    expect(total).toBe('111110');
    expect((await query(tokens.slug, { from: from.toISOString(), to: to.toISOString() })).data.map((d) => d.value)).toEqual(['111110']);
  });

  it('reads bounds off the minute from the folded events, to the millisecond, as the meter query does', async () => {
    const tokens = await meterFactory({ aggregation: 'SUM', valueProperty: '$.tokens', groupBy: { model: '$.model' } });
    const users = await meterFactory({ aggregation: 'UNIQUE_COUNT', valueProperty: '$.user', eventType: tokens.eventType });
    const last = await meterFactory({ aggregation: 'LATEST', valueProperty: '$.tokens', eventType: tokens.eventType });
    const c = await customerFactory();
    const other = await customerFactory();
    // A subscription starting at 10:00:30 two days ago, read up to 12:00:20.5 the same day.
    const day = Math.floor(Date.now() / DAY) * DAY - 2 * DAY;
    const t = (h: number, m: number, s: number, ms = 0) => new Date(day + ((h * 60 + m) * 60 + s) * 1000 + ms);
    const from = t(10, 0, 30);
    const to = t(12, 0, 20, 500);
    const event = (time: Date, n: number, model: string, user: string, customer = c) => ({ customerId: customer.id, subject: customer.subjects[0].key, type: tokens.eventType, time: time.toISOString(), data: { tokens: n, model, user } });
    await insertEvents([
      event(t(10, 0, 10), 1, 'large', 'u1'), // same minute as the start, before it: out
      event(t(10, 0, 30), 2, 'large', 'u2'), // exactly at the start: in
      event(t(10, 0, 59, 999), 4, 'small', 'u3'), // end of the first partial minute: in
      event(t(11, 0, 0), 8, 'large', 'u3'), // a whole hour: in
      event(t(12, 0, 20, 499), 16, 'small', 'u4'), // last millisecond before the end: in
      event(t(12, 0, 20, 500), 32, 'large', 'u5'), // exactly at the end: out
      event(t(10, 0, 45), 64, 'large', 'u6', other), // another customer's, inside the edge: out
    ]);
    await drain([c.id, other.id]);
    const specs = await loadPeriodMeters([tokens.slug, users.slug, last.slug]);
    const read = (meter: string, filter: Record<string, string>, a = from, b = to) => ({ customerId: c.id, meter: specs.get(meter)!, filter, from: a, to: b });
    const totals = await readPeriodTotals([
      read(tokens.slug, {}),
      read(tokens.slug, { model: 'large' }),
      read(users.slug, {}),
      read(last.slug, {}),
      // Inside one minute: only the events between the two bounds.
      read(tokens.slug, {}, t(10, 0, 30), t(10, 0, 59, 999)),
      // Whole minutes are untouched by the edges.
      read(tokens.slug, {}, t(10, 0, 0), t(12, 1, 0)),
    ]);
    // 2 + 4 + 8 + 16; large: 2 + 8; users u2, u3, u4; latest: 16 (12:00:20.499); one minute: 2; whole minutes: 1 + 2 + 4 + 8 + 16 + 32.
    expect(totals).toEqual(['30', '10', '3', '16', '2', '63']);
    const viaQuery = async (slug: string) => (await readUsage({ meter: slug, scope: EVERY_CUSTOMER, customerIds: [c.id], from, to })).map((d) => d.value);
    expect([await viaQuery(tokens.slug), await viaQuery(users.slug), await viaQuery(last.slug)]).toEqual([['30'], ['3'], ['16']]);
  });
});

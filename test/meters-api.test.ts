import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/prisma';
import { apiKeyFactory, customerFactory, randomKey, userFactory } from '@/lib/seed/factories';
import { cloudEvent, postEvents } from './ingest-helpers';
import { drain } from './rollup-helpers';
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

describe('meters API', () => {
  it('creates, lists, gets, updates and deletes a meter in OpenMeter’s shape, with an audit trail', async () => {
    const slug = randomKey('tokens');
    const created = await call('/api/v1/meters', {
      method: 'POST',
      body: JSON.stringify({ slug, description: 'LLM tokens', eventType: 'prompt', aggregation: 'SUM', valueProperty: '$.tokens', groupBy: { model: '$.model' }, unit: 'tokens' }),
    });
    expect(created.status).toBe(201);
    const meter = await created.json();
    expect(meter).toMatchObject({ slug, name: slug, eventType: 'prompt', aggregation: 'SUM', valueProperty: '$.tokens', groupBy: { model: '$.model' }, unit: 'tokens' });

    expect((await (await call('/api/v1/meters')).json()).map((m: { slug: string }) => m.slug)).toContain(slug);
    expect((await (await call(`/api/v1/meters/${slug}`)).json()).id).toBe(meter.id);
    expect((await (await call(`/api/v1/meters/${meter.id}`)).json()).slug).toBe(slug);

    const updated = await call(`/api/v1/meters/${slug}`, { method: 'PATCH', body: JSON.stringify({ name: 'Tokens', groupBy: { model: '$.model', region: '$.region' } }) });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({ name: 'Tokens', groupBy: { model: '$.model', region: '$.region' } });
    const immutable = await call(`/api/v1/meters/${slug}`, { method: 'PATCH', body: JSON.stringify({ aggregation: 'MAX' }) });
    expect(immutable.status).toBe(400);

    expect((await call(`/api/v1/meters/${slug}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`/api/v1/meters/${slug}`)).status).toBe(404);
    const audit = await db().auditLog.findMany({ where: { entityType: 'meter', entityId: meter.id }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['meter.create', 'meter.update', 'meter.delete']);
  });

  it.each([
    ['a bad slug', { slug: 'Has Spaces', eventType: 't', aggregation: 'COUNT' }, 'slug'],
    ['an unknown aggregation', { slug: 'x', eventType: 't', aggregation: 'MEDIAN' }, 'aggregation'],
    ['SUM without a value property', { slug: 'x', eventType: 't', aggregation: 'SUM' }, 'valueProperty'],
    ['COUNT with a value property', { slug: 'x', eventType: 't', aggregation: 'COUNT', valueProperty: '$.n' }, 'valueProperty'],
    ['a JSONPath filter expression', { slug: 'x', eventType: 't', aggregation: 'SUM', valueProperty: '$..n[?(@ > 1)]' }, 'valueProperty'],
    ['a bad group-by path', { slug: 'x', eventType: 't', aggregation: 'COUNT', groupBy: { m: 'model' } }, 'groupBy.m'],
    ['a group named like the query’s subject grouping', { slug: 'x', eventType: 't', aggregation: 'COUNT', groupBy: { subject: '$.user' } }, 'groupBy.subject'],
    ['a group named like the query’s customer grouping', { slug: 'x', eventType: 't', aggregation: 'COUNT', groupBy: { customer_id: '$.c' } }, 'groupBy.customer_id'],
  ])('rejects %s with 400 naming the field', async (_name, body, field) => {
    const res = await call('/api/v1/meters', { method: 'POST', body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details.map((d: { path: string }) => d.path)).toContain(field);
  });

  it('refuses a duplicate slug with 409 and meter writes without the admin scope', async () => {
    const slug = randomKey('dup');
    const body = JSON.stringify({ slug, eventType: 't', aggregation: 'COUNT' });
    expect((await call('/api/v1/meters', { method: 'POST', body })).status).toBe(201);
    expect((await call('/api/v1/meters', { method: 'POST', body })).status).toBe(409);
    const reader = (await apiKeyFactory('read')).key;
    const res = await fetch(`${server.url}/api/v1/meters`, { method: 'POST', headers: { authorization: `Bearer ${reader}`, 'content-type': 'application/json' }, body });
    expect(res.status).toBe(403);
  });
});

describe('meter query API', () => {
  it('answers in OpenMeter’s shape with exact decimals, filters and groups, and tells ingest about bad values', async () => {
    const type = randomKey('q');
    const slug = randomKey('q-sum');
    const acme = await customerFactory();
    const globex = await customerFactory();
    await call('/api/v1/meters', { method: 'POST', body: JSON.stringify({ slug, eventType: type, aggregation: 'SUM', valueProperty: '$.amount', groupBy: { model: '$.model' } }) });
    const t = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    const res = await postEvents(server.url, ingestKey, [
      cloudEvent(acme.subjects[0].key, { type, time: t(30), data: { amount: '0.1', model: 'small' } }),
      cloudEvent(acme.subjects[0].key, { type, time: t(20), data: { amount: '0.2', model: 'large' } }),
      cloudEvent(acme.subjects[0].key, { type, time: t(10), data: { amount: '12345678901234567890.000000000000000001', model: 'large' } }),
      cloudEvent(globex.subjects[0].key, { type, time: t(10), data: { amount: 5, model: 'small' } }),
      cloudEvent(globex.subjects[0].key, { type, time: t(10), data: { amount: 'five', model: 'small' } }),
    ]);
    const report = await res.json();
    expect(report.results[4]).toMatchObject({ status: 'accepted', meterErrors: [{ meter: slug, code: 'invalid_value' }] });
    expect(report.results[0].meterErrors).toBeUndefined();
    await drain([acme.id, globex.id]);

    const from = new Date(Math.floor((Date.now() - 3600_000) / 60_000) * 60_000).toISOString();
    const to = new Date(Math.ceil((Date.now() + 60_000) / 60_000) * 60_000).toISOString();
    const reader = { authorization: `Bearer ${(await apiKeyFactory('read')).key}` };
    const q = (qs: string, headers: Record<string, string> = reader) => fetch(`${server.url}/api/v1/meters/${slug}/query?from=${from}&to=${to}&${qs}`, { headers });

    const total = await q('');
    expect(total.status).toBe(200);
    const text = await total.text();
    // Exact on the wire: a float would have rounded this.
    expect(text).toContain('"value":12345678901234567895.300000000000000001');
    expect(JSON.parse(text)).toMatchObject({ from, to, windowSize: null, data: [{ windowStart: from, windowEnd: to, subject: null, groupBy: {} }] });

    const bySubject = await (await q(`groupBy=subject&subject=${acme.subjects[0].key}&subject=${globex.subjects[0].key}`)).json();
    expect(bySubject.data.map((d: { subject: string; value: number }) => [d.subject, d.value]).sort()).toEqual(
      [
        [acme.subjects[0].key, 12345678901234567895.3],
        [globex.subjects[0].key, 5],
      ].sort(),
    );
    const filtered = await (await q('filterGroupBy[model]=small&groupBy=model')).json();
    expect(filtered.data).toMatchObject([{ value: 5.1, groupBy: { model: 'small' } }]);
    const hourly = await (await q('windowSize=HOUR&windowTimeZone=Asia/Kathmandu')).json();
    expect(hourly.windowSize).toBe('HOUR');
    expect(hourly.data.length).toBeGreaterThan(0);
    // Kathmandu hours start at :15 UTC; only the first window may start earlier-clipped, at `from`.
    for (const d of hourly.data) {
      if (d.windowStart !== from) expect(new Date(d.windowStart).getUTCMinutes()).toBe(15);
      if (d.windowEnd !== to) expect(new Date(d.windowEnd).getUTCMinutes()).toBe(15);
    }

    // A member sees only its own customer's usage; another customer's subject is "not found".
    const member = await userFactory({ role: 'member', customerId: globex.id });
    const cookie = await sessionCookie(member.id);
    const own = await (await q('groupBy=subject', { cookie })).json();
    expect(own.data.map((d: { subject: string }) => d.subject)).toEqual([globex.subjects[0].key]);
    const foreign = await q(`groupBy=subject&subject=${acme.subjects[0].key}&subject=${globex.subjects[0].key}`, { cookie });
    expect(foreign.status).toBe(404);
    expect((await foreign.json()).error.code).toBe('not_found');

    for (const [qs, status] of [
      ['windowSize=WEEK', 400],
      ['windowTimeZone=Mars/Base', 400],
      ['groupBy=nope', 400],
      ['filterGroupBy[nope]=x', 400],
    ] as const) {
      expect((await q(qs)).status).toBe(status);
    }
    expect((await fetch(`${server.url}/api/v1/meters/no-such-meter/query`, { headers: reader })).status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/meters/${slug}/query`)).status).toBe(401);
  });

  it('counts a subject’s kept events for the customer it is mapped to', async () => {
    const type = randomKey('late-map');
    const slug = randomKey('late-map-count');
    await call('/api/v1/meters', { method: 'POST', body: JSON.stringify({ slug, eventType: type, aggregation: 'COUNT' }) });
    const stranger = randomKey('stranger');
    await postEvents(server.url, ingestKey, [cloudEvent(stranger, { type }), cloudEvent(stranger, { type })]);
    const c = await customerFactory();
    await call(`/api/v1/customers/${c.id}/subjects`, { method: 'POST', body: JSON.stringify({ subject: stranger }) });
    await drain([c.id]);
    const res = await (await call(`/api/v1/meters/${slug}/query?subject=${stranger}`)).json();
    expect(res.data[0].value).toBe(2);
  });
});

describe('metrics and health', () => {
  it('exposes consumer lag and ingest counters for Prometheus', async () => {
    const res = await fetch(`${server.url}/api/metrics`, { headers: { authorization: admin.authorization } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^meterline_consumer_lag_seconds \d+(\.\d+)?$/m);
    expect(text).toMatch(/^meterline_consumer_pending_events \d+$/m);
  });
});

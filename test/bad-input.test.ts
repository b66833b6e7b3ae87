import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pool } from '@/lib/db/pool';
import { apiKeyFactory, customerFactory, meterFactory, randomKey } from '@/lib/seed/factories';
import { cloudEvent, postEvents } from './ingest-helpers';
import { startRouteServer, type TestServer } from './route-server';

// Each case here answered 500 before: input a caller got wrong must get a 4xx or a per-event
// rejection, and must never sink the good events beside it.

const BATCH = 'application/cloudevents-batch+json';

let server: TestServer;
let ingestKey: string;
let admin: Record<string, string>;
let subject: string;

beforeAll(async () => {
  server = await startRouteServer();
  ingestKey = (await apiKeyFactory('ingest')).key;
  admin = { authorization: `Bearer ${(await apiKeyFactory('admin')).key}` };
  subject = (await customerFactory()).subjects[0].key;
});
afterAll(() => server.close());

async function stored(ids: string[]): Promise<number> {
  const { rows } = await pool().query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE event_id = ANY($1)', [ids]);
  return rows[0].n;
}

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { v: value };
  return value;
}

/** A JSON text whose `data` nests `depth` levels, built as text: JSON.stringify itself overflows on it. */
function deepEventJson(depth: number, id: string): string {
  const head = JSON.stringify(cloudEvent(subject, { id, data: undefined })).slice(0, -1);
  return `${head},"data":{"d":${'['.repeat(depth)}1${']'.repeat(depth)}}}`;
}

describe('unstorable text in events', () => {
  const fields = ['id', 'source', 'type', 'subject', 'time', 'specversion', 'datacontenttype'] as const;
  it.each(
    fields.flatMap((field) => [
      [field, 'NUL', 'a\u0000b'],
      [field, 'lone surrogate', 'a\ud800b'],
    ]),
  )('rejects "%s" holding a %s per event, stores the sample and keeps the batch', async (field, _what, value) => {
    const good = [cloudEvent(subject), cloudEvent(subject)];
    const bad = { ...cloudEvent(subject), [field]: value };
    const res = await postEvents(server.url, ingestKey, [good[0], bad, good[1]]);
    expect(res.status).toBe(207);
    const body = await res.json();
    expect(body.totals).toMatchObject({ received: 3, accepted: 2, rejected: 1 });
    expect(body.results[1].status).toBe('rejected');
    expect(await stored(good.map((e) => e.id))).toBe(2);
  });

  it.each([
    ['a NUL in a data value', { note: 'a\u0000b' }],
    ['a NUL in a data key', { 'a\u0000b': 1 }],
    ['a lone surrogate in a data value', { note: '\udc00' }],
  ])('rejects %s as invalid_data and stores the sample, escaped', async (_name, data) => {
    const good = cloudEvent(subject);
    const bad = cloudEvent(subject, { data });
    const res = await postEvents(server.url, ingestKey, [good, bad]);
    expect(res.status).toBe(207);
    expect((await res.json()).results[1]).toMatchObject({ status: 'rejected', code: 'invalid_data' });
    expect(await stored([good.id])).toBe(1);
    const { rows } = await pool().query("SELECT event FROM event_rejections WHERE event->>'id' = $1", [bad.id]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0].event.data)).toMatch(/\\\\u(0000|dc00)/);
  });
});

describe('deeply nested data', () => {
  it('rejects data nested past the limit as invalid_data, keeping the rest of the batch', async () => {
    const good = cloudEvent(subject);
    const badId = randomKey('deep');
    const res = await postEvents(server.url, ingestKey, `[${JSON.stringify(good)},${deepEventJson(5000, badId)}]`, { contentType: BATCH });
    expect(res.status).toBe(207);
    const body = await res.json();
    expect(body.results[1]).toMatchObject({ status: 'rejected', code: 'invalid_data' });
    expect(body.results[1].message).toMatch(/32 levels/);
    expect(await stored([good.id])).toBe(1);
    const { rows } = await pool().query("SELECT event FROM event_rejections WHERE event->>'id' = $1", [badId]);
    expect(rows).toHaveLength(1);
  });

  it('accepts data exactly at the limit and rejects one level more', async () => {
    // `data` is level 1; nested(31) inside it makes 32 levels.
    const atLimit = cloudEvent(subject, { data: { d: nested(31) } });
    const over = cloudEvent(subject, { data: { d: nested(32) } });
    const res = await postEvents(server.url, ingestKey, [atLimit, over]);
    expect(res.status).toBe(207);
    const body = await res.json();
    expect(body.results[0].status).toBe('accepted');
    expect(body.results[1]).toMatchObject({ status: 'rejected', code: 'invalid_data' });
  });

  it('answers a binary-mode event with deeply nested data with a rejection, not a 500', async () => {
    const res = await fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ingestKey}`,
        'content-type': 'application/json',
        'ce-specversion': '1.0',
        'ce-id': randomKey('bin'),
        'ce-source': 'binary',
        'ce-type': 'deep',
        'ce-subject': subject,
      },
      body: `{"d":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details.results[0].code).toBe('invalid_data');
  });
});

describe('numbers JSON can write but JavaScript cannot hold', () => {
  it('rejects 1e309 in data as invalid_data instead of storing null', async () => {
    const good = cloudEvent(subject);
    const badId = randomKey('inf');
    const bad = JSON.stringify(cloudEvent(subject, { id: badId, data: { tokens: 0 } })).replace('"tokens":0', '"tokens":1e309');
    const res = await postEvents(server.url, ingestKey, `[${JSON.stringify(good)},${bad}]`, { contentType: BATCH });
    expect(res.status).toBe(207);
    expect((await res.json()).results[1]).toMatchObject({ status: 'rejected', code: 'invalid_data' });
    expect(await stored([good.id, badId])).toBe(1);
  });
});

describe('query and path parameters', () => {
  it.each([
    ['/api/v1/events?subject=a%00b', 'read'],
    ['/api/v1/events?type=a%00b', 'read'],
    ['/api/v1/events?from=0000-01-01T00:00:00Z', 'read'],
    ['/api/v1/events?to=0000-12-31T23:59:59Z', 'read'],
    ['/api/v1/events?subject=' + 'x'.repeat(300), 'read'],
    ['/api/v1/meters/%00', 'read'],
    ['/api/v1/meters/a%00b', 'read'],
    [`/api/v1/meters/${'m'.repeat(300)}`, 'read'],
    ['/api/v1/audit?entityType=a%00b', 'admin'],
    ['/api/v1/audit?entityId=a%00b', 'admin'],
    ['/api/v1/customers/%00', 'admin'],
    [`/api/v1/customers/${'c'.repeat(2000)}`, 'admin'],
    [`/api/health?${'q'.repeat(2000)}=1`, 'admin'],
    ['/api/v1/ingest/overview?x=%00', 'admin'],
  ].map(([path, scope]) => [path.length > 80 ? `${path.slice(0, 40)}… (${path.length} characters)` : path, path, scope]))(
    'GET %s answers 400',
    async (_name, path, scope) => {
      const key = scope === 'admin' ? admin.authorization : `Bearer ${(await apiKeyFactory('read')).key}`;
      const res = await fetch(server.url + path, { headers: { authorization: key } });
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe('validation_failed');
    },
  );

  it('answers a path that is not valid percent-encoding with 400, as Next.js does', async () => {
    const res = await fetch(`${server.url}/api/v1/meters/%E0%A4%A`, { headers: admin });
    expect(res.status).toBe(400);
  });

  it.each([
    ['DELETE', '/api/v1/meters/a%00b'],
    ['PATCH', '/api/v1/meters/a%00b'],
    ['DELETE', '/api/v1/api-keys/a%00b'],
    ['POST', '/api/v1/customers/a%00b/subjects'],
  ])('%s %s answers 400', async (method, path) => {
    const res = await fetch(server.url + path, { method, headers: { ...admin, 'content-type': 'application/json' }, body: method === 'DELETE' ? undefined : '{}' });
    expect(res.status).toBe(400);
  });
});

describe('JSON bodies', () => {
  it.each([
    ['a NUL in a meter name', '/api/v1/meters', { slug: randomKey('m'), name: 'a\u0000b', eventType: 't', aggregation: 'COUNT' }],
    ['a lone surrogate in a meter description', '/api/v1/meters', { slug: randomKey('m'), description: '\ud800', eventType: 't', aggregation: 'COUNT' }],
    ['a NUL in a customer name', '/api/v1/customers', { name: 'a\u0000b', subjects: [randomKey('s')] }],
    ['a NUL in an API key name', '/api/v1/api-keys', { name: 'a\u0000b', scope: 'read' }],
    ['a NUL in an event type', '/api/v1/meters', { slug: randomKey('m'), eventType: 'a\u0000b', aggregation: 'COUNT' }],
  ])('answers %s with 400', async (_name, path, body) => {
    const res = await fetch(server.url + path, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('validation_failed');
  });

  it('answers a deeply nested body with 400', async () => {
    const res = await fetch(`${server.url}/api/v1/meters`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: `{"slug":"deep","eventType":"t","aggregation":"COUNT","groupBy":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    });
    expect(res.status).toBe(400);
  });
});

describe('time zones', () => {
  it('accepts a zone name in any case in a meter query, as PostgreSQL does', async () => {
    const meter = await meterFactory({ aggregation: 'COUNT' });
    const res = await fetch(`${server.url}/api/v1/meters/${meter.slug}/query?windowSize=DAY&windowTimeZone=asia/kathmandu&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z`, { headers: admin });
    expect(res.status).toBe(200);
  });

  it('answers an ingest request with a malformed Host header without a 5xx', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(server.url);
      const req = http.request({ host: url.hostname, port: url.port, path: '/api/v1/events', method: 'POST', headers: { host: 'a b', authorization: `Bearer ${ingestKey}`, 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(JSON.stringify(cloudEvent(subject)));
    });
    expect(status).toBeLessThan(500);
  });

  it.each(['US/Pacific-New', 'Canada/East-Saskatchewan'])('refuses %s, which the JavaScript engine knows but PostgreSQL does not', async (timeZone) => {
    const res = await fetch(`${server.url}/api/v1/customers`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Zone', subjects: [randomKey('s')], timeZone }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details).toEqual([{ path: 'timeZone', message: expect.stringMatching(/time zone/) }]);
  });

  it.each(['US/Pacific-New', 'Canada/East-Saskatchewan'])('refuses %s as a meter query window zone, and in a customer update', async (timeZone) => {
    const customer = await customerFactory();
    const patch = await fetch(`${server.url}/api/v1/customers/${customer.id}`, {
      method: 'PATCH',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ timeZone }),
    });
    expect(patch.status).toBe(400);
    const meter = await meterFactory({ aggregation: 'COUNT' });
    const query = await fetch(`${server.url}/api/v1/meters/${meter.slug}/query?windowSize=DAY&windowTimeZone=${encodeURIComponent(timeZone)}`, { headers: admin });
    expect(query.status).toBe(400);
    expect(JSON.stringify((await query.json()).error.details)).toContain('windowTimeZone');
  });

  it.each(['Asia/Kathmandu', 'America/Argentina/Buenos_Aires', 'UTC', 'europe/berlin'])('accepts %s', async (timeZone) => {
    const res = await fetch(`${server.url}/api/v1/customers`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Zone', subjects: [randomKey('s')], timeZone }),
    });
    expect(res.status).toBe(201);
  });
});

describe('answers given before the body is read', () => {
  it('leave the connection usable for the next request (no hang behind an unread upload)', async () => {
    const big = '['.repeat(3_000_000);
    const refused = [
      await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { authorization: 'Bearer nope', 'content-type': 'application/json' }, body: big }),
      await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${ingestKey}`, 'content-type': 'text/plain' }, body: big }),
    ];
    expect(refused.map((r) => r.status)).toEqual([401, 415]);
    await Promise.all(refused.map((r) => r.text()));
    const e = cloudEvent(subject);
    const next = await fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ingestKey}`, 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify(e),
      signal: AbortSignal.timeout(10_000),
    });
    expect(next.status).toBe(200);
  });
});

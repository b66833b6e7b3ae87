import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeApiKey } from '@/lib/api-keys/revoke-api-key';
import { pool } from '@/lib/db/pool';
import { flushIngestStats } from '@/lib/ingest/ingest-stats';
import { apiKeyFactory, customerFactory, randomKey, userFactory } from '@/lib/seed/factories';
import { cloudEvent, postEvents } from './ingest-helpers';
import { sessionCookie, startRouteServer, type TestServer } from './route-server';

let server: TestServer;
let key: string;
let subject: string;
let customerId: string;

beforeAll(async () => {
  server = await startRouteServer();
  key = (await apiKeyFactory('ingest')).key;
  const c = await customerFactory();
  subject = c.subjects[0].key;
  customerId = c.id;
});
afterAll(() => server.close());

async function countEvents(where: string, params: unknown[]): Promise<number> {
  const { rows } = await pool().query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE ${where}`, params);
  return Number(rows[0].n);
}

describe('ingest formats', () => {
  it('accepts a structured CloudEvent and stores it with its receive time and key', async () => {
    const e = cloudEvent(subject, { time: '2026-11-24T09:00:00.123456+01:00', data: { tokens: 5, model: 'x' } });
    const res = await postEvents(server.url, key, e);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ totals: { received: 1, accepted: 1 }, results: [{ index: 0, status: 'accepted' }] });
    const { rows } = await pool().query(
      `SELECT customer_id, to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS t, data, received_at, api_key_id
       FROM events WHERE source = $1 AND event_id = $2`,
      [e.source, e.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ customer_id: customerId, t: '2026-11-24T08:00:00.123456', data: { tokens: 5, model: 'x' } });
    expect(rows[0].received_at).toBeInstanceOf(Date);
    expect(rows[0].api_key_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts a batch', async () => {
    const batch = [cloudEvent(subject), cloudEvent(subject), cloudEvent(subject)];
    const res = await postEvents(server.url, key, batch);
    expect(res.status).toBe(200);
    expect((await res.json()).totals).toMatchObject({ received: 3, accepted: 3 });
    expect(await countEvents('event_id = ANY($1)', [batch.map((e) => e.id)])).toBe(3);
  });

  it('accepts binary mode: attributes in ce-* headers, data as the body', async () => {
    const id = randomKey('bin');
    const res = await fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'ce-specversion': '1.0',
        'ce-id': id,
        'ce-source': 'binary-producer',
        'ce-type': 'storage',
        'ce-subject': subject,
        'ce-time': new Date().toISOString(),
      },
      body: JSON.stringify({ bytes: 2048 }),
    });
    expect(res.status).toBe(200);
    const { rows } = await pool().query('SELECT type, data FROM events WHERE source = $1 AND event_id = $2', ['binary-producer', id]);
    expect(rows).toEqual([{ type: 'storage', data: { bytes: 2048 } }]);
  });

  it.each([
    ['one event', false],
    ['an array', true],
  ])('accepts plain application/json with %s', async (_name, asArray) => {
    const e = cloudEvent(subject);
    const res = await postEvents(server.url, key, asArray ? [e] : e, { contentType: 'application/json; charset=utf-8' });
    expect(res.status).toBe(200);
    expect(await countEvents('event_id = $1', [e.id])).toBe(1);
  });

  it('accepts a gzip body', async () => {
    const batch = Array.from({ length: 50 }, () => cloudEvent(subject));
    const res = await postEvents(server.url, key, batch, { gzip: true });
    expect(res.status).toBe(200);
    expect(await countEvents('event_id = ANY($1)', [batch.map((e) => e.id)])).toBe(50);
  });

  it('accepts what the OpenMeter and CloudEvents SDKs send', async () => {
    // @openmeter/sdk's events.ingest(): structured mode, uuid id, its own source, ISO time with ms.
    const sdkEvent = {
      specversion: '1.0',
      id: crypto.randomUUID(),
      source: '@openmeter/sdk',
      type: 'prompt',
      subject,
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      data: { tokens: 123456, model: 'gpt4', provider: 'openai' },
    };
    const res = await fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/cloudevents+json', accept: 'application/json', 'user-agent': 'openmeter-node' },
      body: JSON.stringify(sdkEvent),
    });
    expect(res.status).toBe(200);
    expect(await countEvents('source = $1 AND event_id = $2', ['@openmeter/sdk', sdkEvent.id])).toBe(1);
  });

  it('accepts a batch of 1,000 events and a 4 MiB body', async () => {
    const big = Array.from({ length: 1000 }, () => cloudEvent(subject, { data: { pad: 'x'.repeat(4300) } }));
    expect(Buffer.byteLength(JSON.stringify(big))).toBeGreaterThan(4 * 1024 * 1024);
    const res = await postEvents(server.url, key, big);
    expect(res.status).toBe(200);
    expect((await res.json()).totals.accepted).toBe(1000);
  });
});

describe('request-level faults', () => {
  it.each([
    ['an unsupported content type', { contentType: 'text/plain' }, '{}', 415, 'unsupported_media_type'],
    ['an unsupported encoding', { headers: { 'content-encoding': 'br' } }, '{}', 415, 'unsupported_media_type'],
    ['malformed JSON', {}, '{"id": ', 400, 'malformed_json'],
    ['an empty batch', { contentType: 'application/cloudevents-batch+json' }, '[]', 400, 'bad_request'],
    ['a batch that is not an array', { contentType: 'application/cloudevents-batch+json' }, '{}', 400, 'bad_request'],
    ['an empty body', {}, '', 400, 'bad_request'],
  ] as const)('answers %s with the right 4xx', async (_name, options, body, status, code) => {
    const res = await postEvents(server.url, key, body, options);
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBe(code);
  });

  it('answers a broken gzip body with 400', async () => {
    const res = await fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: Buffer.from('not gzip at all'),
    });
    expect(res.status).toBe(400);
  });

  it('answers 413 for more than 10,000 events, for a body over 8 MiB, and for a gzip bomb', async () => {
    const many = Array.from({ length: 10_001 }, () => ({ id: 'x' }));
    expect((await postEvents(server.url, key, many)).status).toBe(413);
    const huge = JSON.stringify([cloudEvent(subject, { data: { pad: 'x'.repeat(9 * 1024 * 1024) } })]);
    expect((await postEvents(server.url, key, huge, { contentType: 'application/json' })).status).toBe(413);
    const bomb = gzipSync(Buffer.from(`[${' '.repeat(20 * 1024 * 1024)}]`));
    const res = await fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: bomb,
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
  });
});

describe('per-event validation', () => {
  const now = () => Date.now();
  const cases: [string, (s: string) => unknown, string][] = [
    ['invalid_event', () => 'just a string', 'invalid_event'],
    ['missing_field', (s) => ({ ...cloudEvent(s), id: undefined }), 'missing_field'],
    ['invalid_field', (s) => ({ ...cloudEvent(s), id: 12 }), 'invalid_field'],
    ['unsupported_specversion', (s) => cloudEvent(s, { specversion: '0.3' }), 'unsupported_specversion'],
    ['invalid_time', (s) => cloudEvent(s, { time: 'yesterday' }), 'invalid_time'],
    ['time_in_future', (s) => cloudEvent(s, { time: new Date(now() + 10 * 60_000).toISOString() }), 'time_in_future'],
    ['time_too_old', (s) => cloudEvent(s, { time: new Date(now() - 36 * 86_400_000).toISOString() }), 'time_too_old'],
    ['invalid_data', (s) => cloudEvent(s, { data: [1, 2] }), 'invalid_data'],
    ['event_too_large', (s) => cloudEvent(s, { data: { pad: 'x'.repeat(70_000) } }), 'event_too_large'],
  ];

  it.each(cases)('reports %s by index, keeps the good events, answers 207', async (_name, make, code) => {
    const good = [cloudEvent(subject), cloudEvent(subject)];
    const res = await postEvents(server.url, key, [good[0], make(subject), good[1]]);
    expect(res.status).toBe(207);
    const body = await res.json();
    expect(body.totals).toMatchObject({ received: 3, accepted: 2, rejected: 1 });
    expect(body.results[1]).toMatchObject({ index: 1, status: 'rejected', code });
    expect(typeof body.results[1].message).toBe('string');
    expect(await countEvents('event_id = ANY($1)', [good.map((e) => e.id)])).toBe(2);
    const { rows } = await pool().query('SELECT count(*)::int AS n FROM event_rejections WHERE code = $1', [code]);
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('answers 400 in the error shape, with every result, when all events are rejected', async () => {
    const res = await postEvents(server.url, key, [cloudEvent(subject, { time: 'bad' }), 7]);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('validation_failed');
    expect(error.details.results.map((r: { code: string }) => r.code)).toEqual(['invalid_time', 'invalid_event']);
  });
});

describe('exactly once', () => {
  it('reports a redelivery as a duplicate and counts it once', async () => {
    const e = cloudEvent(subject);
    expect((await (await postEvents(server.url, key, e)).json()).results[0].status).toBe('accepted');
    const again = await postEvents(server.url, key, [e, e]);
    expect(again.status).toBe(200);
    expect((await again.json()).results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(await countEvents('source = $1 AND event_id = $2', [e.source, e.id])).toBe(1);
  });

  it('treats a redelivery in another notation (key order, time offset, gzip) as the same event', async () => {
    const e = cloudEvent(subject, { time: new Date(Date.now() - 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'), data: { a: 1, b: 2 } });
    await postEvents(server.url, key, e);
    const shifted = new Date(Date.parse(e.time!) + 2 * 3600_000).toISOString().replace(/\.\d+Z$/, '+02:00');
    const variant = { data: { b: 2, a: 1 }, time: shifted, subject, type: e.type, source: e.source, id: e.id, specversion: '1.0' };
    const res = await postEvents(server.url, key, [variant], { gzip: true });
    expect((await res.json()).results[0].status).toBe('duplicate');
  });

  it('reports a conflict for the same key with other content: first write wins, admins can see it', async () => {
    const e = cloudEvent(subject, { data: { tokens: 1 } });
    await postEvents(server.url, key, e);
    const res = await postEvents(server.url, key, { ...e, data: { tokens: 999 } });
    expect(res.status).toBe(200);
    expect((await res.json()).results[0]).toMatchObject({ status: 'conflict', id: e.id, source: e.source });
    const { rows } = await pool().query('SELECT data FROM events WHERE source = $1 AND event_id = $2', [e.source, e.id]);
    expect(rows).toEqual([{ data: { tokens: 1 } }]);
    const conflicts = await pool().query('SELECT event FROM event_conflicts WHERE source = $1 AND event_id = $2', [e.source, e.id]);
    expect(conflicts.rows[0].event.data).toEqual({ tokens: 999 });
  });

  it('counts each event exactly once when overlapping batches are posted concurrently', async () => {
    const source = randomKey('concurrent');
    const pool100 = Array.from({ length: 600 }, (_, i) => cloudEvent(subject, { source, id: `e-${i}` }));
    // Eight batches over overlapping windows of the same 600 events, all in flight at once.
    const batches = Array.from({ length: 8 }, (_, b) => pool100.slice((b * 60) % 300, ((b * 60) % 300) + 300).concat(pool100.slice(500)));
    const responses = await Promise.all(batches.map((batch) => postEvents(server.url, key, batch)));
    const reports = await Promise.all(responses.map((r) => r.json()));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const sent = new Set(batches.flat().map((e) => e.id));
    const accepted = reports.reduce((n, r) => n + r.totals.accepted, 0);
    const duplicates = reports.reduce((n, r) => n + r.totals.duplicate, 0);
    expect(accepted).toBe(sent.size);
    expect(accepted + duplicates).toBe(batches.flat().length);
    const { rows } = await pool().query<{ n: number; distinct_ids: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct_ids FROM events WHERE source = $1',
      [source],
    );
    expect(rows[0]).toEqual({ n: sent.size, distinct_ids: sent.size });
  });

  it('treats a retried time-less event as a duplicate', async () => {
    const e = cloudEvent(subject);
    delete e.time;
    await postEvents(server.url, key, e);
    await new Promise((r) => setTimeout(r, 5));
    expect((await (await postEvents(server.url, key, e)).json()).results[0].status).toBe('duplicate');
  });
});

describe('attribution', () => {
  it('keeps events of an unknown subject and moves them to the customer it is mapped to', async () => {
    const stranger = randomKey('stranger');
    const early = [cloudEvent(stranger), cloudEvent(stranger, { time: new Date(Date.now() - 20 * 86_400_000).toISOString() })];
    const res = await postEvents(server.url, key, early);
    expect((await res.json()).totals).toMatchObject({ accepted: 2, unattributed: 2 });
    const kept = await pool().query('SELECT count(*)::int AS n FROM unattributed_events WHERE subject = $1', [stranger]);
    expect(kept.rows[0].n).toBe(2);

    const admin = (await apiKeyFactory('admin')).key;
    const target = await customerFactory();
    const mapped = await fetch(`${server.url}/api/v1/customers/${target.id}/subjects`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subject: stranger }),
    });
    expect(mapped.status).toBe(201);
    expect(await mapped.json()).toMatchObject({ subject: stranger, customerId: target.id, movedEvents: 2 });

    const late = cloudEvent(stranger);
    await postEvents(server.url, key, late);
    expect(await countEvents('customer_id = $1 AND subject = $2', [target.id, stranger])).toBe(3);
    const left = await pool().query('SELECT count(*)::int AS n FROM unattributed_events WHERE subject = $1', [stranger]);
    expect(left.rows[0].n).toBe(0);

    const again = await fetch(`${server.url}/api/v1/customers/${customerId}/subjects`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subject: stranger }),
    });
    expect(again.status).toBe(409);
  });

  it('loses no event when a subject is mapped while its events are being posted', async () => {
    const stranger = randomKey('racing');
    const admin = (await apiKeyFactory('admin')).key;
    const target = await customerFactory();
    const batches = Array.from({ length: 10 }, () => Array.from({ length: 50 }, () => cloudEvent(stranger)));
    const posts = batches.map((b, i) => new Promise((r) => setTimeout(r, i * 5)).then(() => postEvents(server.url, key, b)));
    const mapping = fetch(`${server.url}/api/v1/customers/${target.id}/subjects`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subject: stranger }),
    });
    await Promise.all([...posts, mapping]);
    expect(await countEvents('customer_id = $1 AND subject = $2', [target.id, stranger])).toBe(500);
    const left = await pool().query('SELECT count(*)::int AS n FROM unattributed_events WHERE subject = $1', [stranger]);
    expect(left.rows[0].n).toBe(0);
  });
});

describe('auth', () => {
  it.each([
    ['no key', undefined, 401],
    ['a read key', 'read', 403],
    ['an admin key', 'admin', 200],
  ] as const)('answers a request with %s correctly', async (_name, scope, status) => {
    const k = scope ? (await apiKeyFactory(scope)).key : '';
    const res = await fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json', ...(k ? { authorization: `Bearer ${k}` } : {}) },
      body: JSON.stringify(cloudEvent(subject)),
    });
    expect(res.status).toBe(status);
  });

  it('stops a revoked key at once', async () => {
    const k = await apiKeyFactory('ingest');
    expect((await postEvents(server.url, k.key, cloudEvent(subject))).status).toBe(200);
    await revokeApiKey({ id: k.id, actor: 'test' });
    expect((await postEvents(server.url, k.key, cloudEvent(subject))).status).toBe(401);
  });
});

describe('GET /api/v1/events', () => {
  it('lists events in OpenMeter’s shape with filters, and a member sees only its own', async () => {
    const mine = await customerFactory();
    const other = await customerFactory();
    const type = randomKey('type');
    // Microsecond precision on purpose: the listing must keep all six digits.
    const e = cloudEvent(mine.subjects[0].key, { type, time: new Date(Date.now() - 120_000).toISOString().replace('Z', '001Z') });
    await postEvents(server.url, key, [e, cloudEvent(other.subjects[0].key, { type })]);

    const reader = (await apiKeyFactory('read')).key;
    const all = await (await fetch(`${server.url}/api/v1/events?type=${type}`, { headers: { authorization: `Bearer ${reader}` } })).json();
    expect(all).toHaveLength(2);
    const found = all.find((x: { event: { id: string } }) => x.event.id === e.id);
    expect(found).toMatchObject({ event: { specversion: '1.0', id: e.id, source: e.source, type, subject: mine.subjects[0].key, data: { tokens: 10 } }, customerId: mine.id });
    expect(found.event.time).toMatch(/\.\d{6}Z$/);
    expect(typeof found.ingestedAt).toBe('string');

    const member = await userFactory({ role: 'member', customerId: mine.id });
    const cookie = await sessionCookie(member.id);
    const own = await (await fetch(`${server.url}/api/v1/events?type=${type}`, { headers: { cookie } })).json();
    expect(own.map((x: { customerId: string }) => x.customerId)).toEqual([mine.id]);

    const bad = await fetch(`${server.url}/api/v1/events?from=yesterday`, { headers: { authorization: `Bearer ${reader}` } });
    expect(bad.status).toBe(400);
  });

  it('lists the 72 hours before `to` (or now) when `from` is left out, as OpenMeter does', async () => {
    const c = await customerFactory();
    const type = randomKey('type');
    const hour = 3_600_000;
    const now = Date.now();
    const at = (ago: number) => new Date(now - ago).toISOString();
    const recent = cloudEvent(c.subjects[0].key, { type, time: at(hour) });
    const old = cloudEvent(c.subjects[0].key, { type, time: at(96 * hour) });
    const older = cloudEvent(c.subjects[0].key, { type, time: at(200 * hour) });
    await postEvents(server.url, key, [recent, old, older]);
    const reader = { authorization: `Bearer ${(await apiKeyFactory('read')).key}` };
    const ids = async (query: string) => {
      const res = await fetch(`${server.url}/api/v1/events?type=${type}${query}`, { headers: reader });
      expect(res.status).toBe(200);
      return (await res.json()).map((x: { event: { id: string } }) => x.event.id);
    };
    expect(await ids('')).toEqual([recent.id]);
    expect(await ids(`&from=${at(300 * hour)}`)).toEqual([recent.id, old.id, older.id]);
    // 72 hours before `to`: 150 h ago reaches back to 222 h ago.
    expect(await ids(`&to=${at(150 * hour)}`)).toEqual([older.id]);
    expect(await ids(`&to=${at(95 * hour)}`)).toEqual([old.id]);
    // Lower-case separators are RFC 3339 too, and the order check reads them.
    expect(await ids(`&from=${at(97 * hour).replace('T', 't').replace('Z', 'z')}&to=${at(95 * hour)}`)).toEqual([old.id]);
    // A default that would fall before year 1 stops there instead of failing the query.
    expect(await ids('&to=0001-01-02T00:00:00Z')).toEqual([]);
    for (const bad of ['&from=soon&to=2026-01-01T00:00:00Z', '&from=2026-01-01T00:00:00Z&to=later', '&to=later']) {
      expect((await fetch(`${server.url}/api/v1/events?type=${type}${bad}`, { headers: reader })).status).toBe(400);
    }
  });
});

describe('ingest statistics', () => {
  it('counts outcomes by code and records event types seen', async () => {
    const type = randomKey('stat-type');
    await postEvents(server.url, key, [cloudEvent(subject, { type }), cloudEvent(subject, { type, time: 'nope' })]);
    await flushIngestStats();
    const types = await pool().query('SELECT events::int FROM event_types WHERE type = $1', [type]);
    expect(types.rows).toEqual([{ events: 1 }]);
    const stats = await pool().query(`SELECT sum(events)::int AS n FROM ingest_stats WHERE outcome = 'rejected' AND code = 'invalid_time'`);
    expect(stats.rows[0].n).toBeGreaterThan(0);
  });
});

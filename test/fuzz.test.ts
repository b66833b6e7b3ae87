import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pool } from '@/lib/db/pool';
import { apiKeyFactory, customerFactory, meterFactory, randomKey } from '@/lib/seed/factories';
import { startRouteServer, type TestServer } from './route-server';

// Hundreds of mutated events, bodies, paths and query strings against the real routes over HTTP.
// Nothing a caller sends may answer 5xx, and the good events sent beside bad ones must be stored.
// The mutations come from a seeded generator: a failure names its seed and case, and
// FUZZ_SEED=<seed> npx vitest run test/fuzz.test.ts replays the same run.
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);

/** mulberry32: small, fast and the same on every machine. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T,>(items: readonly T[]): T => items[int(items.length)];
  return { next, int, pick, chance: (p: number) => next() < p };
}

// JSON.stringify cannot write these (1e309, thousands of levels), so values carry a marker that
// is swapped for raw JSON text after serialising.
const raw = (text: string) => `\u0001RAW:${text}\u0001`;
const toJson = (value: unknown) => JSON.stringify(value).replace(/"\\u0001RAW:(.*?)\\u0001"/g, (_m, text: string) => JSON.parse(`"${text}"`));
const deep = (levels: number) => raw(`${'['.repeat(levels)}${']'.repeat(levels)}`);

const STRINGS = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udfff',
  '\udc00\ud800',
  '\ud83d\ude00',
  'x'.repeat(257),
  'x'.repeat(20_000),
  '%00',
  '\\u0000',
  "'; DROP TABLE events; --",
  '../../etc/passwd',
  '__proto__',
  'constructor',
  '\u202egnp.exe',
  'null',
  'ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ',
  '\r\n',
];
const TIMES = [
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2026-02-30T00:00:00Z',
  '2026-11-24T24:00:00Z',
  '2026-11-24T10:00:60Z',
  '2026-11-24T10:00:00+24:00',
  '2026-11-24T10:00:00.1234567891234Z',
  '+275760-09-13T00:00:00Z',
  '2026-11-24',
  'yesterday',
  '1e309',
];
const NUMBERS = [raw('1e309'), raw('-1e309'), raw('1e-400'), raw('123456789012345678901234567890'), -0, 1e308, -1, 0.1];
const VALUES: unknown[] = [null, true, [], {}, [1, 2], { a: 1 }, deep(40), deep(3000), ...NUMBERS, ...STRINGS, ...TIMES];
const ZONES = ['US/Pacific-New', 'Canada/East-Saskatchewan', 'posixrules', 'Factory', 'localtime', 'EST5EDT', 'UTC+1', '+05:30', 'Mars/Olympus', 'europe/berlin', 'Asia/Kathmandu'];

let server: TestServer;
let ingestKey: string;
let adminKey: string;
let subject: string;
let meterId: string;
const run = randomKey('fuzz');

beforeAll(async () => {
  server = await startRouteServer();
  ingestKey = (await apiKeyFactory('ingest')).key;
  adminKey = (await apiKeyFactory('admin')).key;
  subject = (await customerFactory()).subjects[0].key;
  meterId = (await meterFactory()).id;
});
afterAll(() => server.close());

type Case = { name: string; method: string; path: string; headers: Record<string, string>; body?: Buffer | string; goodIds?: string[] };

function goodEvent(r: ReturnType<typeof generator>, n: number): Record<string, unknown> {
  return {
    specversion: '1.0',
    id: `${run}-good-${n}`,
    source: 'fuzz',
    type: r.pick(['api_call', 'prompt', 'storage']),
    subject,
    time: new Date(Date.now() - r.int(3_600_000)).toISOString(),
    data: { tokens: r.int(1000), model: r.pick(['a', 'b']) },
  };
}

function badEvent(r: ReturnType<typeof generator>, n: number): unknown {
  const e: Record<string, unknown> = { ...goodEvent(r, n), id: `${run}-bad-${n}` };
  const fields = ['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'data'] as const;
  switch (r.int(7)) {
    case 0:
      e[r.pick(fields)] = r.pick(VALUES);
      break;
    case 1:
      e.time = r.pick(TIMES);
      break;
    case 2:
      (e.data as Record<string, unknown>)[r.pick(STRINGS)] = r.pick(VALUES);
      break;
    case 3:
      (e.data as Record<string, unknown>).tokens = r.pick(NUMBERS);
      break;
    case 4:
      delete e[r.pick(fields)];
      e[r.pick(STRINGS)] = r.pick(VALUES); // an extension attribute, or a field under a strange name
      break;
    case 5:
      e.data = r.pick([deep(33), deep(10_000), raw(`{"a":${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}}`), 'text', 7, [1]]);
      break;
    default:
      return r.pick(VALUES);
  }
  return e;
}

/** A header value fetch can send: no NUL, CR or LF, nothing past U+00FF. */
const sendable = (v: unknown): v is string => typeof v === 'string' && /^[\x20-\x7e\x80-\xff]*$/.test(v);

function ingestCase(r: ReturnType<typeof generator>, i: number): Case {
  const headers: Record<string, string> = { authorization: `Bearer ${ingestKey}` };
  const mode = r.pick(['structured', 'batch', 'plain', 'binary'] as const);
  let body: string;
  let goodIds: string[] | undefined;
  if (mode === 'binary') {
    const e = badEvent(r, i);
    const attrs = e !== null && typeof e === 'object' && !Array.isArray(e) ? (e as Record<string, unknown>) : goodEvent(r, i);
    for (const name of ['specversion', 'id', 'source', 'type', 'subject', 'time']) {
      const v = attrs[name];
      if (sendable(v) && v.trim() === v) headers[`ce-${name}`] = v;
    }
    headers['content-type'] = r.pick(['application/json', 'application/json; charset=utf-8', 'application/cloudevents+json', '']);
    body = attrs.data === undefined ? '' : toJson(attrs.data);
  } else if (mode === 'structured') {
    headers['content-type'] = 'application/cloudevents+json';
    body = toJson(badEvent(r, i));
  } else {
    const good = Array.from({ length: 1 + r.int(4) }, (_, k) => goodEvent(r, i * 10 + k));
    const bad = Array.from({ length: 1 + r.int(3) }, (_, k) => badEvent(r, i * 10 + k));
    const batch: unknown[] = [...good];
    for (const b of bad) batch.splice(r.int(batch.length + 1), 0, b);
    headers['content-type'] = mode === 'batch' ? 'application/cloudevents-batch+json' : 'application/json';
    body = toJson(batch);
    goodIds = good.map((g) => g.id as string);
  }
  const gzip = r.chance(0.3);
  if (gzip) headers['content-encoding'] = 'gzip';
  return { name: `ingest #${i} ${mode}${gzip ? ' gzip' : ''}`, method: 'POST', path: '/api/v1/events', headers, body: gzip ? gzipSync(body) : body, goodIds };
}

/** Whole request bodies that are wrong before any event is looked at. */
function brokenBodyCase(r: ReturnType<typeof generator>, i: number): Case {
  const valid = toJson([goodEvent(r, 100_000 + i)]);
  const bodies: (() => Buffer | string)[] = [
    () => valid.slice(0, r.int(valid.length)),
    () => {
      const b = Buffer.from(valid);
      b[r.int(b.length)] = r.int(256);
      return b;
    },
    () => `\ufeff${valid}`,
    () => Buffer.from(Array.from({ length: 1 + r.int(200) }, () => r.int(256))),
    () => r.pick(['null', '1e309', '"event"', '[]', '[[]]', '{}', '[null]', 'true', '-0', '']),
    () => toJson(deep(100_000)),
    () => `[${Array.from({ length: 3 }, () => toJson(r.pick(VALUES))).join(',')}]`,
  ];
  const body = r.pick(bodies)();
  const headers: Record<string, string> = {
    authorization: `Bearer ${ingestKey}`,
    'content-type': r.pick(['application/cloudevents-batch+json', 'application/cloudevents+json', 'application/json', 'text/plain', 'application/json; charset=utf-16', '']),
  };
  const encoding = r.pick([null, null, 'gzip', 'gzip-garbage', 'br', 'gzip, gzip', 'GZIP']);
  let sent: Buffer | string = body;
  if (encoding === 'gzip' || encoding === 'GZIP') sent = gzipSync(body);
  if (encoding === 'gzip-garbage') sent = Buffer.concat([gzipSync(body).subarray(0, 12), Buffer.from('garbage')]);
  if (encoding) headers['content-encoding'] = encoding === 'gzip-garbage' ? 'gzip' : encoding;
  return { name: `broken body #${i} (${headers['content-type'] || 'no type'}, ${encoding ?? 'identity'})`, method: 'POST', path: '/api/v1/events', headers, body: sent };
}

/** A query or path value as a caller might percent-encode it, or not quite. */
function encodedValue(r: ReturnType<typeof generator>): string {
  return r.pick([
    () => encodeURIComponent(r.pick([...STRINGS.filter((s) => s.isWellFormed()), ...TIMES, ...ZONES])),
    () => r.pick(['%00', 'a%00b', '%ED%A0%80', '%E0%A4%A', '%', '%zz', '%C0%80', '%FF%FE', 'x'.repeat(3000), '1e309', '-1', '0', '101', 'abc', '']),
    () => `${r.int(1000)}`,
  ])();
}

function queryCase(r: ReturnType<typeof generator>, i: number): Case {
  const headers = { authorization: `Bearer ${adminKey}` };
  const params = (names: string[]) =>
    Array.from({ length: 1 + r.int(3) }, () => `${r.chance(0.9) ? r.pick(names) : encodedValue(r)}=${encodedValue(r)}`).join('&');
  const paths = [
    () => `/api/v1/events?${params(['from', 'to', 'subject', 'type', 'limit'])}`,
    () => `/api/v1/audit?${params(['limit', 'entityType', 'entityId'])}`,
    () => `/api/v1/meters/${encodedValue(r)}`,
    () => `/api/v1/meters/${r.pick([meterId, meterId.toUpperCase(), `${meterId}x`])}?${params(['x'])}`,
    () => `/api/v1/customers/${encodedValue(r)}`,
    () => `/api/v1/customers?${params(['limit', 'cursor'])}`,
    () => `/api/v1/api-keys/${encodedValue(r)}`,
    () => `/api/v1/ingest/overview?${params(['x'])}`,
    () => `/api/health?${params(['x'])}`,
  ];
  const pathIndex = r.int(paths.length);
  const path = paths[pathIndex]();
  const method = pathIndex === 6 ? 'DELETE' : 'GET';
  return { name: `query #${i} ${method} ${path.slice(0, 120)}`, method, path, headers };
}

function adminBodyCase(r: ReturnType<typeof generator>, i: number): Case {
  const headers = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
  const value = () => r.pick([...VALUES, ...ZONES]);
  const targets = [
    () => ({ path: '/api/v1/customers', body: { name: r.chance(0.5) ? `Fuzz ${i}` : value(), subjects: r.chance(0.5) ? [`${run}-s${i}`] : [value()], currency: r.chance(0.5) ? 'USD' : value(), timeZone: r.chance(0.3) ? value() : r.pick(ZONES) } }),
    () => ({ path: `/api/v1/meters/${meterId}`, method: 'PATCH', body: { [r.pick(['name', 'description', 'unit', 'groupBy'])]: value() } }),
    () => ({ path: '/api/v1/meters', body: { slug: `${run}-m${i}`, eventType: value(), aggregation: r.pick(['SUM', 'COUNT', value()]), valueProperty: r.chance(0.5) ? '$.v' : value(), name: value() } }),
    () => ({ path: '/api/v1/api-keys', body: { name: value(), scope: r.pick(['read', value()]) } }),
  ];
  const t = r.pick(targets)() as { path: string; method?: string; body: unknown };
  return { name: `admin body #${i} ${t.method ?? 'POST'} ${t.path}`, method: t.method ?? 'POST', path: t.path, headers, body: toJson(t.body) };
}

async function send(c: Case): Promise<{ status: number; json: unknown }> {
  const body = typeof c.body === 'string' || c.body === undefined ? c.body : new Uint8Array(c.body);
  const res = await fetch(server.url + c.path, { method: c.method, headers: c.headers, body });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Only answers from Next.js's own layer (a 400 for a path it cannot decode) may be non-JSON.
  }
  return { status: res.status, json };
}

/** Every query and path parameter of the routes above, each with every edge value: no luck needed. */
function sweepCases(): Case[] {
  const headers = { authorization: `Bearer ${adminKey}` };
  const edges = ['%00', 'a%00b', '%ED%A0%80', '%EF%BF%BF', 'x'.repeat(3000), '1e309', '-1', '0', ...TIMES.map(encodeURIComponent), ...ZONES.map(encodeURIComponent)];
  const templates = [
    ...['from', 'to', 'subject', 'type', 'limit'].map((p) => (v: string) => `/api/v1/events?${p}=${v}`),
    ...['limit', 'entityType', 'entityId'].map((p) => (v: string) => `/api/v1/audit?${p}=${v}`),
    (v: string) => `/api/v1/meters/${v}`,
    (v: string) => `/api/v1/customers/${v}`,
    (v: string) => `/api/v1/ingest/overview?${v}=${v}`,
  ];
  return templates.flatMap((t, i) => edges.map((v, j) => ({ name: `sweep ${i}.${j} ${t(v).slice(0, 120)}`, method: 'GET', path: t(v), headers })));
}

describe(`fuzz (seed ${SEED})`, () => {
  it('answers every parameter with every edge value without 5xx', async () => {
    const failures: string[] = [];
    const cases = sweepCases();
    for (let start = 0; start < cases.length; start += 6) {
      await Promise.all(
        cases.slice(start, start + 6).map(async (c) => {
          const { status, json } = await send(c);
          if (status >= 500) failures.push(`${c.name}: ${status} ${JSON.stringify(json)}`);
        }),
      );
    }
    expect(failures).toEqual([]);
  });

  it('answers no mutated request with 5xx, and stores every good event sent beside bad ones', { timeout: 120_000 }, async () => {
    const r = generator(SEED);
    const cases: Case[] = [
      ...Array.from({ length: 140 }, (_, i) => ingestCase(r, i)),
      ...Array.from({ length: 40 }, (_, i) => brokenBodyCase(r, i)),
      ...Array.from({ length: 80 }, (_, i) => queryCase(r, i)),
      ...Array.from({ length: 40 }, (_, i) => adminBodyCase(r, i)),
    ];
    const failures: string[] = [];
    const goodIds: string[] = [];
    // A few at a time: concurrent batches are part of what must hold, and it keeps the run short.
    for (let start = 0; start < cases.length; start += 6) {
      await Promise.all(
        cases.slice(start, start + 6).map(async (c) => {
          const { status, json } = await send(c).catch((err: Error) => ({ status: 0, json: `${err.cause ?? err}` }));
          if (status === 0) failures.push(`${c.name}: no answer (${String(json)})`);
          if (status >= 500) failures.push(`${c.name}: ${status} ${JSON.stringify(json)}`);
          if (!c.goodIds) return;
          const results = (json as { results?: { status: string }[] } | null)?.results;
          if (status !== 200 && status !== 207) failures.push(`${c.name}: a batch with good events answered ${status}`);
          else if (!results || results.filter((x) => x.status === 'accepted').length < c.goodIds.length) failures.push(`${c.name}: good events not all accepted`);
          goodIds.push(...c.goodIds);
        }),
      );
    }
    expect(failures, `seed ${SEED}`).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(200);
    expect(goodIds.length).toBeGreaterThan(100);
    const { rows } = await pool().query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE source = $1 AND event_id = ANY($2)', ['fuzz', goodIds]);
    expect(rows[0].n, 'every good event is stored, once').toBe(goodIds.length);
  });
});

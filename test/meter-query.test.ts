import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeter } from '@/lib/meters/create-meter';
import { AGGREGATIONS } from '@/lib/meters/meter-input';
import { apiKeyFactory, customerFactory, randomKey, userFactory } from '@/lib/seed/factories';
import { drain, exactJson, insertEvents, keyed, normalise, oracle, type RawEvent, type UsageRow, type Window } from './rollup-helpers';
import { sessionCookie, startRouteServer, type TestServer } from './route-server';

let server: TestServer;
let reader: Record<string, string>;
beforeAll(async () => {
  server = await startRouteServer();
  reader = { authorization: `Bearer ${(await apiKeyFactory('read')).key}` };
});
afterAll(() => server.close());

/** A deterministic generator (mulberry32), so a failing case can be replayed. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Answer = { from: string | null; to: string | null; data: UsageRow[] };

async function get(slug: string, qs: string, headers = reader) {
  const res = await fetch(`${server.url}/api/v1/meters/${slug}/query?${qs}`, { headers });
  const text = await res.text();
  return { status: res.status, body: res.status === 200 ? exactJson<Answer>(text) : JSON.parse(text) };
}

const enc = encodeURIComponent;

describe('meter queries are exact at any instant', () => {
  const type = randomKey('exact');
  const meters = new Map<string, string>();
  const customers: { id: string; subjects: string[] }[] = [];
  // Bounds off the minute, in other offsets, one to the microsecond: 2026-11-10T12:02:30.250Z and
  // 2026-11-12T08:59:59.999Z.
  const from = '2026-11-10T17:47:30.250+05:45';
  const to = '2026-11-12T03:59:59.999-05:00';
  const fromUtc = Date.parse('2026-11-10T12:02:30.250Z');
  const toUtc = Date.parse('2026-11-12T08:59:59.999Z');

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const c = await customerFactory({ subjects: [randomKey('s'), randomKey('s')] });
      customers.push({ id: c.id, subjects: c.subjects.map((s) => s.key) });
    }
    const random = prng(42);
    const pick = <T>(a: T[]) => a[Math.floor(random() * a.length)];
    const event = (time: string): RawEvent => {
      const c = pick(customers);
      const roll = random();
      return {
        customerId: c.id,
        subject: pick(c.subjects),
        type,
        time,
        data: { value: roll < 0.05 ? 'lots' : roll < 0.3 ? `${Math.floor(random() * 1000)}.${Math.floor(random() * 1000)}` : Math.floor(random() * 60) - 10, user: `u${Math.floor(random() * 9)}`, region: pick(['eu', 'us', undefined]) },
      };
    };
    const iso = (ms: number) => new Date(ms).toISOString();
    const events: RawEvent[] = [];
    // Spread over the range and a day either side, at random milliseconds.
    for (let i = 0; i < 500; i++) events.push(event(iso(fromUtc - 86_400_000 + Math.floor(random() * (toUtc - fromUtc + 2 * 86_400_000)))));
    // Crowd the partial minutes at both bounds, to the millisecond and the microsecond on either side.
    for (const edge of [fromUtc, toUtc]) {
      for (const d of [-30_000, -1, 0, 1, 250, 29_000]) events.push(event(iso(edge + d)));
    }
    events.push(event('2026-11-10T12:02:30.249999Z'), event('2026-11-10T12:02:30.250001Z'), event('2026-11-12T08:59:59.998999Z'), event('2026-11-12T08:59:59.999001Z'));
    for (const aggregation of AGGREGATIONS) {
      const slug = randomKey(aggregation.toLowerCase().replace('_', '-'));
      const valueProperty = aggregation === 'COUNT' ? undefined : aggregation === 'UNIQUE_COUNT' ? '$.user' : '$.value';
      await createMeter({ slug, eventType: type, aggregation, valueProperty, groupBy: { region: '$.region' }, actor: 'test' });
      meters.set(aggregation, slug);
    }
    await insertEvents(events);
    await drain(customers.map((c) => c.id));
  }, 60_000);

  const shapes: [Window | undefined, string][] = [
    [undefined, 'UTC'],
    ['MINUTE', 'UTC'],
    ['HOUR', 'UTC'],
    ['HOUR', 'Asia/Kathmandu'],
    ['DAY', 'Asia/Kathmandu'],
    ['DAY', 'America/New_York'],
    ['MONTH', 'Asia/Kolkata'],
  ];

  for (const aggregation of AGGREGATIONS) {
    it.each(shapes)(`${aggregation} by %s in %s with millisecond and offset bounds equals the raw events`, async (windowSize, tz) => {
      const slug = meters.get(aggregation)!;
      const window = windowSize?.toLowerCase() as 'minute' | 'hour' | 'day' | 'month' | undefined;
      for (const by of [{}, { groupBySubject: true }, { group: 'region' }] as const) {
        const groupBy = 'groupBySubject' in by ? '&groupBy=subject' : 'group' in by ? '&groupBy=region' : '';
        const qs = `from=${enc(from)}&to=${enc(to)}&windowTimeZone=${tz}${windowSize ? `&windowSize=${windowSize}` : ''}${groupBy}`;
        const { status, body } = await get(slug, qs);
        expect(status).toBe(200);
        const expected = await oracle({ meterSlug: slug, from, to, window, tz, ...by });
        expect(expected.size).toBeGreaterThan(0);
        const actual = keyed(body.data, { window: !!windowSize, subject: 'groupBySubject' in by, group: 'group' in by ? 'region' : undefined });
        expect(normalise(actual)).toEqual(normalise(expected));
      }
    });
  }

  it('answers the bounds and clipped windows to the millisecond', async () => {
    const { body } = await get(meters.get('COUNT')!, `from=${enc(from)}&to=${enc(to)}&windowSize=DAY`);
    expect(body.from).toBe('2026-11-10T12:02:30.250Z');
    expect(body.to).toBe('2026-11-12T08:59:59.999Z');
    expect(body.data[0].windowStart).toBe('2026-11-10T12:02:30.250Z');
    expect(body.data.at(-1)!.windowEnd).toBe('2026-11-12T08:59:59.999Z');
  });

  it.each([
    ['inside one minute', '2026-11-10T12:02:30.250Z', '2026-11-10T12:02:59.999Z'],
    ['across one minute boundary', '2026-11-10T12:02:30.250Z', '2026-11-10T12:03:00.001Z'],
    ['to the microsecond', '2026-11-10T12:02:30.250000500Z', '2026-11-12T08:59:59.999000900Z'],
  ])('a range %s equals the raw events for every aggregation', async (_name, lo, hi) => {
    for (const aggregation of AGGREGATIONS) {
      const slug = meters.get(aggregation)!;
      const { status, body } = await get(slug, `from=${enc(lo)}&to=${enc(hi)}&groupBy=subject`);
      expect(status).toBe(200);
      // The stored times have microseconds; a bound finer than that is cut to them, as ingest cuts event times.
      const expected = await oracle({ meterSlug: slug, from: lo.replace(/(\.\d{6})\d+Z$/, '$1Z'), to: hi.replace(/(\.\d{6})\d+Z$/, '$1Z'), groupBySubject: true });
      expect(normalise(keyed(body.data, { window: false, subject: true }))).toEqual(normalise(expected));
    }
  });
});

describe('bounded work per meter query', () => {
  it('answers far-flung ranges quickly while health keeps answering', async () => {
    const c = await customerFactory();
    const slug = randomKey('far');
    const type = randomKey('far');
    await createMeter({ slug, eventType: type, aggregation: 'SUM', valueProperty: '$.v', groupBy: {}, actor: 'test' });
    const events: RawEvent[] = Array.from({ length: 50 }, (_, i) => ({ customerId: c.id, subject: c.subjects[0].key, type, time: new Date(Date.parse('2026-11-01T00:00:00Z') + i * 3_723_001).toISOString(), data: { v: i } }));
    await insertEvents(events);
    await drain([c.id]);

    // A probe of /api/health every 25 ms while the queries run: none may wait long.
    let probing = true;
    let slowest = 0;
    const probe = (async () => {
      while (probing) {
        const t0 = performance.now();
        expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
        slowest = Math.max(slowest, performance.now() - t0);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const far = `from=0001-01-01T00:00:00Z&to=9999-12-31T00:00:00Z`;
    const cases: [string, number, RegExp | string][] = [
      [`${far}&windowSize=HOUR&windowTimeZone=Asia/Kathmandu`, 400, /at most 200,000 windows/],
      [`${far}&windowSize=DAY&windowTimeZone=Asia/Kathmandu`, 400, /at most 200,000 windows/],
      [`${far}&windowSize=MONTH&windowTimeZone=Asia/Kathmandu`, 200, '1225'],
      [`${far}&windowSize=MONTH`, 200, '1225'],
      [far, 200, '1225'],
      ['windowSize=HOUR&windowTimeZone=Asia/Kathmandu', 200, '1225'],
      ['windowSize=MINUTE', 200, '1225'],
    ];
    try {
      for (const [qs, status, expected] of cases) {
        const t0 = performance.now();
        const { status: got, body } = await get(slug, qs);
        const ms = performance.now() - t0;
        expect({ qs, got, ms: ms < 5_000 }).toEqual({ qs, got: status, ms: true });
        if (status === 400) expect(body.error.message).toMatch(expected);
        else expect(body.data.reduce((s: number, d: UsageRow) => s + Number(d.value), 0)).toBe(Number(expected));
      }
    } finally {
      probing = false;
      await probe;
    }
    expect(slowest).toBeLessThan(1_000);
  }, 120_000);

  it('refuses an answer of more rows than the limit with a 400 that says it', async () => {
    const c = await customerFactory({ subjects: Array.from({ length: 60 }, () => randomKey('many')) });
    const slug = randomKey('many');
    const type = randomKey('many');
    await createMeter({ slug, eventType: type, aggregation: 'COUNT', groupBy: { n: '$.n' }, actor: 'test' });
    // 60 subjects × 900 groups in one minute: 54,000 rows grouped by both.
    const events: RawEvent[] = [];
    for (const s of c.subjects) for (let n = 0; n < 900; n++) events.push({ customerId: c.id, subject: s.key, type, time: '2026-11-02T10:00:00.500Z', data: { n } });
    await insertEvents(events);
    await drain([c.id], 60_000);
    const all = await get(slug, 'groupBy=subject&groupBy=n');
    expect(all.status).toBe(400);
    expect(all.body.error.message).toMatch(/more than 50,000 rows/);
    const some = await get(slug, 'groupBy=n');
    expect(some.status).toBe(200);
    expect(some.body.data).toHaveLength(900);
  }, 120_000);
});

describe('meter query parameters', () => {
  let slug: string;
  let c: Awaited<ReturnType<typeof customerFactory>>;
  let other: Awaited<ReturnType<typeof customerFactory>>;
  beforeAll(async () => {
    c = await customerFactory();
    other = await customerFactory();
    slug = randomKey('params');
    const type = randomKey('params');
    await createMeter({ slug, eventType: type, aggregation: 'SUM', valueProperty: '$.v', groupBy: { model: '$.model' }, actor: 'test' });
    await insertEvents([
      { customerId: c.id, subject: c.subjects[0].key, type, time: '2026-11-02T10:00:00Z', data: { v: 2, model: 'a' } },
      { customerId: other.id, subject: other.subjects[0].key, type, time: '2026-11-02T10:00:00Z', data: { v: 3, model: 'b' } },
    ]);
    await drain([c.id, other.id]);
  });

  it.each([
    ['a NUL in a subject', 'subject=a%00b'],
    ['a NUL in a filterGroupBy value', 'filterGroupBy[model]=a%00'],
    ['a NUL in a filterGroupBy name', 'filterGroupBy[mo%00del]=a'],
    ['a NUL in a groupBy', 'groupBy=mo%00del'],
    ['a NUL in the zone', 'windowTimeZone=UTC%00'],
    ['a NUL in the client id', 'clientId=%00'],
    ['a time that is not RFC 3339', 'from=yesterday'],
    ['a date without a time', 'from=2026-11-01'],
    ['year 0000', 'from=0000-06-01T00:00:00Z'],
    ['February 30th', 'from=2026-02-30T00:00:00Z'],
    ['from after to', 'from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z'],
    ['from equal to to', 'from=2026-11-02T00:00:00.5Z&to=2026-11-02T00:00:00.500Z'],
    ['an unknown window size', 'windowSize=WEEK'],
    ['an unknown zone', 'windowTimeZone=Mars/Olympus'],
    ['a raw offset as a zone', 'windowTimeZone=%2B05:45'],
    ['an unknown group', 'groupBy=nope'],
    ['an unknown filter group', 'filterGroupBy[nope]=x'],
    ['an unknown parameter', 'windowsize=DAY'],
    ['a repeated from', 'from=2026-11-01T00:00:00Z&from=2026-11-02T00:00:00Z'],
    ['a customer id that is no UUID', 'filterCustomerId=acme'],
    ['an overlong subject', `subject=${'s'.repeat(300)}`],
  ])('answers 400 in the error shape for %s', async (_name, qs) => {
    const { status, body } = await get(slug, qs);
    expect(status).toBe(400);
    expect(body.error.code).toBe('validation_failed');
    expect(typeof body.error.message).toBe('string');
  });

  it('answers 404 for a meter name no meter can have, and 400 for one PostgreSQL cannot store', async () => {
    for (const name of ['x'.repeat(300), 'no-such-meter']) {
      const { status, body } = await get(name, '');
      expect(status).toBe(404);
      expect(body.error.code).toBe('not_found');
    }
    // Every route refuses a NUL in any path parameter before its handler runs (lib/http/route.ts).
    const { status, body } = await get('a%00b', '');
    expect(status).toBe(400);
    expect(body.error.details).toEqual([{ path: 'path.meter', message: expect.stringContaining('NUL') }]);
  });

  it('filters by group values (any of several), customers and subjects', async () => {
    const sum = async (qs: string) => (await get(slug, qs)).body.data.map((d: UsageRow) => d.value);
    expect(await sum('')).toEqual(['5']);
    expect(await sum('filterGroupBy[model]=a')).toEqual(['2']);
    expect(await sum('filterGroupBy[model]=a&filterGroupBy[model]=b')).toEqual(['5']);
    expect(await sum(`filterCustomerId=${other.id}`)).toEqual(['3']);
    expect(await sum(`subject=${c.subjects[0].key}`)).toEqual(['2']);
    expect(await sum('clientId=abc')).toEqual(['5']);
  });

  it('keeps a member to its own customer: another customer or subject is not found', async () => {
    const member = await userFactory({ role: 'member', customerId: c.id });
    const cookie = { cookie: await sessionCookie(member.id) };
    expect((await get(slug, '', cookie)).body.data.map((d: UsageRow) => d.value)).toEqual(['2']);
    // Also in a partial minute, read from the raw events: both customers have one at 10:00:00.
    const edge = 'from=2026-11-02T09:59:59.999Z&to=2026-11-02T10:00:00.001Z';
    expect((await get(slug, edge, cookie)).body.data.map((d: UsageRow) => d.value)).toEqual(['2']);
    expect((await get(slug, edge)).body.data.map((d: UsageRow) => d.value)).toEqual(['5']);
    expect((await get(slug, `subject=${c.subjects[0].key}`, cookie)).status).toBe(200);
    expect((await get(slug, `subject=${other.subjects[0].key}`, cookie)).status).toBe(404);
    expect((await get(slug, 'subject=nobody-has-this', cookie)).status).toBe(404);
    expect((await get(slug, `filterCustomerId=${other.id}`, cookie)).status).toBe(404);
    // The customer record follows the same scope.
    expect((await fetch(`${server.url}/api/v1/customers/${other.id}`, { headers: cookie })).status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/customers/${c.id}`, { headers: cookie })).status).toBe(200);
    const events = await (await fetch(`${server.url}/api/v1/events?limit=100&from=2026-11-01T00:00:00Z`, { headers: cookie })).json();
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e: { customerId: string }) => e.customerId === c.id)).toBe(true);
    // The ingest overview covers every customer: an admin's only.
    expect((await fetch(`${server.url}/api/v1/ingest/overview`, { headers: cookie })).status).toBe(403);
    const admin = { authorization: `Bearer ${(await apiKeyFactory('admin')).key}` };
    const overview = await fetch(`${server.url}/api/v1/ingest/overview`, { headers: admin });
    expect(overview.status).toBe(200);
    expect((await overview.json()).recentEvents.length).toBeGreaterThan(0);
  });

  it('never answers 5xx to 200 mutated query strings', async () => {
    const random = prng(20261130);
    const pick = <T>(a: T[]) => a[Math.floor(random() * a.length)];
    const seeds = [
      `from=2026-11-01T00:00:00Z&to=2026-11-03T00:00:00.5%2B05:45&windowSize=DAY&windowTimeZone=Asia/Kathmandu&groupBy=subject&groupBy=model&filterGroupBy[model]=a&subject=${c.subjects[0].key}`,
      `from=2026-11-01T00:00:00Z&to=2026-11-03T00:00:00Z&subject=${c.subjects[0].key}&filterGroupBy[model]=a`,
      `from=0001-01-01T00:00:00Z&to=9999-12-31T00:00:00Z&windowSize=MONTH&windowTimeZone=Asia/Kathmandu&filterCustomerId=${c.id}&clientId=x`,
    ];
    const junk = ['%00', '%FF', '%ED%A0%80', "'", '"', '\\', '[', ']', '=', '&', '%', '+', '-', '.', '9', ':', 'Z', 'T', '9999', '-0', '1e999', '\u{1F600}', ' ', '%0A', 'NaN', '[]', '[a]', 'x'.repeat(300)];
    const names = ['from', 'to', 'windowSize', 'windowTimeZone', 'subject', 'groupBy', 'filterGroupBy[model]', 'filterGroupBy[]', 'filterGroupBy', 'filterCustomerId', 'clientId', 'advancedMeterGroupByFilters'];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 200; i++) {
      let qs = pick(seeds);
      for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
        const at = Math.floor(random() * (qs.length + 1));
        const op = random();
        if (op < 0.4) qs = qs.slice(0, at) + pick(junk) + qs.slice(at);
        else if (op < 0.6) qs = qs.slice(0, at) + qs.slice(at + 1 + Math.floor(random() * 8));
        else if (op < 0.8) qs += `&${pick(names)}=${pick(junk)}`;
        else qs = qs.split('&').sort(() => random() - 0.5).join('&');
      }
      const res = await fetch(`${server.url}/api/v1/meters/${slug}/query?${qs}`, { headers: reader });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const body = await res.json();
      if (res.status >= 500) throw new Error(`${res.status} for ?${qs}: ${JSON.stringify(body)}`);
      if (res.status !== 200) expect(body.error.code).toEqual(expect.any(String));
    }
    // Both outcomes occur: the mutations are neither all harmless nor all fatal.
    expect(statuses.get(200)).toBeGreaterThan(0);
    expect(statuses.get(400)).toBeGreaterThan(0);
  }, 120_000);
});

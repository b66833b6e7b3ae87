import { type MeterQueryResult, OpenMeter } from '@openmeter/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyFactory, customerFactory, randomKey } from '@/lib/seed/factories';
import { drain, normalise, oracle } from './rollup-helpers';
import { startRouteServer, type TestServer } from './route-server';

let server: TestServer;
let om: OpenMeter;
beforeAll(async () => {
  server = await startRouteServer();
  om = new OpenMeter({ baseUrl: server.url, apiKey: (await apiKeyFactory('admin')).key });
});
afterAll(() => server.close());

// The published OpenMeter client (@openmeter/sdk) against the real route handlers: what it
// sends must be accepted, and what it parses must be what OpenMeter answers.
describe('the OpenMeter SDK', () => {
  it('creates, lists, gets and deletes meters', async () => {
    const slug = randomKey('sdk').replace('-', '_');
    const created = (await om.meters.create({ slug, name: 'Tokens', description: 'LLM tokens', aggregation: 'SUM', eventType: 'prompt', valueProperty: '$.tokens', groupBy: { model: '$.model' } }))!;
    expect(created).toMatchObject({ slug, name: 'Tokens', description: 'LLM tokens', aggregation: 'SUM', eventType: 'prompt', valueProperty: '$.tokens', groupBy: { model: '$.model' } });
    expect(created.createdAt).toBeInstanceOf(Date);
    expect((await om.meters.list())!.map((m) => m.slug)).toContain(slug);
    expect((await om.meters.get(slug))!.id).toBe(created.id);
    expect((await om.meters.get(created.id))!.slug).toBe(slug);
    await om.meters.delete(slug);
    await expect(om.meters.get(slug)).rejects.toMatchObject({ status: 404 });
    // A start date this server cannot honour is refused, not dropped.
    await expect(om.meters.create({ slug: `${slug}_from`, aggregation: 'COUNT', eventType: 'prompt', eventFrom: new Date() })).rejects.toMatchObject({ status: 400 });
    await expect(om.meters.get(`${slug}_from`)).rejects.toMatchObject({ status: 404 });
  });

  describe('with usage', () => {
    const type = randomKey('sdk-usage');
    const slug = randomKey('sdk_sum').replace('-', '_');
    const countSlug = randomKey('sdk_count').replace('-', '_');
    let customers: Awaited<ReturnType<typeof customerFactory>>[];
    const now = Date.now();

    beforeAll(async () => {
      customers = [await customerFactory(), await customerFactory()];
      await om.meters.create({ slug, aggregation: 'SUM', eventType: type, valueProperty: '$.tokens', groupBy: { model: '$.model' } });
      await om.meters.create({ slug: countSlug, aggregation: 'COUNT', eventType: type });
      const ingest = new OpenMeter({ baseUrl: server.url, apiKey: (await apiKeyFactory('ingest')).key });
      // Events in the last four days at random milliseconds, sent through the SDK's own ingest.
      const events = Array.from({ length: 120 }, (_, i) => ({
        type,
        subject: customers[i % 2].subjects[0].key,
        time: new Date(now - 60_000 - Math.floor(Math.random() * 4 * 86_400_000)),
        data: { tokens: (i * 7) % 23, model: ['small', 'large'][i % 3 === 0 ? 0 : 1] },
      }));
      await ingest.events.ingest(events);
      await drain(customers.map((c) => c.id));
    });

    it('queries with millisecond bounds, as `om.meters.query(slug, { from, to })` sends them, equal to the raw events', async () => {
      const from = new Date(now - 3 * 86_400_000 + 12_345);
      const to = new Date(now - 7_777);
      for (const meter of [slug, countSlug]) {
        const result = await om.meters.query(meter, { from, to });
        expect(result.from).toEqual(from);
        expect(result.to).toEqual(to);
        expect(result.data).toHaveLength(1);
        expect(result.data[0].windowStart).toEqual(from);
        expect(result.data[0].windowEnd).toEqual(to);
        const expected = await oracle({ meterSlug: meter, from: from.toISOString(), to: to.toISOString() });
        expect(normalise(new Map([['-|-|-', String(result.data[0].value)]]))).toEqual(normalise(expected));
      }
      // The issue's own call: the last 30 days up to this millisecond.
      const month = await om.meters.query(slug, { from: new Date(Date.now() - 30 * 86400e3), to: new Date() });
      expect(month.data[0].value).toBeGreaterThan(0);
    });

    it('queries windows in a zone, grouped and filtered, equal to the raw events', async () => {
      const from = new Date(now - 4 * 86_400_000 - 333);
      const to = new Date(now + 1_000);
      const subject = customers[0].subjects[0].key;
      const result = await om.meters.query(slug, { from, to, windowSize: 'DAY', windowTimeZone: 'Asia/Kathmandu', groupBy: ['subject', 'model'], subject: [subject], filterGroupBy: { model: 'large' } });
      expect(result.windowSize).toBe('DAY');
      // Each window's value from the raw events: that subject's large-model tokens between the
      // window's bounds (clipped to the range), and every Kathmandu day with such events is a window.
      const { pool } = await import('@/lib/db/pool');
      const { rows: days } = await pool().query<{ start: Date; v: string }>(
        `SELECT (date_trunc('day', time AT TIME ZONE 'Asia/Kathmandu') AT TIME ZONE 'Asia/Kathmandu') AS start, sum((data->>'tokens')::numeric)::text AS v
         FROM events WHERE type = $1 AND subject = $2 AND data->>'model' = 'large' AND time >= $3 AND time < $4 GROUP BY 1 ORDER BY 1`,
        [type, subject, from, to],
      );
      expect(days.length).toBeGreaterThan(1);
      const clip = (t: Date) => new Date(Math.min(Math.max(t.getTime(), from.getTime()), to.getTime()));
      expect(result.data.map((d) => [d.subject, d.groupBy, clip(d.windowStart).toISOString(), String(d.value)])).toEqual(
        days.map((d) => [subject, { model: 'large' }, clip(d.start).toISOString(), d.v]),
      );
      for (const d of result.data) expect(d.windowEnd.getTime()).toBeGreaterThan(d.windowStart.getTime());
      // Summed over windows, subject and filter together equal the raw events of that subject and model.
      const total = await om.meters.query(slug, { from, to, subject: [subject], filterGroupBy: { model: 'large' } });
      const { rows } = await pool().query<{ v: string }>(
        `SELECT coalesce(sum((data->>'tokens')::numeric), 0)::text AS v FROM events WHERE type = $1 AND subject = $2 AND data->>'model' = 'large' AND time >= $3 AND time < $4`,
        [type, subject, from, to],
      );
      expect(String(total.data[0].value)).toBe(rows[0].v);
      expect(result.data.reduce((s, d) => s + d.value, 0)).toBe(Number(rows[0].v));
    });

    it('queries every window size and time zone it offers', async () => {
      const from = new Date(now - 2 * 3_600_000 - 1);
      const to = new Date(now + 1);
      for (const windowSize of ['MINUTE', 'HOUR', 'DAY', 'MONTH'] as const) {
        for (const windowTimeZone of ['UTC', 'Asia/Kathmandu', 'America/New_York']) {
          const result = await om.meters.query(countSlug, { from, to, windowSize, windowTimeZone, groupBy: ['subject'] });
          const expected = await oracle({ meterSlug: countSlug, from: from.toISOString(), to: to.toISOString(), window: windowSize.toLowerCase() as 'minute', tz: windowTimeZone, groupBySubject: true });
          const actual = new Map(result.data.map((d) => [`${d.windowStart.toISOString().slice(0, 16)}|${d.subject}|-`, String(d.value)]));
          expect(actual).toEqual(expected);
        }
      }
    });

    it('answers the POST form of the query as the GET form', async () => {
      const from = new Date(now - 2 * 86_400_000 + 1);
      const to = new Date(now);
      const viaPost = (await om.meters.queryPost(slug, { from, to, windowSize: 'HOUR', windowTimeZone: 'Asia/Kolkata', groupBy: ['subject'], filterGroupBy: { model: ['small', 'large'] } })) as MeterQueryResult;
      const viaGet = (await om.meters.query(slug, { from, to, windowSize: 'HOUR', windowTimeZone: 'Asia/Kolkata', groupBy: ['subject'] }))!;
      expect(viaPost.data.length).toBeGreaterThan(0);
      expect(viaPost.data).toEqual(viaGet.data);
      await expect(om.meters.queryPost(slug, { from, to, advancedMeterGroupByFilters: { model: { $eq: 'small' } } })).rejects.toMatchObject({ status: 400 });
    });

    it('lists events in OpenMeter’s shape', async () => {
      const events = (await om.events.list({ from: new Date(now - 5 * 86_400_000), to: new Date(now + 1), subject: customers[0].subjects[0].key, limit: 5 }))!;
      expect(events).toHaveLength(5);
      for (const e of events) {
        expect(e.event).toMatchObject({ specversion: '1.0', type, subject: customers[0].subjects[0].key, source: '@openmeter/sdk' });
        expect(e.ingestedAt).toBeInstanceOf(Date);
        expect(e.storedAt).toBeInstanceOf(Date);
        expect(e.customerId).toBe(customers[0].id);
      }
      const times = events.map((e) => new Date(e.event.time as unknown as string).getTime());
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      const one = (await om.events.list({ id: events[0].event.id, from: new Date(now - 5 * 86_400_000) }))!;
      expect(one.map((e) => e.event.id)).toEqual([events[0].event.id]);
      const ofCustomer = (await om.events.list({ customerId: [customers[1].id], from: new Date(now - 5 * 86_400_000), limit: 100 }))!;
      expect(ofCustomer.length).toBe(60);
      expect(ofCustomer.every((e) => e.customerId === customers[1].id)).toBe(true);
    });
  });
});

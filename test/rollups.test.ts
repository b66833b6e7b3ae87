import { randomInt } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { pool, withTransaction } from '@/lib/db/pool';
import { createMeter } from '@/lib/meters/create-meter';
import { AGGREGATIONS } from '@/lib/meters/meter-input';
import { consumeBatch } from '@/lib/rollups/consume-batch';
import { customerFactory, randomKey } from '@/lib/seed/factories';
import { drain, insertEvents, keyed, normalise, oracle, query, type RawEvent, type Window } from './rollup-helpers';

/**
 * Compares the hour tier with its minutes: rows that differ from the merge of their minute rows
 * (for hours before the tier's end), and hour rows past that end, which must not exist.
 */
async function tierMismatches(customerIds: string[]) {
  const { rows } = await pool().query<{ differing: number; afterEnd: number; hours: number }>(
    `WITH until AS (SELECT hourly_until AS t FROM stream_offsets WHERE consumer = 'rollups'),
     merged AS (
       SELECT customer_id, meter_id, subject, group_key, date_trunc('hour', bucket, 'UTC') AS bucket, sum(count) AS count, sum(sum) AS sum,
              min(min) AS min, max(max) AS max, (array_agg(latest_value ORDER BY latest_time DESC, latest_seq DESC))[1] AS latest_value,
              max(latest_time) AS latest_time, (array_agg(latest_seq ORDER BY latest_time DESC, latest_seq DESC))[1] AS latest_seq
       FROM meter_rollups WHERE customer_id = ANY($1::uuid[]) AND bucket < (TABLE until) GROUP BY 1, 2, 3, 4, 5),
     hourly AS (SELECT customer_id, meter_id, subject, group_key, bucket, count, sum, min, max, latest_value, latest_time, latest_seq
                FROM meter_rollups_hourly WHERE customer_id = ANY($1::uuid[])),
     uniques AS (SELECT DISTINCT customer_id, meter_id, subject, group_key, date_trunc('hour', bucket, 'UTC') AS bucket, value
                 FROM meter_unique_values WHERE customer_id = ANY($1::uuid[]) AND bucket < (TABLE until)),
     unique_hourly AS (SELECT customer_id, meter_id, subject, group_key, bucket, value FROM meter_unique_values_hourly WHERE customer_id = ANY($1::uuid[]))
     SELECT (SELECT count(*) FROM ((TABLE merged EXCEPT ALL TABLE hourly) UNION ALL (TABLE hourly EXCEPT ALL TABLE merged)) d)::int
          + (SELECT count(*) FROM ((TABLE uniques EXCEPT ALL TABLE unique_hourly) UNION ALL (TABLE unique_hourly EXCEPT ALL TABLE uniques)) d)::int AS differing,
            (SELECT count(*) FROM hourly WHERE bucket >= (TABLE until))::int + (SELECT count(*) FROM unique_hourly WHERE bucket >= (TABLE until))::int AS "afterEnd",
            (SELECT count(*) FROM hourly)::int AS hours`,
    [customerIds],
  );
  return rows[0];
}

describe('rollups equal a recomputation from the raw log', () => {
  const type = randomKey('prop');
  const meters = new Map<string, string>();
  const customers: { id: string; subjects: string[] }[] = [];
  // Across two DST changes in Europe and America, a month end and the year end.
  const start = Date.parse('2026-10-20T00:00:00Z');
  const span = Date.parse('2027-01-05T00:00:00Z') - start;

  function randomEvents(count: number): RawEvent[] {
    return Array.from({ length: count }, () => {
      const c = customers[randomInt(customers.length)];
      const roll = randomInt(100);
      // Mostly valid numbers (ints and decimals, some as strings), a few duplicated values for
      // UNIQUE_COUNT, a few unusable ones that every value meter must skip.
      const tokens = roll < 5 ? 'lots' : roll < 10 ? null : roll < 30 ? `${randomInt(1000)}.${randomInt(100)}` : randomInt(50) - 5;
      return {
        customerId: c.id,
        subject: c.subjects[randomInt(c.subjects.length)],
        type,
        time: new Date(start + randomInt(span)).toISOString(),
        data: { tokens, user: `u${randomInt(12)}`, model: ['small', 'large', undefined][randomInt(3)] },
      };
    });
  }

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) {
      const c = await customerFactory({ subjects: [randomKey('s'), randomKey('s')] });
      customers.push({ id: c.id, subjects: c.subjects.map((s) => s.key) });
    }
    // Half the history exists before the meters: creating them must backfill it.
    await insertEvents(randomEvents(600));
    for (const aggregation of AGGREGATIONS) {
      const slug = randomKey(aggregation.toLowerCase().replace('_', '-'));
      await createMeter({
        slug,
        eventType: type,
        aggregation,
        valueProperty: aggregation === 'COUNT' ? undefined : aggregation === 'UNIQUE_COUNT' ? '$.user' : '$.tokens',
        groupBy: { model: '$.model' },
        actor: 'test',
      });
      meters.set(aggregation, slug);
    }
    await insertEvents(randomEvents(600));
    await drain(customers.map((c) => c.id));
  }, 60_000);

  // Whole months of the zone, so no window is clipped; then a range that starts and ends
  // mid-hour, so partial hours come from minute rows and whole ones from hour rows.
  const ragged = { from: '2026-11-02T06:17:00.000Z', to: '2026-12-20T13:43:00.000Z' };
  const windows: [Window | undefined, string, 'months' | 'ragged'][] = [
    [undefined, 'UTC', 'months'],
    ['MINUTE', 'UTC', 'months'],
    ['HOUR', 'Asia/Kathmandu', 'months'],
    ['DAY', 'UTC', 'months'],
    ['DAY', 'Europe/Berlin', 'months'],
    ['DAY', 'America/New_York', 'months'],
    ['DAY', 'Asia/Kolkata', 'months'],
    ['DAY', 'Asia/Kathmandu', 'months'],
    ['MONTH', 'Asia/Kathmandu', 'months'],
    ['MONTH', 'America/New_York', 'months'],
    [undefined, 'UTC', 'ragged'],
    ['HOUR', 'UTC', 'ragged'],
    ['HOUR', 'Asia/Kolkata', 'ragged'],
    ['DAY', 'America/New_York', 'ragged'],
    ['DAY', 'Asia/Kolkata', 'ragged'],
    ['MONTH', 'Asia/Kathmandu', 'ragged'],
  ];

  async function wholeMonths(tz: string) {
    const { rows } = await pool().query<{ from: Date; to: Date }>(
      `SELECT date_trunc('month', $1::timestamptz, $3) AS from, date_trunc('month', $2::timestamptz, $3) + interval '0' AS to`,
      [new Date(start).toISOString(), new Date(start + span + 40 * 86_400_000).toISOString(), tz],
    );
    return { from: rows[0].from.toISOString(), to: rows[0].to.toISOString() };
  }

  for (const aggregation of AGGREGATIONS) {
    it.each(windows)(`${aggregation} by %s in %s over %s, by subject and by group`, async (windowSize, tz, range) => {
      const slug = meters.get(aggregation)!;
      const { from, to } = range === 'ragged' ? ragged : await wholeMonths(tz);
      const window = windowSize?.toLowerCase() as 'minute' | 'hour' | 'day' | 'month' | undefined;
      for (const by of [{}, { groupBySubject: true }, { group: 'model' }] as const) {
        const groupBy = 'groupBySubject' in by ? ['subject'] : 'group' in by ? ['model'] : [];
        const api = await query(slug, { from, to, windowSize, tz, groupBy });
        const expected = await oracle({ meterSlug: slug, from, to, window, tz, ...by });
        const actual = keyed(api.data, { window: !!windowSize, subject: 'groupBySubject' in by, group: 'group' in by ? 'model' : undefined });
        expect(normalise(actual)).toEqual(normalise(expected));
      }
    });
  }

  it('hour rows are exactly the merge of their minute rows, up to the end of the hour tier', async () => {
    const tiers = await tierMismatches(customers.map((c) => c.id));
    expect(tiers).toEqual({ differing: 0, afterEnd: 0, hours: expect.any(Number) });
    expect(tiers.hours).toBeGreaterThan(100);
  });

  it('reports values a meter cannot count instead of counting them as zero', async () => {
    const { rows } = await pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM meter_value_errors v JOIN meters m ON m.id = v.meter_id WHERE m.slug = $1`,
      [meters.get('SUM')],
    );
    const bad = await pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE type = $1 AND (data->'tokens' IS NULL OR jsonb_typeof(data->'tokens') = 'null' OR data->>'tokens' = 'lots')`,
      [type],
    );
    expect(bad.rows[0].n).toBeGreaterThan(0);
    expect(rows[0].n).toBe(bad.rows[0].n);
  });
});

describe('time-zone windows', () => {
  it.each([
    // zone, an instant inside the day, that day's start and end in UTC
    ['Europe/Berlin', '2026-03-29T12:00:00Z', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'], // 23-hour day
    ['Europe/Berlin', '2026-10-25T12:00:00Z', '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z'], // 25-hour day
    ['America/New_York', '2026-11-01T12:00:00Z', '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z'],
    ['Asia/Kolkata', '2026-11-24T12:00:00Z', '2026-11-23T18:30:00.000Z', '2026-11-24T18:30:00.000Z'],
    ['Asia/Kathmandu', '2026-11-24T12:00:00Z', '2026-11-23T18:15:00.000Z', '2026-11-24T18:15:00.000Z'],
    ['Asia/Kathmandu', '2026-11-24T18:14:00Z', '2026-11-23T18:15:00.000Z', '2026-11-24T18:15:00.000Z'], // last minute of the day
    ['Asia/Kathmandu', '2026-11-24T18:15:00Z', '2026-11-24T18:15:00.000Z', '2026-11-25T18:15:00.000Z'], // first minute of the next
  ])('a DAY window in %s around %s runs from %s to %s', async (tz, instant, windowStart, windowEnd) => {
    const c = await customerFactory();
    const type = randomKey('tz');
    const slug = randomKey('tz-count');
    await createMeter({ slug, eventType: type, aggregation: 'COUNT', groupBy: {}, actor: 'test' });
    await insertEvents([{ customerId: c.id, subject: c.subjects[0].key, type, time: instant, data: {} }]);
    await drain([c.id]);
    const res = await query(slug, { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z', windowSize: 'DAY', tz });
    expect(res.data).toEqual([{ value: '1', windowStart, windowEnd, subject: null, groupBy: {} }]);
  });

  it('minute and hour rows meet exactly at a ragged range and at +05:30 midnights', async () => {
    const c = await customerFactory();
    const type = randomKey('edge');
    const slug = randomKey('edge-sum');
    await createMeter({ slug, eventType: type, aggregation: 'SUM', valueProperty: '$.n', groupBy: {}, actor: 'test' });
    // Each value is a distinct power of two, so any event counted twice or lost shows in the sum.
    const times = ['10:16:59', '10:17:00', '10:59:59', '11:00:00', '18:29:59', '18:30:00', '23:42:59', '23:43:00'];
    await insertEvents(
      ['2026-11-03', '2026-11-04'].flatMap((day, d) =>
        times.map((t, i) => ({ customerId: c.id, subject: c.subjects[0].key, type, time: `${day}T${t}Z`, data: { n: 2 ** (d * times.length + i) } })),
      ),
    );
    await drain([c.id]);
    const range = { from: '2026-11-03T10:17:00Z', to: '2026-11-04T23:43:00Z' };
    for (const [windowSize, tz] of [[undefined, 'UTC'], ['HOUR', 'UTC'], ['DAY', 'Asia/Kolkata'], ['HOUR', 'Asia/Kolkata'], ['DAY', 'UTC']] as const) {
      const res = await query(slug, { ...range, windowSize, tz });
      const window = windowSize?.toLowerCase() as 'hour' | 'day' | undefined;
      expect(keyed(res.data, { window: !!windowSize, subject: false }), `${windowSize} in ${tz}`).toEqual(await oracle({ meterSlug: slug, ...range, window, tz }));
    }
    // The Kolkata day from 03T18:30Z to 04T18:30Z holds 18:30:00 to 23:43:00 on the 3rd and
    // 10:16:59 to 18:29:59 on the 4th; the range clips the other two.
    const days = await query(slug, { ...range, windowSize: 'DAY', tz: 'Asia/Kolkata' });
    expect(days.data.map((x) => [x.windowStart, x.value])).toEqual([
      ['2026-11-03T10:17:00.000Z', String(2 + 4 + 8 + 16)],
      ['2026-11-03T18:30:00.000Z', String(32 + 64 + 128 + 256 + 512 + 1024 + 2048 + 4096)],
      ['2026-11-04T18:30:00.000Z', String(8192 + 16384)],
    ]);
  });

  it('a MONTH window in Asia/Kathmandu starts at 18:15 UTC on the last day of the month before', async () => {
    const c = await customerFactory();
    const type = randomKey('tz');
    const slug = randomKey('tz-sum');
    await createMeter({ slug, eventType: type, aggregation: 'SUM', valueProperty: '$.n', groupBy: {}, actor: 'test' });
    await insertEvents([
      { customerId: c.id, subject: c.subjects[0].key, type, time: '2026-11-30T18:14:59Z', data: { n: '0.1' } }, // Nov, local 23:59:59
      { customerId: c.id, subject: c.subjects[0].key, type, time: '2026-11-30T18:15:00Z', data: { n: '0.2' } }, // Dec, local 00:00
    ]);
    await drain([c.id]);
    const res = await query(slug, { from: '2026-10-31T18:15:00Z', to: '2026-12-31T18:15:00Z', windowSize: 'MONTH', tz: 'Asia/Kathmandu' });
    expect(res.data.map((d) => [d.windowStart, d.value])).toEqual([
      ['2026-10-31T18:15:00.000Z', '0.1'],
      ['2026-11-30T18:15:00.000Z', '0.2'],
    ]);
  });
});

describe('exactly-once consumer', () => {
  async function snapshot(customerId: string) {
    const { rows } = await pool().query(
      `SELECT tier, meter_id, subject, group_key, bucket, count::text, sum::text, min::text, max::text, latest_value::text, latest_seq::text
       FROM (SELECT 'minute' AS tier, * FROM meter_rollups UNION ALL SELECT 'hour', * FROM meter_rollups_hourly) r
       WHERE customer_id = $1 ORDER BY 1, 2, 3, 4, 5`,
      [customerId],
    );
    return rows;
  }

  it.each(['after-lock', 'after-aggregate', 'after-offset'] as const)('a crash %s changes nothing, and the restart counts everything once', async (crashAt) => {
    const c = await customerFactory();
    const type = randomKey('crash');
    const slug = randomKey('crash-sum');
    await createMeter({ slug, eventType: type, aggregation: 'SUM', valueProperty: '$.n', groupBy: {}, actor: 'test' });
    await drain([c.id]); // nothing of ours pending yet, but others' events may be
    const before = await snapshot(c.id);
    await insertEvents(Array.from({ length: 50 }, (_, i) => ({ customerId: c.id, subject: c.subjects[0].key, type, time: '2026-11-20T10:00:00Z', data: { n: i } })));
    // Other test files may hold the offset; retry until this consumer got to crash.
    for (;;) {
      const attempt = await consumeBatch({ crashAt }).then(
        (r) => r,
        (err: Error) => err,
      );
      if (attempt instanceof Error) {
        expect(attempt.message).toBe(`crash ${crashAt}`);
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(await snapshot(c.id)).toEqual(before);
    await drain([c.id]);
    const res = await query(slug, { from: '2026-11-20T00:00:00Z', to: '2026-11-21T00:00:00Z' });
    expect(res.data[0].value).toBe(String((49 * 50) / 2));
  });

  it('four consumers at once count every event exactly once', async () => {
    const c = await customerFactory();
    const type = randomKey('many');
    const slug = randomKey('many-count');
    await createMeter({ slug, eventType: type, aggregation: 'COUNT', groupBy: {}, actor: 'test' });
    const writes = Array.from({ length: 10 }, (_, b) =>
      insertEvents(Array.from({ length: 100 }, (_, i) => ({ customerId: c.id, subject: c.subjects[0].key, type, time: `2026-11-2${b % 3}T0${i % 10}:00:00Z`, data: {} }))),
    );
    const consumers = Array.from({ length: 4 }, async () => {
      for (let i = 0; i < 60; i++) await consumeBatch({ limit: 137 });
    });
    await Promise.all([...writes, ...consumers]);
    await drain([c.id]);
    const res = await query(slug, { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' });
    expect(res.data[0].value).toBe('1000');
  });
});

describe('hour tier', () => {
  it('hours merged from their minutes once over answer exactly, and late events keep both tiers true', async () => {
    const c = await customerFactory();
    const type = randomKey('roll');
    const slug = randomKey('roll-sum');
    await createMeter({ slug, eventType: type, aggregation: 'LATEST', valueProperty: '$.n', groupBy: { region: '$.region' }, actor: 'test' });
    const ev = (time: string, n: number, region = 'eu') => ({ customerId: c.id, subject: c.subjects[0].key, type, time, data: { n, region } });
    // Hours before the tier's end are written to both tiers by the fold; to reach the merge, the
    // end is moved back a day (the hour rows after it deleted, so every customer stays exact)
    // while the consumer's offset is held, as the consumer itself would hold it.
    await withTransaction(async (client) => {
      await client.query(`SELECT 1 FROM stream_offsets WHERE consumer = 'rollups' FOR UPDATE`);
      const { rows } = await client.query<{ t: Date }>(`SELECT hourly_until - interval '1 day' AS t FROM stream_offsets WHERE consumer = 'rollups'`);
      await client.query('DELETE FROM meter_rollups_hourly WHERE bucket >= $1', [rows[0].t]);
      await client.query('DELETE FROM meter_unique_values_hourly WHERE bucket >= $1', [rows[0].t]);
      await client.query(`UPDATE stream_offsets SET hourly_until = $1 WHERE consumer = 'rollups'`, [rows[0].t]);
    });
    const hourAgo = (h: number, m = 0) => new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - h * 3_600_000 + m * 60_000).toISOString();
    await insertEvents([ev(hourAgo(5, 10), 1), ev(hourAgo(5, 50), 2), ev(hourAgo(5, 50), 3, 'us'), ev(hourAgo(3, 0), 4), ev(hourAgo(0, 1), 5)]);
    await drain([c.id]); // the first batch merges the day
    expect(await tierMismatches([c.id])).toMatchObject({ differing: 0, afterEnd: 0 });
    const hourly = await pool().query<{ n: number }>('SELECT count(*)::int AS n FROM meter_rollups_hourly WHERE customer_id = $1', [c.id]);
    expect(hourly.rows[0].n).toBe(3); // 5 hours ago in two regions, 3 hours ago; the current hour is minutes only

    // A late event for a merged hour, with a later time than the one there: both tiers take it.
    await insertEvents([ev(hourAgo(5, 55), 6)]);
    await drain([c.id]);
    expect(await tierMismatches([c.id])).toMatchObject({ differing: 0, afterEnd: 0 });
    const range = { from: hourAgo(24), to: hourAgo(-1) };
    for (const windowSize of [undefined, 'HOUR', 'DAY'] as const) {
      const res = await query(slug, { ...range, windowSize, groupBy: ['region'] });
      expect(keyed(res.data, { window: !!windowSize, subject: false, group: 'region' })).toEqual(
        await oracle({ meterSlug: slug, ...range, window: windowSize?.toLowerCase() as 'hour' | 'day' | undefined, group: 'region' }),
      );
    }
  });
});

describe('history stays true', () => {
  it('a late event, a changed group-by and a rebuild all match a recomputation', async () => {
    const c = await customerFactory();
    const type = randomKey('hist');
    const slug = randomKey('hist-sum');
    await createMeter({ slug, eventType: type, aggregation: 'SUM', valueProperty: '$.n', groupBy: {}, actor: 'test' });
    const events = Array.from({ length: 40 }, (_, i) => ({ customerId: c.id, subject: c.subjects[0].key, type, time: `2026-11-1${i % 10}T12:00:00Z`, data: { n: i, region: i % 2 ? 'eu' : 'us' } }));
    await insertEvents(events);
    await drain([c.id]);
    // A late event for a day long closed.
    await insertEvents([{ customerId: c.id, subject: c.subjects[0].key, type, time: '2026-11-10T00:00:30Z', data: { n: 1000, region: 'eu' } }]);
    await drain([c.id]);
    const range = { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };
    const day = await query(slug, { ...range, windowSize: 'DAY' });
    expect(keyed(day.data, { window: true, subject: false })).toEqual(await oracle({ meterSlug: slug, ...range, window: 'day' }));

    const { updateMeter } = await import('@/lib/meters/update-meter');
    await updateMeter({ idOrSlug: slug, groupBy: { region: '$.region' }, actor: 'test' });
    const byRegion = await query(slug, { ...range, groupBy: ['region'] });
    expect(keyed(byRegion.data, { window: false, subject: false, group: 'region' })).toEqual(await oracle({ meterSlug: slug, ...range, group: 'region' }));
    expect(byRegion.data.find((d) => d.groupBy.region === 'eu')?.value).toBe(String(1000 + events.filter((e) => e.data.region === 'eu').reduce((n, e) => n + e.data.n, 0)));
  });
});

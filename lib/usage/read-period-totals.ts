import { pool } from '@/lib/db/pool';
import type { MeterSpec } from '@/lib/rollups/aggregate-sql';
import { ROLLUP_CONSUMER } from '@/lib/rollups/aggregate-sql';
import { splitTiers } from '@/lib/rollups/split-tiers';

/** One quantity to read: a customer's usage of a meter, only the given group values, over [from, to). */
export type PeriodTotalRequest = {
  customerId: string;
  meter: Pick<MeterSpec, 'id' | 'aggregation'>;
  /** Group-by name -> value; empty for all usage. */
  filter: Record<string, string>;
  from: Date;
  to: Date;
};

/**
 * Rollups hold whole minutes, and this reader reads rollups only: a bound inside a minute reads
 * from that minute's start. Period bounds are local midnights, always whole minutes; a draft's
 * "usage so far" ends at the current minute's start in effect.
 */
const floorMinute = (d: Date) => new Date(Math.floor(d.getTime() / 60_000) * 60_000);

/**
 * Many exact quantities in one statement: the batch counterpart of the meter query, for rating
 * many customers at once (plan simulation). Each request is split between the hour and minute
 * tiers by the same rule as the meter query (`splitTiers`, no window cuts: one total per
 * request), so for whole-minute bounds a quantity equals what `GET /meters/{m}/query` answers
 * for the same range and filter (the query also reads raw events for a partial minute). Answers, in request order, the aggregate as an exact decimal string; "0" where no usage
 * was recorded (AVG, MIN, MAX and LATEST have no value then either; rating counts that as 0).
 */
export async function readPeriodTotals(requests: PeriodTotalRequest[]): Promise<string[]> {
  if (requests.length === 0) return [];
  const { rows: until } = await pool().query<{ hourly_until: Date | null }>('SELECT hourly_until FROM stream_offsets WHERE consumer = $1', [ROLLUP_CONSUMER]);
  const hourlyUntil = until[0]?.hourly_until ?? null;

  // A segment is one tier of one (customer, meter) over one bucket range; requests that differ
  // only by their group filter (one price for model=large, another for model=small) share it.
  const seg = { customer: [] as string[], meter: [] as string[], aggregation: [] as string[], hourly: [] as boolean[], lo: [] as Date[], hi: [] as Date[] };
  const segIndex = new Map<string, number>();
  const uses = { request: [] as number[], segment: [] as number[] };
  requests.forEach((r, i) => {
    const from = floorMinute(r.from);
    const to = floorMinute(r.to);
    if (from >= to) return;
    const plan = splitTiers({ from, to, hourlyUntil, cutHours: [] });
    const ranges = [...(plan.hours ? [{ hourly: true, lo: plan.hours.from ?? from, hi: plan.hours.to }] : []), ...plan.minutes.map((m) => ({ hourly: false, lo: m.from ?? from, hi: m.to ?? to }))];
    for (const { hourly, lo, hi } of ranges) {
      const key = `${r.customerId}|${r.meter.id}|${hourly}|${lo.getTime()}|${hi.getTime()}`;
      let k = segIndex.get(key);
      if (k === undefined) {
        k = seg.customer.push(r.customerId) - 1;
        seg.meter.push(r.meter.id);
        seg.aggregation.push(r.meter.aggregation);
        seg.hourly.push(hourly);
        seg.lo.push(lo);
        seg.hi.push(hi);
        segIndex.set(key, k);
      }
      uses.request.push(i);
      uses.segment.push(k);
    }
  });

  // Each segment is one index range probe (a LATERAL per segment), aggregated per group key before
  // any filter is checked: parsing a group key as JSON once per group instead of once per row made
  // a 200-customer simulation's read 2x faster. The (customer_id, meter_id) row comparison can only
  // be answered by the primary key, whose leading columns it names: with plain equalities, after
  // an ANALYZE the planner read 1,000 customers' segments through the (meter_id, bucket) index
  // instead (it takes a range of parameters for a few rows), one meter-wide scan per segment, 88 s
  // instead of 0.6 s.
  const probe = (t: string, hourly: boolean, unique: boolean) => `${hourly ? '' : 'NOT '}s.hourly AND s.aggregation ${unique ? '=' : '<>'} 'UNIQUE_COUNT'
          AND (${t}.customer_id, ${t}.meter_id) >= (s.customer_id, s.meter_id) AND (${t}.customer_id, ${t}.meter_id) <= (s.customer_id, s.meter_id)
          AND ${t}.bucket >= s.lo AND ${t}.bucket < s.hi`;
  const latest = (col: string) => `(array_agg(${col} ORDER BY latest_time DESC, latest_seq DESC) FILTER (WHERE s.aggregation = 'LATEST'))[1]`;
  const rollups = (table: string, hourly: boolean) => `SELECT s.k, x.* FROM seg s CROSS JOIN LATERAL (
        SELECT group_key, sum(count) AS count, sum(sum) AS sum, min(min) AS min, max(max) AS max,
               ${latest('latest_value')} AS latest_value, ${latest('latest_time')} AS latest_time, ${latest('latest_seq')} AS latest_seq
        FROM ${table} r WHERE ${probe('r', hourly, false)}
        GROUP BY group_key) x`;
  const uniques = (table: string, hourly: boolean) => `SELECT s.k, x.group_key, x.value FROM seg s CROSS JOIN LATERAL (
        SELECT DISTINCT group_key, value FROM ${table} r WHERE ${probe('r', hourly, true)}) x`;
  const sql = `
    WITH seg AS MATERIALIZED (
      SELECT (k - 1)::int AS k, customer_id, meter_id, aggregation, hourly, lo, hi
      FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bool[], $5::timestamptz[], $6::timestamptz[]) WITH ORDINALITY AS s(customer_id, meter_id, aggregation, hourly, lo, hi, k)
    ),
    req AS MATERIALIZED (
      SELECT (i - 1)::int AS i, filter, aggregation FROM unnest($7::jsonb[], $8::text[]) WITH ORDINALITY AS r(filter, aggregation, i)
    ),
    uses AS (SELECT * FROM unnest($9::int[], $10::int[]) AS u(i, k)),
    g AS MATERIALIZED (${rollups('meter_rollups_hourly', true)}
      UNION ALL ${rollups('meter_rollups', false)}),
    a AS (
      SELECT u.i, sum(count) AS count, sum(sum) AS sum, min(min) AS min, max(max) AS max,
             (array_agg(latest_value ORDER BY latest_time DESC, latest_seq DESC))[1] AS latest
      FROM uses u JOIN req r ON r.i = u.i JOIN g ON g.k = u.k WHERE g.group_key::jsonb @> r.filter GROUP BY u.i
    ),
    v AS MATERIALIZED (${uniques('meter_unique_values_hourly', true)}
      UNION ALL ${uniques('meter_unique_values', false)}),
    d AS (SELECT u.i, count(DISTINCT v.value) AS n FROM uses u JOIN req r ON r.i = u.i JOIN v ON v.k = u.k WHERE v.group_key::jsonb @> r.filter GROUP BY u.i)
    SELECT r.i, (CASE r.aggregation
        WHEN 'SUM' THEN a.sum WHEN 'COUNT' THEN a.count WHEN 'AVG' THEN a.sum / nullif(a.count, 0)
        WHEN 'MIN' THEN a.min WHEN 'MAX' THEN a.max WHEN 'LATEST' THEN a.latest WHEN 'UNIQUE_COUNT' THEN d.n END)::text AS value
    FROM req r LEFT JOIN a ON a.i = r.i LEFT JOIN d ON d.i = r.i`;
  const params = [
    seg.customer,
    seg.meter,
    seg.aggregation,
    seg.hourly,
    seg.lo,
    seg.hi,
    requests.map((r) => JSON.stringify(r.filter)),
    requests.map((r) => r.meter.aggregation),
    uses.request,
    uses.segment,
  ];
  const { rows } = await pool().query<{ i: number; value: string | null }>(sql, params);
  const values = new Array<string>(requests.length).fill('0');
  for (const row of rows) if (row.value !== null) values[row.i] = row.value;
  return values;
}

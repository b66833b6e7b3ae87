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

/** Rollups hold whole minutes; a bound inside a minute reads from that minute's start. */
const floorMinute = (d: Date) => new Date(Math.floor(d.getTime() / 60_000) * 60_000);

/**
 * Many exact quantities in one statement: the batch counterpart of the meter query, for rating
 * many customers at once (plan simulation). Each request is split between the hour and minute
 * tiers by the same rule as the meter query (`splitTiers`, no window cuts: one total per
 * request), so a quantity equals what `GET /meters/{m}/query` answers for the same range and
 * filter. Answers, in request order, the aggregate as an exact decimal string; "0" where no usage
 * was recorded (AVG, MIN, MAX and LATEST have no value then either; rating counts that as 0).
 */
export async function readPeriodTotals(requests: PeriodTotalRequest[]): Promise<string[]> {
  if (requests.length === 0) return [];
  const { rows: until } = await pool().query<{ hourly_until: Date | null }>('SELECT hourly_until FROM stream_offsets WHERE consumer = $1', [ROLLUP_CONSUMER]);
  const hourlyUntil = until[0]?.hourly_until ?? null;

  const seg = { i: [] as number[], hourly: [] as boolean[], lo: [] as Date[], hi: [] as Date[] };
  const push = (i: number, hourly: boolean, lo: Date, hi: Date) => {
    seg.i.push(i);
    seg.hourly.push(hourly);
    seg.lo.push(lo);
    seg.hi.push(hi);
  };
  requests.forEach((r, i) => {
    const from = floorMinute(r.from);
    const to = floorMinute(r.to);
    if (from >= to) return;
    const plan = splitTiers({ from, to, hourlyUntil, cutHours: [] });
    if (plan.hours) push(i, true, plan.hours.from ?? from, plan.hours.to);
    for (const m of plan.minutes) push(i, false, m.from ?? from, m.to ?? to);
  });

  // Each segment reads one tier of one (customer, meter) over a bucket range; the primary key
  // (customer_id, meter_id, …) finds its rows. UNIQUE_COUNT reads the distinct values instead.
  const tier = (table: string, columns: string, hourly: boolean) => `SELECT s.i, ${columns} FROM seg s JOIN t ON t.i = s.i
      JOIN ${table} x ON x.customer_id = t.customer_id AND x.meter_id = t.meter_id AND x.bucket >= s.lo AND x.bucket < s.hi
      WHERE ${hourly ? '' : 'NOT '}s.hourly AND ${table.includes('unique') ? '' : 'NOT '}t.is_unique AND x.group_key::jsonb @> t.filter`;
  const rollupColumns = 'x.count, x.sum, x.min, x.max, x.latest_value, x.latest_time, x.latest_seq';
  const sql = `
    WITH t AS MATERIALIZED (
      SELECT (i - 1)::int AS i, customer_id, meter_id, filter, aggregation, aggregation = 'UNIQUE_COUNT' AS is_unique
      FROM unnest($1::uuid[], $2::uuid[], $3::jsonb[], $4::text[]) WITH ORDINALITY AS t(customer_id, meter_id, filter, aggregation, i)
    ),
    seg AS MATERIALIZED (SELECT * FROM unnest($5::int[], $6::bool[], $7::timestamptz[], $8::timestamptz[]) AS s(i, hourly, lo, hi)),
    r AS (${tier('meter_rollups_hourly', rollupColumns, true)} UNION ALL ${tier('meter_rollups', rollupColumns, false)}),
    u AS (${tier('meter_unique_values_hourly', 'x.value', true)} UNION ALL ${tier('meter_unique_values', 'x.value', false)}),
    a AS (
      SELECT i, sum(count) AS count, sum(sum) AS sum, min(min) AS min, max(max) AS max,
             (array_agg(latest_value ORDER BY latest_time DESC, latest_seq DESC))[1] AS latest
      FROM r GROUP BY i
    ),
    d AS (SELECT i, count(DISTINCT value) AS n FROM u GROUP BY i)
    SELECT t.i, (CASE t.aggregation
        WHEN 'SUM' THEN a.sum WHEN 'COUNT' THEN a.count WHEN 'AVG' THEN a.sum / nullif(a.count, 0)
        WHEN 'MIN' THEN a.min WHEN 'MAX' THEN a.max WHEN 'LATEST' THEN a.latest WHEN 'UNIQUE_COUNT' THEN d.n END)::text AS value
    FROM t LEFT JOIN a ON a.i = t.i LEFT JOIN d ON d.i = t.i`;
  const { rows } = await pool().query<{ i: number; value: string | null }>(sql, [
    requests.map((r) => r.customerId),
    requests.map((r) => r.meter.id),
    requests.map((r) => JSON.stringify(r.filter)),
    requests.map((r) => r.meter.aggregation),
    seg.i,
    seg.hourly,
    seg.lo,
    seg.hi,
  ]);
  const values = new Array<string>(requests.length).fill('0');
  for (const row of rows) if (row.value !== null) values[row.i] = row.value;
  return values;
}

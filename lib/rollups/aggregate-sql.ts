import type { PoolClient } from 'pg';
import { NUMERIC_STRING } from './numeric-value';

/** The rollup consumer's row in stream_offsets. */
export const ROLLUP_CONSUMER = 'rollups';

/** Where the hour tier ends: hours before it hold every folded event; later ones are in minute rows only. */
export const HOURLY_UNTIL = `(SELECT hourly_until FROM stream_offsets WHERE consumer = '${ROLLUP_CONSUMER}')`;

/** What the fold needs to know of a meter. */
export type MeterSpec = {
  id: string;
  eventType: string;
  aggregation: 'SUM' | 'COUNT' | 'UNIQUE_COUNT' | 'AVG' | 'MIN' | 'MAX' | 'LATEST';
  valuePath: string[];
  /** Group name -> key path into `data`. */
  groupPaths: Record<string, string[]>;
};

/** The meters to fold, read in the folding transaction; one meter for a rebuild. */
export async function loadMeterSpecs(client: PoolClient, meterId?: string): Promise<MeterSpec[]> {
  const { rows } = await client.query<MeterSpec>(
    `SELECT id, event_type AS "eventType", aggregation, value_path AS "valuePath", group_paths AS "groupPaths"
     FROM meters WHERE $1::uuid IS NULL OR id = $1::uuid ORDER BY id`,
    [meterId ?? null],
  );
  return rows;
}

// Meter ids, event types and paths are written into the statement as literals, so the planner
// sees constants: one cheap expression per meter instead of interpreting each meter's
// definition per event. standard_conforming_strings (on since PostgreSQL 9.1) makes doubling
// the quote the whole escape.
const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;
const textArray = (a: string[]) => (a.length === 0 ? `'{}'::text[]` : `ARRAY[${a.map(literal).join(', ')}]::text[]`);

function groupKeySql(paths: Record<string, string[]>): string {
  const entries = Object.entries(paths);
  if (entries.length === 0) return `'{}'`;
  // jsonb's text form orders keys canonically, so equal groups always give the same key.
  return `jsonb_build_object(${entries.map(([k, p]) => `${literal(k)}, b.data #>> ${textArray(p)}`).join(', ')})::text`;
}

/**
 * One meter's rows from `batch b`: the event's bucket, group key and checked value; `ok` says it
 * counts. The fold and the query's partial minutes measure events with this one definition.
 */
export function measureSql(m: MeterSpec): string {
  const head = `b.customer_id, b.seq, b.time, b.source, b.event_id, b.subject, ${literal(m.id)}::uuid AS meter_id,
         date_trunc('minute', b.time) AS bucket, ${groupKeySql(m.groupPaths)} AS group_key`;
  const where = `WHERE b.type = ${literal(m.eventType)}`;
  if (m.aggregation === 'COUNT') {
    return `SELECT ${head}, NULL::jsonb AS raw, NULL::numeric AS value, NULL::text AS distinct_value, true AS ok, false AS is_unique, false AS is_latest
    FROM batch b ${where}`;
  }
  const raw = `CROSS JOIN LATERAL (SELECT b.data #> ${textArray(m.valuePath)} AS raw) r`;
  if (m.aggregation === 'UNIQUE_COUNT') {
    return `SELECT ${head}, r.raw, NULL::numeric AS value, u.v AS distinct_value, u.v IS NOT NULL AS ok, true AS is_unique, false AS is_latest
    FROM batch b ${raw}
    CROSS JOIN LATERAL (SELECT CASE WHEN jsonb_typeof(r.raw) IN ('string', 'number') THEN r.raw #>> '{}' END AS v) u ${where}`;
  }
  return `SELECT ${head}, r.raw, n.v AS value, NULL::text AS distinct_value, n.v IS NOT NULL AS ok, false AS is_unique, ${m.aggregation === 'LATEST'} AS is_latest
    FROM batch b ${raw}
    CROSS JOIN LATERAL (SELECT CASE jsonb_typeof(r.raw) WHEN 'number' THEN (r.raw #>> '{}')::numeric
      WHEN 'string' THEN CASE WHEN (r.raw #>> '{}') ~ '${NUMERIC_STRING}' THEN (r.raw #>> '{}')::numeric END END AS v) n ${where}`;
}

/** Hour buckets are UTC hours whatever the session's TimeZone. */
const HOUR = `date_trunc('hour', bucket, 'UTC')`;

/** Adds partial aggregates (rows in the rollup column order) into a rollup tier. */
export function upsertRollups(table: string, rowsSql: string): string {
  return `INSERT INTO ${table} AS r (customer_id, meter_id, subject, group_key, bucket, count, sum, min, max, latest_value, latest_time, latest_seq)
  ${rowsSql}
  ON CONFLICT (customer_id, meter_id, subject, group_key, bucket) DO UPDATE SET
    count = r.count + EXCLUDED.count,
    sum = r.sum + EXCLUDED.sum,
    min = LEAST(r.min, EXCLUDED.min),
    max = GREATEST(r.max, EXCLUDED.max),
    latest_value = CASE WHEN (EXCLUDED.latest_time, EXCLUDED.latest_seq) > (r.latest_time, r.latest_seq) THEN EXCLUDED.latest_value ELSE r.latest_value END,
    latest_seq = CASE WHEN (EXCLUDED.latest_time, EXCLUDED.latest_seq) > (r.latest_time, r.latest_seq) THEN EXCLUDED.latest_seq ELSE r.latest_seq END,
    latest_time = GREATEST(r.latest_time, EXCLUDED.latest_time)`;
}

// Only LATEST meters pay for the ordered aggregates; for the others latest_* stay empty.
function latestOf(withLatest: boolean, value: string, time: string, seq: string, when: string): string {
  return withLatest
    ? `(array_agg(${value} ORDER BY ${time} DESC, ${seq} DESC) FILTER (WHERE ${when}))[1] AS latest_value, max(${time}) FILTER (WHERE ${when}) AS latest_time,
         (array_agg(${seq} ORDER BY ${time} DESC, ${seq} DESC) FILTER (WHERE ${when}))[1] AS latest_seq`
    : 'NULL::numeric AS latest_value, NULL::timestamptz AS latest_time, NULL::bigint AS latest_seq';
}

/** Minute rows (`minutesSql`, in the rollup column order) merged into hour rows. */
export function hourRowsSql(minutesSql: string, withLatest: boolean): string {
  return `SELECT customer_id, meter_id, subject, group_key, ${HOUR}, sum(count), sum(sum), min(min), max(max),
         ${latestOf(withLatest, 'latest_value', 'latest_time', 'latest_seq', 'latest_time IS NOT NULL')}
  FROM ${minutesSql} GROUP BY customer_id, meter_id, subject, group_key, ${HOUR}`;
}

/** Distinct values (`valuesSql`: the unique-value columns) into the hour tier of UNIQUE_COUNT. */
export function hourUniquesSql(valuesSql: string): string {
  return `INSERT INTO meter_unique_values_hourly (customer_id, meter_id, subject, group_key, bucket, value)
  SELECT DISTINCT customer_id, meter_id, subject, group_key, ${HOUR}, value FROM ${valuesSql}
  ON CONFLICT DO NOTHING`;
}

/**
 * One statement that folds a batch of events into the rollups of the given meters.
 * `batchSql` selects customer_id, time, seq, tx_id, type, subject, data, source, event_id.
 * Used by the stream consumer (the next events past its offset) and by rebuilds (a meter's
 * whole history up to that offset), so both always compute the same thing.
 * Returns one row: how many events the batch held and the (tx_id, seq) of its last one.
 */
export function aggregateSql(batchSql: string, meters: MeterSpec[]): string {
  const summary = `SELECT (SELECT count(*) FROM batch)::int AS events, l.tx_id AS last_tx, l.seq AS last_seq
FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT tx_id, seq FROM batch ORDER BY tx_id DESC, seq DESC LIMIT 1) l ON true`;
  if (meters.length === 0) return `WITH batch AS MATERIALIZED (${batchSql})\n${summary}`;

  const ctes = [`batch AS MATERIALIZED (${batchSql})`, `measured AS (${meters.map(measureSql).join('\n  UNION ALL ')})`];
  if (meters.some((m) => m.aggregation !== 'COUNT')) {
    ctes.push(`errors AS (
  INSERT INTO meter_value_errors (customer_id, meter_id, seq, time, source, event_id, value)
  SELECT customer_id, meter_id, seq, time, source, event_id, raw FROM measured WHERE NOT ok
  ON CONFLICT DO NOTHING)`);
  }
  // Hours the consumer has already merged (late events) go into both tiers; later ones are merged
  // from their minutes once they are over (roll-hours.ts).
  if (meters.some((m) => m.aggregation === 'UNIQUE_COUNT')) {
    ctes.push(
      `uniques AS (
  INSERT INTO meter_unique_values (customer_id, meter_id, subject, group_key, bucket, value)
  SELECT DISTINCT customer_id, meter_id, subject, group_key, bucket, distinct_value FROM measured WHERE ok AND is_unique
  ON CONFLICT DO NOTHING)`,
      `uniques_hourly AS (${hourUniquesSql(
        `(SELECT customer_id, meter_id, subject, group_key, bucket, distinct_value AS value FROM measured WHERE ok AND is_unique AND bucket < ${HOURLY_UNTIL}) v`,
      )})`,
    );
  }
  const withLatest = meters.some((m) => m.aggregation === 'LATEST');
  ctes.push(
    `minutes AS (
  SELECT customer_id, meter_id, subject, group_key, bucket, count(*) AS count, coalesce(sum(value), 0) AS sum, min(value) AS min, max(value) AS max,
         ${latestOf(withLatest, 'value', 'time', 'seq', 'is_latest')}
  FROM measured WHERE ok
  GROUP BY customer_id, meter_id, subject, group_key, bucket)`,
    `rolled AS (${upsertRollups('meter_rollups', 'SELECT * FROM minutes')})`,
    `rolled_hourly AS (${upsertRollups('meter_rollups_hourly', hourRowsSql(`(SELECT * FROM minutes WHERE bucket < ${HOURLY_UNTIL}) m`, withLatest))})`,
  );
  return `WITH ${ctes.join(',\n')}\n${summary}`;
}

import { NUMERIC_STRING } from '@/lib/meters/numeric-value';

/**
 * One statement that folds a batch of events into the rollups of every meter for their type.
 * `batchSql` selects customer_id, time, seq, tx_id, type, subject, data, source, event_id.
 * Used by the stream consumer (the next events past its offset) and by rebuilds (a meter's
 * whole history up to that offset), so both always compute the same thing.
 * Returns one row: how many events the batch held and the (tx_id, seq) of its last one.
 */
export function aggregateSql(batchSql: string, meterFilter = ''): string {
  return `
WITH batch AS MATERIALIZED (${batchSql}),
measured AS (
  SELECT b.customer_id, b.seq, b.time, b.source, b.event_id, b.subject, m.id AS meter_id, m.aggregation,
         date_trunc('minute', b.time) AS bucket,
         CASE WHEN m.group_paths = '{}'::jsonb THEN '{}'
              ELSE (SELECT jsonb_object_agg(g.key, b.data #>> ARRAY(SELECT jsonb_array_elements_text(g.value)))::text
                    FROM jsonb_each(m.group_paths) AS g) END AS group_key,
         CASE WHEN cardinality(m.value_path) = 0 THEN NULL ELSE b.data #> m.value_path END AS raw
  FROM batch b JOIN meters m ON m.event_type = b.type ${meterFilter}
),
checked AS (
  SELECT v.*, CASE v.aggregation WHEN 'COUNT' THEN true WHEN 'UNIQUE_COUNT' THEN v.distinct_value IS NOT NULL ELSE v.value IS NOT NULL END AS ok
  FROM (
    SELECT measured.*,
      CASE WHEN jsonb_typeof(raw) = 'number' THEN (raw #>> '{}')::numeric
           WHEN jsonb_typeof(raw) = 'string' AND (raw #>> '{}') ~ '${NUMERIC_STRING}' THEN (raw #>> '{}')::numeric END AS value,
      CASE WHEN jsonb_typeof(raw) IN ('string', 'number') THEN raw #>> '{}' END AS distinct_value
    FROM measured
  ) v
),
errors AS (
  INSERT INTO meter_value_errors (customer_id, meter_id, seq, time, source, event_id, value)
  SELECT customer_id, meter_id, seq, time, source, event_id, raw FROM checked WHERE NOT ok
  ON CONFLICT DO NOTHING
),
uniques AS (
  INSERT INTO meter_unique_values (customer_id, meter_id, subject, group_key, bucket, value)
  SELECT DISTINCT customer_id, meter_id, subject, group_key, bucket, distinct_value FROM checked
  WHERE ok AND aggregation = 'UNIQUE_COUNT'
  ON CONFLICT DO NOTHING
),
rolled AS (
  INSERT INTO meter_rollups AS r (customer_id, meter_id, subject, group_key, bucket, count, sum, min, max, latest_value, latest_time, latest_seq)
  SELECT customer_id, meter_id, subject, group_key, bucket, count(*), coalesce(sum(value), 0), min(value), max(value),
         -- Only LATEST meters pay for the ordered aggregate; for the others latest_* stay empty.
         (array_agg(value ORDER BY time DESC, seq DESC) FILTER (WHERE aggregation = 'LATEST'))[1],
         max(time) FILTER (WHERE aggregation = 'LATEST'),
         (array_agg(seq ORDER BY time DESC, seq DESC) FILTER (WHERE aggregation = 'LATEST'))[1]
  FROM checked WHERE ok
  GROUP BY customer_id, meter_id, subject, group_key, bucket
  ON CONFLICT (customer_id, meter_id, subject, group_key, bucket) DO UPDATE SET
    count = r.count + EXCLUDED.count,
    sum = r.sum + EXCLUDED.sum,
    min = LEAST(r.min, EXCLUDED.min),
    max = GREATEST(r.max, EXCLUDED.max),
    latest_value = CASE WHEN (EXCLUDED.latest_time, EXCLUDED.latest_seq) > (r.latest_time, r.latest_seq) THEN EXCLUDED.latest_value ELSE r.latest_value END,
    latest_seq = CASE WHEN (EXCLUDED.latest_time, EXCLUDED.latest_seq) > (r.latest_time, r.latest_seq) THEN EXCLUDED.latest_seq ELSE r.latest_seq END,
    latest_time = GREATEST(r.latest_time, EXCLUDED.latest_time)
)
SELECT (SELECT count(*) FROM batch)::int AS events,
       (SELECT tx_id FROM batch ORDER BY tx_id DESC, seq DESC LIMIT 1) AS last_tx,
       (SELECT seq FROM batch ORDER BY tx_id DESC, seq DESC LIMIT 1) AS last_seq`;
}

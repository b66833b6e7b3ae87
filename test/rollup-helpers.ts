import { customerScope } from '@/lib/principals/customer-scope';
import { pool } from '@/lib/db/pool';
import { consumeBatch } from '@/lib/rollups/consume-batch';
import { readUsage } from '@/lib/usage/read-usage';

export type RawEvent = { customerId: string; subject: string; type: string; time: string; data: unknown; id?: string };

let n = 0;

/**
 * Writes events straight into the log (as ingest does, minus the HTTP and time-window checks),
 * so rollup tests can place events on any date: DST changes, month ends, years ago.
 */
export async function insertEvents(events: RawEvent[]): Promise<void> {
  if (events.length === 0) return;
  const times = events.map((e) => new Date(e.time).toISOString());
  await pool().query('SELECT ensure_event_partitions($1::timestamptz, $2::timestamptz)', [
    times.reduce((a, b) => (a < b ? a : b)),
    times.reduce((a, b) => (a > b ? a : b)),
  ]);
  await pool().query(
    `INSERT INTO events (customer_id, time, source, event_id, type, subject, data, received_at)
     SELECT c, t, 'rollup-test', i, ty, s, d::jsonb, now() FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[]) AS x(c, t, i, ty, s, d)`,
    [
      events.map((e) => e.customerId),
      events.map((e) => e.time),
      events.map((e) => e.id ?? `ev-${process.pid}-${Date.now()}-${n++}`),
      events.map((e) => e.type),
      events.map((e) => e.subject),
      events.map((e) => JSON.stringify(e.data)),
    ],
  );
}

/** Runs the consumer until no event of these customers is left behind its offset. */
export async function drain(customerIds: string[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events e, stream_offsets o
       WHERE o.consumer = 'rollups' AND (e.tx_id, e.seq) > (o.last_tx, o.last_seq) AND e.customer_id = ANY($1::uuid[])`,
      [customerIds],
    );
    if (rows[0].n === 0) return;
    if (Date.now() > deadline) throw new Error(`consumer did not catch up: ${rows[0].n} events pending`);
    const r = await consumeBatch({ limit: 5000 });
    if (r.status === 'busy' || r.events === 0) await new Promise((res) => setTimeout(res, 20));
  }
}

export type OracleOptions = {
  meterSlug: string;
  from: string;
  to: string;
  window?: 'minute' | 'hour' | 'day' | 'month';
  tz?: string;
  groupBySubject?: boolean;
  group?: string;
};

/**
 * The recomputation rollups must equal: each aggregation straight from the raw events with
 * Postgres' own aggregates, no rollups involved. Keyed "windowStart|subject|group".
 */
export async function oracle(o: OracleOptions): Promise<Map<string, string>> {
  const tz = o.tz ?? 'UTC';
  // Windows are clipped to [from, to), as the query clips them.
  const ws = o.window ? `greatest(date_trunc('${o.window}', time, $4), $2::timestamptz)` : 'NULL::timestamptz';
  const { rows } = await pool().query<{ k: string; v: string | null }>(
    `WITH m AS (SELECT * FROM meters WHERE slug = $1),
     ev AS (
       SELECT e.*, m.aggregation, e.data #> m.value_path AS raw, m.group_paths
       FROM events e JOIN m ON e.type = m.event_type
       WHERE e.time >= $2 AND e.time < $3 AND $4::text IS NOT NULL
     ),
     valued AS (
       SELECT ev.*,
         CASE WHEN jsonb_typeof(raw) = 'number' OR (jsonb_typeof(raw) = 'string' AND raw #>> '{}' ~ '^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$')
              THEN (raw #>> '{}')::numeric END AS value
       FROM ev
     ),
     ok AS (
       SELECT * FROM valued WHERE aggregation = 'COUNT'
          OR (aggregation = 'UNIQUE_COUNT' AND jsonb_typeof(raw) IN ('string', 'number'))
          OR value IS NOT NULL
     )
     SELECT concat_ws('|', coalesce(to_char(${ws} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI'), '-'),
                      ${o.groupBySubject ? 'subject' : "'-'"},
                      ${o.group ? `coalesce(data #>> ARRAY(SELECT jsonb_array_elements_text(group_paths -> $5)), 'null')` : "'-'"}) AS k,
       (CASE (SELECT aggregation FROM m)
          WHEN 'SUM' THEN sum(value) WHEN 'COUNT' THEN count(*) WHEN 'AVG' THEN avg(value)
          WHEN 'MIN' THEN min(value) WHEN 'MAX' THEN max(value)
          WHEN 'LATEST' THEN (array_agg(value ORDER BY time DESC, seq DESC))[1]
          WHEN 'UNIQUE_COUNT' THEN count(DISTINCT raw #>> '{}') END)::text AS v
     FROM ok GROUP BY 1`,
    [o.meterSlug, o.from, o.to, tz, ...(o.group ? [o.group] : [])],
  );
  return new Map(rows.map((r) => [r.k, r.v ?? 'null']));
}

export type Window = 'MINUTE' | 'HOUR' | 'DAY' | 'MONTH';
export type UsageRow = { value: string; windowStart: string; windowEnd: string; subject: string | null; groupBy: Record<string, string | null> };

/** The usage reader as an admin's query runs it, windows as ISO strings. */
export async function query(meter: string, q: { from?: string; to?: string; windowSize?: Window; tz?: string; groupBy?: string[] }) {
  const rows = await readUsage({
    meter,
    scope: customerScope({ kind: 'api-key', keyId: 'test', scope: 'admin' }),
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    windowSize: q.windowSize,
    windowTimeZone: q.tz ?? 'UTC',
    groupBy: q.groupBy ?? [],
  });
  const data: UsageRow[] = rows.map((r) => ({ ...r, windowStart: r.windowStart.at.toISOString(), windowEnd: r.windowEnd.at.toISOString() }));
  return { data };
}

/** The query's answer keyed like the oracle's. */
export function keyed(data: UsageRow[], opts: { window: boolean; subject: boolean; group?: string }) {
  return new Map(
    data.map((d) => [
      [opts.window ? d.windowStart.slice(0, 16) : '-', opts.subject ? d.subject : '-', opts.group ? (d.groupBy[opts.group] ?? 'null') : '-'].join('|'),
      d.value,
    ]),
  );
}

/** Numeric strings compare by value: "2.50" equals "2.5". */
export function normalise(m: Map<string, string>) {
  return new Map([...m].map(([k, v]) => [k, v === 'null' ? v : String(Number(v)) === v ? v : trimZeros(v)]));
}
function trimZeros(v: string) {
  return v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v;
}

/** A meter query's JSON with each `value` kept as the exact decimal text sent. */
export function exactJson<T>(text: string): T {
  return JSON.parse(text.replace(/"value":(-?[0-9][0-9.eE+-]*)/g, '"value":"$1"')) as T;
}

import { pool } from '@/lib/db/pool';
import { type MeterSpec, ROLLUP_CONSUMER, measureSql } from './aggregate-sql';
import { HOUR_MS, type HourSpan, type Range, hourSpan, splitTiers } from './split-tiers';

export type WindowUnit = 'minute' | 'hour' | 'day' | 'month';

/** An exact bound: `at` to the millisecond, `micros` the microseconds below it (Postgres' precision). */
export type Instant = { at: Date; micros: number };

/** The bound as Postgres reads it: UTC, six fraction digits. */
export const instantText = (i: Instant) => `${i.at.toISOString().slice(0, 23)}${String(i.micros).padStart(3, '0')}Z`;

const MINUTE_MS = 60_000;
const isWholeMinute = (i: Instant) => i.micros === 0 && i.at.getTime() % MINUTE_MS === 0;
const floorMinute = (i: Instant) => new Date(Math.floor(i.at.getTime() / MINUTE_MS) * MINUTE_MS);
const ceilMinute = (i: Instant) => (isWholeMinute(i) ? i.at : new Date(floorMinute(i).getTime() + MINUTE_MS));

const TIERS = {
  rollups: {
    minute: 'meter_rollups',
    hour: 'meter_rollups_hourly',
    columns: 'bucket, customer_id, subject, group_key, count, sum, min, max, latest_value, latest_time, latest_seq',
    // One raw event as a partial aggregate, in the same columns.
    fromEvents:
      'bucket, customer_id, subject, group_key, 1::bigint AS count, coalesce(value, 0) AS sum, value AS min, value AS max, value AS latest_value, time AS latest_time, seq AS latest_seq',
  },
  unique: {
    minute: 'meter_unique_values',
    hour: 'meter_unique_values_hourly',
    columns: 'bucket, customer_id, subject, group_key, value',
    fromEvents: 'bucket, customer_id, subject, group_key, distinct_value AS value',
  },
};

/** Cut hours are listed while there are at most this many; past that every minute is read. */
const MAX_CUT_HOURS = 20_000;

type CutHoursOptions = { meterId: string; table: string; hours: HourSpan; unit: Exclude<WindowUnit, 'minute'>; timeZone: string };

/**
 * The whole hours in which a window of `unit` in `timeZone` starts off the hour: none in UTC; in
 * a +05:30 zone the hour holding each local midnight. Candidates are the window starts (day
 * and month) or the hours (hour windows), so the work grows with the windows in the span, never
 * with its hours; the cut test is the date_trunc that assigns rows to windows. An open start is
 * bounded by the meter's data. 'all' when there are too many to list.
 */
async function cutHours({ meterId, table, hours, unit, timeZone }: CutHoursOptions): Promise<Date[] | 'all'> {
  if (timeZone === 'UTC') return [];
  const candidates =
    unit === 'hour'
      ? `SELECT generate_series(s.lo, s.hi - interval '1 hour', interval '1 hour') AS h FROM span s`
      : `SELECT date_trunc('hour', g AT TIME ZONE $5, 'UTC') AS h FROM span s,
           generate_series(date_trunc($4, s.lo AT TIME ZONE $5), s.hi AT TIME ZONE $5, interval '1 ${unit}') g`;
  const { rows } = await pool().query<{ h: Date }>(
    `WITH span AS (SELECT coalesce($2::timestamptz, (SELECT min(bucket) FROM ${table} WHERE meter_id = $1::uuid)) AS lo, $3::timestamptz AS hi)
     SELECT DISTINCT c.h FROM (${candidates}) c, span s
     WHERE c.h >= s.lo AND c.h < s.hi AND date_trunc($4, c.h, $5) <> date_trunc($4, c.h + interval '59 minutes', $5)
     ORDER BY c.h LIMIT ${MAX_CUT_HOURS + 1}`,
    [meterId, hours.from, hours.to, unit, timeZone],
  );
  return rows.length > MAX_CUT_HOURS ? 'all' : rows.map((r) => r.h);
}

export type RollupRowsOptions = {
  meter: MeterSpec;
  from: Instant | null;
  to: Instant | null;
  /** The windows the rows will be grouped into; null for one total. */
  unit: WindowUnit | null;
  timeZone: string;
  /** SQL conditions on customer_id, subject and group_key (text) that every row must meet. */
  where: string[];
  /**
   * The ones among them on customer_id and subject alone, applied to the events of partial
   * minutes before they are measured, so one customer's edges read only its own events.
   */
  eventWhere: string[];
  /** Binds a value; returns its placeholder. */
  param: (value: unknown) => string;
};

/**
 * SQL selecting partial aggregates (bucket, customer_id, subject, group_key and the tier's aggregate
 * columns) that together hold the meter's usage over [from, to) exactly, as of the consumer's
 * offset: hour rows for whole hours inside one window, minute rows for the rest, and for the
 * partial minutes at a bound off the minute the folded raw events themselves, measured by the
 * fold's own SQL. Its work grows with the rows and windows in the range, never with its length.
 */
export async function rollupRowsSql({ meter, from, to, unit, timeZone, where, eventWhere, param }: RollupRowsOptions): Promise<string> {
  const tier = TIERS[meter.aggregation === 'UNIQUE_COUNT' ? 'unique' : 'rollups'];
  const branches: string[] = [];
  const fromMinute = from && ceilMinute(from);
  const toMinute = to && floorMinute(to);
  // [lo, hi) of the partial minutes at the bounds, read from the events.
  const edges: [string | Date, string | Date][] = [];
  if (from && to && fromMinute! >= toMinute!) edges.push([instantText(from), instantText(to)]);
  else {
    if (from && !isWholeMinute(from)) edges.push([instantText(from), fromMinute!]);
    if (to && !isWholeMinute(to)) edges.push([toMinute!, instantText(to)]);
  }
  if (edges.length > 0) {
    const times = edges.map(([lo, hi]) => `time >= ${param(lo)}::timestamptz AND time < ${param(hi)}::timestamptz`);
    // Only the events the consumer has folded, so edges and rollups describe the same moment.
    const batch = `SELECT customer_id, time, seq, tx_id, type, subject, data, source, event_id FROM events
      WHERE (${times.join(' OR ')}) AND type = ${param(meter.eventType)} AND ${['true', ...eventWhere].join(' AND ')}
        AND (tx_id, seq) <= (SELECT last_tx, last_seq FROM stream_offsets WHERE consumer = '${ROLLUP_CONSUMER}')`;
    branches.push(`SELECT ${tier.fromEvents} FROM (WITH batch AS (${batch}) ${measureSql(meter)}) m WHERE ${['ok', ...where].join(' AND ')}`);
  }
  if (fromMinute && toMinute && fromMinute >= toMinute) return branches.join('\n UNION ALL ');

  const { rows: until } = await pool().query<{ hourly_until: Date | null }>('SELECT hourly_until FROM stream_offsets WHERE consumer = $1', [ROLLUP_CONSUMER]);
  const span = { from: fromMinute, to: toMinute, hourlyUntil: until[0]?.hourly_until ?? null };
  const hours = hourSpan(span);
  const cuts = unit === 'minute' ? 'all' : unit && hours ? await cutHours({ meterId: meter.id, table: tier.hour, hours, unit, timeZone }) : [];
  const plan = splitTiers({ ...span, cutHours: cuts });
  const within = (r: Range) => [r.from && `bucket >= ${param(r.from)}::timestamptz`, r.to && `bucket < ${param(r.to)}::timestamptz`].filter((c) => c !== null);
  if (plan.hours) {
    // Postgres hashes a long list for <> ALL, so thousands of cut hours cost no more per row than a few.
    const except = plan.hours.except.length ? [`bucket <> ALL(${param(plan.hours.except)}::timestamptz[])`] : [];
    branches.push(`SELECT ${tier.columns} FROM ${tier.hour} WHERE ${[...where, ...within(plan.hours), ...except].join(' AND ')}`);
  }
  // Short bounded ranges (partial and cut hours) go into one index condition listing their
  // minutes; the rest, such as the hours after the hour tier's end, are read as ranges.
  const listable = (r: Range) => r.from !== null && r.to !== null && r.to.getTime() - r.from.getTime() <= 2 * HOUR_MS;
  const listed = plan.minutes.filter(listable);
  const ranged = listed.length === 1 ? plan.minutes : plan.minutes.filter((r) => !listable(r));
  for (const r of ranged) branches.push(`SELECT ${tier.columns} FROM ${tier.minute} WHERE ${[...where, ...within(r)].join(' AND ')}`);
  if (listed.length > 1) {
    const minutes = `ARRAY(SELECT generate_series(lo, hi - interval '1 minute', interval '1 minute')
      FROM unnest(${param(listed.map((m) => m.from))}::timestamptz[], ${param(listed.map((m) => m.to))}::timestamptz[]) r(lo, hi))`;
    branches.push(`SELECT ${tier.columns} FROM ${tier.minute} WHERE ${[...where, `bucket = ANY(${minutes})`].join(' AND ')}`);
  }
  return branches.join('\n UNION ALL ');
}

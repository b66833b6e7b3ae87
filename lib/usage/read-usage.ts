import { type CustomerScope, scopeSql } from '@/lib/principals/customer-scope';
import { pool } from '@/lib/db/pool';
import { loadTimeZones } from '@/lib/db/time-zones';
import { AppError } from '@/lib/errors/app-error';
import { findMeter } from '@/lib/meters/find-meter';
import { type Instant, type WindowUnit, instantText, rollupRowsSql } from '@/lib/rollups/rollup-rows';

export type { Instant } from '@/lib/rollups/rollup-rows';

export const WINDOW_SIZES = ['MINUTE', 'HOUR', 'DAY', 'MONTH'] as const;

/** The group-by that splits usage per customer, as OpenMeter names it. */
export const CUSTOMER_GROUP = 'customer_id';
export type WindowSize = (typeof WINDOW_SIZES)[number];

const UNITS: Record<WindowSize, WindowUnit> = { MINUTE: 'minute', HOUR: 'hour', DAY: 'day', MONTH: 'month' };
// The shortest each window can be, to bound how many a range holds: a DST change shortens an
// hour by up to 30 minutes (Australia/Lord_Howe) and a day by an hour.
const SHORTEST_MS: Record<WindowSize, number> = { MINUTE: 60_000, HOUR: 1_800_000, DAY: 23 * 3_600_000, MONTH: 28 * 86_400_000 };

/**
 * Work per read is bounded by these, whatever the range. Rows are read where data exists, but
 * windows that cut hours (a +05:45 zone's days) are enumerated, so a windowed range may hold at
 * most MAX_WINDOWS windows (200,000: 138 days of minutes, 11 years of hours, 525 of days); an
 * answer has at most MAX_ROWS rows (windows × subjects × groups).
 */
export const MAX_WINDOWS = 200_000;
export const MAX_ROWS = 50_000;

/** A Date as an exact bound. */
export const instantOf = (at: Date): Instant => ({ at, micros: 0 });

/** One window of one subject and group: an exact decimal. */
export type UsageRow = {
  /** The window clipped to [from, to); without windows, the range (or the data's first minute when `from` is open). */
  windowStart: Instant;
  windowEnd: Instant;
  /** When grouped by subject; else null. */
  subject: string | null;
  /** Only when grouped by `customer_id`. */
  customerId?: string;
  /** The requested group-by values (null when an event had none). */
  groupBy: Record<string, string | null>;
  /** Exact decimal; SUM and COUNT are "0" over no events, other aggregations have no row then. */
  value: string;
};

export type ReadUsageOptions = {
  /** Meter id or slug. */
  meter: string;
  scope: CustomerScope;
  from?: Date | Instant;
  to?: Date | Instant;
  windowSize?: WindowSize;
  windowTimeZone?: string;
  /** Only these subjects; in a narrowed scope, another customer's subject is "not found". */
  subjects?: string[];
  /** Only these customers; in a narrowed scope, another customer is "not found". */
  customerIds?: string[];
  /** `subject`, `customer_id` (OpenMeter's name for grouping by customer) or meter group-by names. */
  groupBy?: string[];
  /** Group name -> the values to keep (any of them). */
  filterGroupBy?: Record<string, string[]>;
};

const asInstant = (x: Date | Instant | undefined): Instant | null => (x === undefined ? null : x instanceof Date ? instantOf(x) : x);

// Microsecond text from Postgres back into an Instant, without the float a Date would round through.
function parseInstant(text: string): Instant {
  return { at: new Date(`${text.slice(0, 23)}Z`), micros: Number(text.slice(23, 26)) };
}

const MICROS_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

async function assertVisible(scope: CustomerScope, subjects: string[], customerIds: string[]): Promise<void> {
  if (scope.customerIds === null) return;
  const { rows } = await pool().query<{ key: string }>('SELECT key FROM subject_keys WHERE key = ANY($1::text[]) AND customer_id = ANY($2::uuid[])', [
    subjects,
    scope.customerIds,
  ]);
  const visible = new Set(rows.map((r) => r.key));
  const hidden = subjects.find((s) => !visible.has(s));
  if (hidden !== undefined) throw new AppError('not_found', `No subject "${hidden}".`);
  if (customerIds.some((c) => !scope.customerIds!.includes(c))) throw new AppError('not_found', 'No such customer.');
}

/**
 * The usage of one meter as typed rows: over [from, to) (any instant, to the microsecond),
 * windowed in an IANA zone (DST and +05:45 included), for the customers in `scope`, filtered by
 * subjects, customers and group values. The one reader of usage: the query API, pages, and
 * next rating and invoices. Exact: every aggregation equals a recomputation from the raw
 * events folded so far; UNIQUE_COUNT counts the distinct values themselves.
 */
export async function readUsage(options: ReadUsageOptions): Promise<UsageRow[]> {
  const meter = await findMeter(options.meter);
  const timeZone = options.windowTimeZone ?? 'UTC';
  const subjects = options.subjects ?? [];
  const customerIds = options.customerIds ?? [];
  const groupBy = options.groupBy ?? [];
  const filterGroupBy = options.filterGroupBy ?? {};
  const from = asInstant(options.from);
  const to = asInstant(options.to);
  const groupNames = Object.keys(meter.groupBy as Record<string, string>);
  for (const g of [...groupBy.filter((g) => g !== 'subject' && g !== CUSTOMER_GROUP), ...Object.keys(filterGroupBy)]) {
    if (!groupNames.includes(g)) {
      throw new AppError('validation_failed', `Meter "${meter.slug}" has no group-by "${g}".`, [{ path: 'groupBy', message: `one of: subject, ${CUSTOMER_GROUP}, ${groupNames.join(', ')}` }]);
    }
  }
  if (from && to && instantText(from) >= instantText(to)) {
    throw new AppError('validation_failed', '"from" must be before "to".', [{ path: 'from', message: 'must be before "to"' }]);
  }
  if (options.windowSize && from && to) {
    const windows = Math.ceil((to.at.getTime() - from.at.getTime()) / SHORTEST_MS[options.windowSize]) + 1;
    if (windows > MAX_WINDOWS) {
      throw new AppError('validation_failed', `windowSize=${options.windowSize} allows at most ${MAX_WINDOWS.toLocaleString('en-US')} windows per query; this range holds up to ${windows.toLocaleString('en-US')}. Narrow the range or choose a larger window.`, [
        { path: 'windowSize', message: `at most ${MAX_WINDOWS} windows per query` },
      ]);
    }
  }
  // Postgres cuts the windows, so its own zone list decides (names match without regard to case).
  if (!(await loadTimeZones()).has(timeZone.toLowerCase())) {
    throw new AppError('validation_failed', `Unknown time zone "${timeZone}".`, [{ path: 'windowTimeZone', message: 'must be an IANA time zone, e.g. Europe/Berlin' }]);
  }
  await assertVisible(options.scope, subjects, customerIds);

  const params: unknown[] = [meter.id, from && instantText(from), to && instantText(to), timeZone];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  // $4 (the zone) is referenced even without windows: Postgres must know every parameter's type.
  // Conditions on customer and subject hold for rollup rows and raw events alike.
  const tenancy = [scopeSql(options.scope, 'customer_id', p)];
  if (customerIds.length) tenancy.push(`customer_id = ANY(${p(customerIds)}::uuid[])`);
  if (subjects.length) {
    // Naming the subjects' customers lets the primary key (customer, meter, subject, …) find the
    // rows; the (meter, bucket) index alone would read every customer's month.
    const s = p(subjects);
    tenancy.push(`subject = ANY(${s}::text[])`, `customer_id IN (SELECT customer_id FROM subject_keys WHERE key = ANY(${s}::text[]))`);
  }
  const where = ['meter_id = $1::uuid', '$4::text IS NOT NULL', ...tenancy];
  for (const [name, values] of Object.entries(filterGroupBy)) where.push(`(group_key::jsonb ->> ${p(name)}) = ANY(${p(values)}::text[])`);

  const unit = options.windowSize ? UNITS[options.windowSize] : null;
  const source = await rollupRowsSql({
    meter: { id: meter.id, eventType: meter.eventType, aggregation: meter.aggregation, valuePath: meter.valuePath, groupPaths: meter.groupPaths as Record<string, string[]> },
    from,
    to,
    unit,
    timeZone,
    where,
    eventWhere: tenancy,
    param: p,
  });

  const select: string[] = [];
  const groupCols: string[] = [];
  if (unit) {
    select.push(`${unit === 'minute' ? `date_trunc('minute', bucket)` : `date_trunc('${unit}', bucket, $4)`} AS window_start`);
    groupCols.push('window_start');
  } else {
    // One window: the range, or where the data starts and now (or its last minute) where it is open.
    select.push('coalesce($2::timestamptz, min(bucket)) AS window_start', `coalesce($3::timestamptz, GREATEST(max(bucket) + interval '1 minute', now())) AS window_last`);
  }
  const wantsSubject = groupBy.includes('subject');
  if (wantsSubject) {
    select.push('subject');
    groupCols.push('subject');
  }
  // Rows carry their customer, so a scope narrowed to one customer groups only its own.
  const wantsCustomer = groupBy.includes(CUSTOMER_GROUP);
  if (wantsCustomer) {
    select.push('customer_id');
    groupCols.push('customer_id');
  }
  const groups = groupBy.filter((g) => g !== 'subject' && g !== CUSTOMER_GROUP);
  groups.forEach((g, i) => {
    select.push(`group_key::jsonb ->> ${p(g)} AS g${i}`);
    groupCols.push(`g${i}`);
  });
  const value = {
    SUM: 'coalesce(sum(sum), 0)',
    COUNT: 'coalesce(sum(count), 0)',
    AVG: 'sum(sum) / nullif(sum(count), 0)',
    MIN: 'min(min)',
    MAX: 'max(max)',
    LATEST: '(array_agg(latest_value ORDER BY latest_time DESC, latest_seq DESC))[1]',
    UNIQUE_COUNT: 'count(DISTINCT value)',
  }[meter.aggregation];
  select.push(`(${value})::text AS value`);

  const inner = `SELECT ${select.join(', ')} FROM (${source}) src${groupCols.length ? ` GROUP BY ${groupCols.join(', ')}` : ''}`;
  // An hour ends where the next one starts: adding a local hour to 01:00 on a night the clocks go
  // back would name the later 02:00 and overlap the repeated hour.
  const end = unit
    ? unit === 'minute'
      ? `window_start + interval '1 minute'`
      : unit === 'hour'
        ? `date_trunc('hour', window_start + interval '1 hour', $4)`
        : `((window_start AT TIME ZONE $4) + interval '1 ${unit}') AT TIME ZONE $4`
    : 'window_last';
  const utc = (sql: string) => `to_char((${sql}) AT TIME ZONE 'UTC', ${MICROS_UTC})`;
  // A window with no values has no AVG, MIN, MAX or LATEST; SUM and COUNT are 0 there. Without
  // windows an empty range still has one SUM or COUNT row, as OpenMeter answers.
  const sql = `
    SELECT ${utc(`GREATEST(window_start, $2::timestamptz)`)} AS clipped_start, ${utc(`LEAST(${end}, $3::timestamptz)`)} AS clipped_end, q.*
    FROM (${inner}) q WHERE value IS NOT NULL AND window_start IS NOT NULL
    ${unit ? 'ORDER BY window_start' : ''} LIMIT ${MAX_ROWS + 1}`;
  const { rows } = await pool().query<{ clipped_start: string; clipped_end: string; subject: string; customer_id: string; value: string; [g: string]: unknown }>(sql, params);
  if (rows.length > MAX_ROWS) {
    throw new AppError('validation_failed', `The answer would have more than ${MAX_ROWS.toLocaleString('en-US')} rows. Narrow the range, choose a larger window, or group by less.`, [
      { path: 'windowSize', message: `at most ${MAX_ROWS} rows per answer` },
    ]);
  }
  return rows.map((r) => ({
    windowStart: parseInstant(r.clipped_start),
    windowEnd: parseInstant(r.clipped_end),
    subject: wantsSubject ? r.subject : null,
    ...(wantsCustomer ? { customerId: r.customer_id } : {}),
    groupBy: Object.fromEntries(groups.map((g, i) => [g, (r[`g${i}`] as string | null) ?? null])),
    value: r.value,
  }));
}

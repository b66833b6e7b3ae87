import { z } from 'zod';
import type { Principal } from '@/lib/principals/principal';
import { timeZoneSchema } from '@/lib/customers/validation';
import { pool } from '@/lib/db/pool';
import { AppError } from '@/lib/errors/app-error';
import { findMeter } from '@/lib/meters/find-meter';
import { ROLLUP_CONSUMER } from './aggregate-sql';
import { HOUR_MS, type HourSpan, type Range, hourSpan, splitTiers } from './split-tiers';

const WINDOWS = { MINUTE: 'minute', HOUR: 'hour', DAY: 'day', MONTH: 'month' } as const;

const TIERS = {
  rollups: {
    minute: 'meter_rollups',
    hour: 'meter_rollups_hourly',
    columns: 'bucket, subject, group_key, count, sum, min, max, latest_value, latest_time, latest_seq',
  },
  unique: { minute: 'meter_unique_values', hour: 'meter_unique_values_hourly', columns: 'bucket, subject, group_key, value' },
};

type CutHoursOptions = { meterId: string; table: string; hours: HourSpan; unit: 'hour' | 'day' | 'month' | null; timeZone: string };

/**
 * The whole hours in which a window of `unit` in `timeZone` ends: none in UTC or without
 * windows; in a +05:30 zone the hour holding each local midnight. Asked of Postgres, so the
 * split agrees with the date_trunc that assigns rows to windows. An open start is bounded by
 * the meter's data.
 */
async function cutHours({ meterId, table, hours, unit, timeZone }: CutHoursOptions): Promise<Date[]> {
  if (!unit || timeZone === 'UTC') return [];
  const { rows } = await pool().query<{ cuts: Date[] }>(
    `SELECT coalesce(array_agg(h ORDER BY h), '{}') AS cuts FROM generate_series(
       coalesce($2::timestamptz, (SELECT min(bucket) FROM ${table} WHERE meter_id = $1::uuid)),
       $3::timestamptz - interval '1 hour',
       interval '1 hour') h
     WHERE date_trunc($4, h, $5) <> date_trunc($4, h + interval '59 minutes', $5)`,
    [meterId, hours.from, hours.to, unit, timeZone],
  );
  return rows[0].cuts;
}

const wholeMinute = z
  .string()
  .datetime({ offset: true })
  .transform((s) => new Date(s))
  .refine((d) => d.getTime() % 60_000 === 0, { message: 'must be a whole minute (rollups are per minute)' });

export const queryMeterInput = z
  .object({
    from: wholeMinute.optional(),
    to: wholeMinute.optional(),
    windowSize: z.enum(['MINUTE', 'HOUR', 'DAY', 'MONTH']).optional(),
    windowTimeZone: timeZoneSchema.default('UTC'),
    subject: z.array(z.string().min(1).max(256)).max(100).default([]),
    groupBy: z.array(z.string().min(1).max(64)).max(20).default([]),
    filterGroupBy: z.record(z.string(), z.string()).default({}),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: '"from" must be before "to"', path: ['from'] });

export type QueryMeterInput = z.output<typeof queryMeterInput>;

/** Reads OpenMeter's query string: repeatable subject/groupBy and filterGroupBy[name]=value. */
export function parseQueryParams(params: URLSearchParams): QueryMeterInput {
  const filterGroupBy: Record<string, string> = {};
  const plain: Record<string, string> = {};
  for (const [k, v] of params) {
    const m = /^filterGroupBy\[(.+)\]$/.exec(k);
    if (m) filterGroupBy[m[1]] = v;
    else if (k !== 'subject' && k !== 'groupBy') plain[k] = v;
  }
  return queryMeterInput.parse({ ...plain, subject: params.getAll('subject'), groupBy: params.getAll('groupBy'), filterGroupBy });
}

export type QueryMeterOptions = QueryMeterInput & { meter: string; principal: Principal };

type Row = { value: string | null; window_start: Date | null; window_end: Date | null; subject: string | null; [group: string]: unknown };

/**
 * A meter's usage from its rollups, in OpenMeter's query shape. Windows are whole periods of
 * the requested zone (DST and +05:45 included) clipped to [from, to); every aggregation is
 * exact over the window, UNIQUE_COUNT from the distinct values themselves. Values are sent
 * as exact decimal numbers.
 */
export async function queryMeter(options: QueryMeterOptions): Promise<string> {
  const meter = await findMeter(options.meter);
  const groupNames = Object.keys(meter.groupBy as Record<string, string>);
  for (const g of [...options.groupBy.filter((g) => g !== 'subject'), ...Object.keys(options.filterGroupBy)]) {
    if (!groupNames.includes(g)) {
      throw new AppError('validation_failed', `Meter "${meter.slug}" has no group-by "${g}".`, [{ path: 'groupBy', message: `one of: subject, ${groupNames.join(', ')}` }]);
    }
  }
  const params: unknown[] = [meter.id, options.from ?? null, options.to ?? null, options.windowTimeZone];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  // $4 (the zone) is referenced even without windows: Postgres must know every parameter's type.
  const where = ['meter_id = $1::uuid', '$4::text IS NOT NULL'];
  if (options.principal.kind === 'user' && options.principal.role === 'member') where.push(`customer_id = ${p(options.principal.customerId)}::uuid`);
  if (options.subject.length) {
    // Naming the subjects' customers lets the primary key (customer, meter, subject, …) find the
    // rows; the (meter, bucket) index alone would read every customer's month.
    const subjects = p(options.subject);
    where.push(`subject = ANY(${subjects}::text[])`, `customer_id IN (SELECT customer_id FROM subject_keys WHERE key = ANY(${subjects}::text[]))`);
  }
  for (const [name, value] of Object.entries(options.filterGroupBy)) where.push(`(group_key::jsonb ->> ${p(name)}) = ${p(value)}`);

  const unit = options.windowSize ? WINDOWS[options.windowSize] : null;
  const tier = TIERS[meter.aggregation === 'UNIQUE_COUNT' ? 'unique' : 'rollups'];
  const { rows: until } = await pool().query<{ hourly_until: Date | null }>('SELECT hourly_until FROM stream_offsets WHERE consumer = $1', [ROLLUP_CONSUMER]);
  const span = { from: options.from ?? null, to: options.to ?? null, hourlyUntil: until[0]?.hourly_until ?? null };
  const hours = hourSpan(span);
  const plan = splitTiers({
    ...span,
    cutHours: unit === 'minute' || !hours ? 'all' : await cutHours({ meterId: meter.id, table: tier.hour, hours, unit, timeZone: options.windowTimeZone }),
  });
  const within = (r: Range) => [r.from && `bucket >= ${p(r.from)}::timestamptz`, r.to && `bucket < ${p(r.to)}::timestamptz`].filter((c) => c !== null);
  const branches: string[] = [];
  if (plan.hours) {
    const except = plan.hours.except.length ? [`bucket <> ALL(${p(plan.hours.except)}::timestamptz[])`] : [];
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
      FROM unnest(${p(listed.map((m) => m.from))}::timestamptz[], ${p(listed.map((m) => m.to))}::timestamptz[]) r(lo, hi))`;
    branches.push(`SELECT ${tier.columns} FROM ${tier.minute} WHERE ${[...where, `bucket = ANY(${minutes})`].join(' AND ')}`);
  }

  const select: string[] = [];
  const groupCols: string[] = [];
  if (unit) {
    const start = unit === 'minute' ? `date_trunc('minute', bucket)` : `date_trunc('${unit}', bucket, $4)`;
    select.push(`${start} AS window_start`);
    groupCols.push('window_start');
  }
  const wantsSubject = options.groupBy.includes('subject');
  if (wantsSubject) {
    select.push('subject');
    groupCols.push('subject');
  }
  const groups = options.groupBy.filter((g) => g !== 'subject');
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

  const inner = `SELECT ${select.join(', ')} FROM (${branches.join('\n      UNION ALL ')}) src${groupCols.length ? ` GROUP BY ${groupCols.join(', ')}` : ''}`;
  const windowEnd = unit
    ? unit === 'minute'
      ? `window_start + interval '1 minute'`
      : `((window_start AT TIME ZONE $4) + interval '1 ${unit}') AT TIME ZONE $4`
    : 'NULL::timestamptz';
  const sql = `
    SELECT q.*, ${unit ? `GREATEST(window_start, $2::timestamptz)` : '$2::timestamptz'} AS window_start_clipped,
           ${unit ? `LEAST(${windowEnd}, $3::timestamptz)` : '$3::timestamptz'} AS window_end_clipped
    FROM (${inner}) q
    ${unit ? 'ORDER BY window_start' : ''}`;
  const { rows } = await pool().query<Row>(sql, params);

  const items = rows
    // A window with no values has no AVG, MIN, MAX or LATEST; SUM and COUNT are 0 there.
    .filter((r) => r.value !== null)
    .map((r) => {
      const rest = {
        windowStart: (r.window_start_clipped as Date | null)?.toISOString() ?? null,
        windowEnd: (r.window_end_clipped as Date | null)?.toISOString() ?? null,
        subject: wantsSubject ? r.subject : null,
        groupBy: Object.fromEntries(groups.map((g, i) => [g, (r[`g${i}`] as string | null) ?? null])),
      };
      // The exact decimal goes into the JSON as a number literal, digit for digit.
      return `{"value":${r.value ?? 'null'},${JSON.stringify(rest).slice(1)}`;
    });
  const head = JSON.stringify({
    from: options.from?.toISOString() ?? null,
    to: options.to?.toISOString() ?? null,
    windowSize: options.windowSize ?? null,
    windowTimeZone: options.windowTimeZone,
  });
  return `${head.slice(0, -1)},"data":[${items.join(',')}]}`;
}

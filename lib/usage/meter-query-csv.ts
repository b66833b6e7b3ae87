import { csvText } from '@/lib/text/csv';
import type { MeterQueryInput } from './meter-query-input';
import { CUSTOMER_GROUP, type UsageRow } from './read-usage';
import { queryInstantText } from './serialize-meter-query';

/**
 * Whether a request asks for CSV. As OpenMeter does, the first media type of `Accept` decides:
 * `text/csv` gets CSV, anything else (or none) JSON.
 */
export function prefersCsv(accept: string | null): boolean {
  const first = (accept ?? '').split(',')[0].split(';')[0].trim().toLowerCase();
  return first === 'text/csv';
}

/**
 * The meter query's rows as CSV, in OpenMeter's column order: window_start, window_end,
 * subject, customer_id (only when grouped by it), one column per other group-by key in the
 * order asked, value. Unlike OpenMeter's `%f`, times and values are the JSON answer's strings
 * byte for byte (exact decimals, RFC 3339 with the JSON's fraction), so the two forms agree.
 * An absent subject or group value is an empty field.
 */
export function meterQueryCsv(query: MeterQueryInput, rows: UsageRow[]): string {
  const byCustomer = query.groupBy.includes(CUSTOMER_GROUP);
  const keys = query.groupBy.filter((g) => g !== 'subject' && g !== CUSTOMER_GROUP);
  const header = ['window_start', 'window_end', 'subject', ...(byCustomer ? [CUSTOMER_GROUP] : []), ...keys, 'value'];
  const body = rows.map((r) => [
    queryInstantText(r.windowStart),
    queryInstantText(r.windowEnd),
    r.subject,
    ...(byCustomer ? [r.customerId ?? null] : []),
    ...keys.map((k) => r.groupBy[k]),
    r.value,
  ]);
  return csvText([header, ...body]);
}

/** `<slug>.csv` as OpenMeter names it, with the range when there is one: `tokens_20261101T000000Z-20261201T000000Z.csv`. */
export function meterQueryFileName(slug: string, query: MeterQueryInput): string {
  const stamp = (i: MeterQueryInput['from']) => (i ? queryInstantText(i).slice(0, 19).replace(/[-:]/g, '') + 'Z' : '');
  const range = query.from || query.to ? `_${stamp(query.from)}-${stamp(query.to)}` : '';
  return `${slug.replace(/[^A-Za-z0-9_-]/g, '_')}${range}.csv`;
}

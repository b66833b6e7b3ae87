import { type Instant, instantText } from '@/lib/rollups/rollup-rows';
import type { MeterQueryInput } from './meter-query-input';
import { CUSTOMER_GROUP, type UsageRow } from './read-usage';

/** Milliseconds as JavaScript writes them; six digits only when there are microseconds. */
export const queryInstantText = (i: Instant) => (i.micros === 0 ? i.at.toISOString() : instantText(i));

/** One row of the answer as JSON: OpenMeter's MeterQueryRow (`customerId` only when grouped by `customer_id`). */
export type MeterQueryRowJson = { value: number; windowStart: string; windowEnd: string; subject: string | null; customerId?: string; groupBy: Record<string, string | null> };

/**
 * Usage rows in OpenMeter's MeterQueryResult shape. `value` goes into the JSON as a number
 * literal written digit for digit from the exact decimal, so no float rounds it on our side.
 */
export function serializeMeterQuery(query: MeterQueryInput, rows: UsageRow[]): string {
  const byCustomer = query.groupBy.includes(CUSTOMER_GROUP);
  const data = rows.map((r) => {
    const row: Omit<MeterQueryRowJson, 'value'> = {
      windowStart: queryInstantText(r.windowStart),
      windowEnd: queryInstantText(r.windowEnd),
      subject: r.subject,
      ...(byCustomer ? { customerId: r.customerId! } : {}),
      groupBy: r.groupBy,
    };
    const rest = JSON.stringify(row);
    return `{"value":${r.value},${rest.slice(1)}`;
  });
  const head = JSON.stringify({
    from: query.from ? queryInstantText(query.from) : null,
    to: query.to ? queryInstantText(query.to) : null,
    windowSize: query.windowSize ?? null,
    windowTimeZone: query.windowTimeZone,
  });
  return `${head.slice(0, -1)},"data":[${data.join(',')}]}`;
}

import { type Instant, instantText } from '@/lib/rollups/rollup-rows';
import type { MeterQueryInput } from './meter-query-input';
import type { UsageRow } from './read-usage';

/** Milliseconds as JavaScript writes them; six digits only when there are microseconds. */
const iso = (i: Instant) => (i.micros === 0 ? i.at.toISOString() : instantText(i));

/** One row of the answer as JSON: OpenMeter's MeterQueryRow. */
export type MeterQueryRowJson = { value: number; windowStart: string; windowEnd: string; subject: string | null; groupBy: Record<string, string | null> };

/**
 * Usage rows in OpenMeter's MeterQueryResult shape. `value` goes into the JSON as a number
 * literal written digit for digit from the exact decimal, so no float rounds it on our side.
 */
export function serializeMeterQuery(query: MeterQueryInput, rows: UsageRow[]): string {
  const data = rows.map((r) => {
    const row: Omit<MeterQueryRowJson, 'value'> = { windowStart: iso(r.windowStart), windowEnd: iso(r.windowEnd), subject: r.subject, groupBy: r.groupBy };
    const rest = JSON.stringify(row);
    return `{"value":${r.value},${rest.slice(1)}`;
  });
  const head = JSON.stringify({
    from: query.from ? iso(query.from) : null,
    to: query.to ? iso(query.to) : null,
    windowSize: query.windowSize ?? null,
    windowTimeZone: query.windowTimeZone,
  });
  return `${head.slice(0, -1)},"data":[${data.join(',')}]}`;
}

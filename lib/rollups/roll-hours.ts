import type { ClientBase } from 'pg';
import { HOURLY_UNTIL, ROLLUP_CONSUMER, hourRowsSql, hourUniquesSql, upsertRollups } from './aggregate-sql';

// An hour is merged five minutes after it ends, when its events have normally been folded; the
// few that come later are written to both tiers by the fold.
const MERGE_UNTIL = `date_trunc('hour', now() - interval '5 minutes', 'UTC')`;

/** True when an hour has ended since the last merge (read with the consumer's offset). */
export const HOURS_DUE = `(hourly_until IS NULL OR hourly_until < ${MERGE_UNTIL})`;

const span = `(SELECT coalesce(${HOURLY_UNTIL}, '-infinity') AS since, ${MERGE_UNTIL} AS until)`;
// Per meter, so each meter's minutes come off its (meter_id, bucket) index.
const ROLL_HOURS = `
WITH hours AS (${upsertRollups(
  'meter_rollups_hourly',
  hourRowsSql(`(SELECT r.* FROM ${span} w, meters m, meter_rollups r WHERE r.meter_id = m.id AND r.bucket >= w.since AND r.bucket < w.until) r`, true),
)}),
uniques AS (${hourUniquesSql(
  `(SELECT u.* FROM ${span} w, meters m, meter_unique_values u WHERE u.meter_id = m.id AND u.bucket >= w.since AND u.bucket < w.until) u`,
)})
UPDATE stream_offsets SET hourly_until = ${MERGE_UNTIL}
WHERE consumer = '${ROLLUP_CONSUMER}' AND ${HOURS_DUE}`;

/**
 * Merges the minute rows of the hours that have ended into the hour tier and moves the tier's
 * end past them. Runs in the consumer's transaction, holding its offset, so no fold runs
 * meanwhile: the merged hours hold everything folded so far, and later folds write both tiers
 * for them. On an upgraded install the first merge takes in all the minute rows there are.
 */
export async function rollHours(client: ClientBase): Promise<void> {
  await client.query(ROLL_HOURS);
}

import { withTransaction } from '@/lib/db/pool';
import { db } from '@/lib/db/prisma';
import { ROLLUP_CONSUMER, aggregateSql, loadMeterSpecs } from './aggregate-sql';
import { ceilHour, floorHour } from './split-tiers';

const METER_HISTORY = `
  SELECT customer_id, time, seq, tx_id, type, subject, data, source, event_id FROM events
  WHERE type = (SELECT event_type FROM meters WHERE id = $1::uuid)
    AND (tx_id, seq) <= ($2::bigint, $3::bigint)
    AND ($4::timestamptz IS NULL OR time >= $4::timestamptz)
    AND ($5::timestamptz IS NULL OR time < $5::timestamptz)`;

export type RebuildRollupsOptions = {
  /** One meter, or every meter. */
  meterId?: string;
  /** Rebuild only [from, to), widened to whole hours so both rollup tiers are rebuilt whole. */
  from?: Date;
  to?: Date;
};

/**
 * Recomputes rollups from the event log. Holding the consumer's offset row, it replaces the
 * meter's rollups with a recomputation of every event the consumer has already folded in; the
 * consumer then continues from the same offset, so nothing is counted twice or missed.
 */
export async function rebuildRollups(options: RebuildRollupsOptions = {}): Promise<{ meters: number; events: number }> {
  const meters = options.meterId ? [options.meterId] : (await db().meter.findMany({ select: { id: true } })).map((m) => m.id);
  const from = options.from ? floorHour(options.from) : null;
  const to = options.to ? ceilHour(options.to) : null;
  let events = 0;
  for (const meterId of meters) {
    events += await withTransaction(async (client) => {
      const { rows } = await client.query<{ last_tx: string; last_seq: string }>(
        'SELECT last_tx, last_seq FROM stream_offsets WHERE consumer = $1 FOR UPDATE',
        [ROLLUP_CONSUMER],
      );
      const range = [meterId, from, to];
      const inRange = `meter_id = $1::uuid AND ($2::timestamptz IS NULL OR bucket >= $2) AND ($3::timestamptz IS NULL OR bucket < $3)`;
      for (const table of ['meter_rollups', 'meter_rollups_hourly', 'meter_unique_values', 'meter_unique_values_hourly']) {
        await client.query(`DELETE FROM ${table} WHERE ${inRange}`, range);
      }
      await client.query(
        `DELETE FROM meter_value_errors WHERE meter_id = $1::uuid AND ($2::timestamptz IS NULL OR time >= $2) AND ($3::timestamptz IS NULL OR time < $3)`,
        range,
      );
      await client.query("SET LOCAL work_mem = '64MB'");
      const result = await client.query<{ events: number }>(aggregateSql(METER_HISTORY, await loadMeterSpecs(client, meterId)), [meterId, rows[0].last_tx, rows[0].last_seq, from, to]);
      return result.rows[0].events;
    });
  }
  return { meters: meters.length, events };
}

import { pool } from '@/lib/db/pool';
import { ROLLUP_CONSUMER } from '@/lib/rollups/aggregate-sql';
import type { StreamPosition } from './store-invoices';

export type RatingPosition = {
  /** The rollup consumer's offset: every event up to it is in the rollups. */
  position: StreamPosition;
  /** Per customer, the earliest event time still waiting behind the offset. */
  pendingFrom: Map<string, Date>;
};

/**
 * Where the rollups stand before a finalization reads them. A period may be finalized only when
 * no event of its customer timed before the period's end still waits behind the consumer's
 * offset: otherwise usage ingested in time would be missed, and show up only as an adjustment.
 * Bounded by the consumer's lag: it reads the log past the offset, off the (tx_id, seq) index.
 */
export async function readRatingPosition(customerIds: string[]): Promise<RatingPosition> {
  const { rows: offset } = await pool().query<{ last_tx: string; last_seq: string }>(
    'SELECT last_tx::text, last_seq::text FROM stream_offsets WHERE consumer = $1',
    [ROLLUP_CONSUMER],
  );
  const position = { tx: offset[0]?.last_tx ?? '0', seq: offset[0]?.last_seq ?? '0' };
  const { rows } = await pool().query<{ customer_id: string; first: Date }>(
    `SELECT customer_id, min(time) AS first FROM events
     WHERE (tx_id, seq) > ($1::bigint, $2::bigint) AND customer_id = ANY($3::uuid[]) GROUP BY customer_id`,
    [position.tx, position.seq, customerIds],
  );
  return { position, pendingFrom: new Map(rows.map((r) => [r.customer_id, r.first])) };
}

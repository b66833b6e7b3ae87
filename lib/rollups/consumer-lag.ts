import { pool } from '@/lib/db/pool';
import { ROLLUP_CONSUMER } from './aggregate-sql';

export type ConsumerLag = {
  /** Events in the log the consumer has not folded in yet (counted up to 1,000,000). */
  pendingEvents: number;
  /** Age of the oldest of those, by receive time; 0 when caught up. */
  lagSeconds: number;
  offsetUpdatedAt: string | null;
};

export async function consumerLag(): Promise<ConsumerLag> {
  const { rows } = await pool().query<{ pending: number; oldest: Date | null; updated_at: Date | null }>(
    `SELECT (SELECT count(*)::int FROM (SELECT 1 FROM events e WHERE (e.tx_id, e.seq) > (o.last_tx, o.last_seq) LIMIT 1000000) p) AS pending,
            (SELECT min(e.received_at) FROM events e WHERE (e.tx_id, e.seq) > (o.last_tx, o.last_seq)) AS oldest,
            o.updated_at
     FROM stream_offsets o WHERE o.consumer = $1`,
    [ROLLUP_CONSUMER],
  );
  const r = rows[0];
  return {
    pendingEvents: r?.pending ?? 0,
    lagSeconds: r?.oldest ? Math.max(0, (Date.now() - r.oldest.getTime()) / 1000) : 0,
    offsetUpdatedAt: r?.updated_at?.toISOString() ?? null,
  };
}

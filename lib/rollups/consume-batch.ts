import { withTransaction } from '@/lib/db/pool';
import { ROLLUP_CONSUMER, aggregateSql, loadMeterSpecs } from './aggregate-sql';
import { HOURS_DUE, rollHours } from './roll-hours';

// Rows whose writing transaction is older than every transaction still running: a row written
// by a transaction that commits later can never appear behind the offset.
const NEXT_EVENTS = `
  SELECT customer_id, time, seq, tx_id, type, subject, data, source, event_id FROM events
  WHERE (tx_id, seq) > ($1::bigint, $2::bigint) AND tx_id < $3::bigint
  ORDER BY tx_id, seq LIMIT $4`;

export type ConsumeBatchOptions = {
  limit?: number;
  /** Test hook: throw at this step, inside the transaction, as a crash there would. */
  crashAt?: 'after-lock' | 'after-aggregate' | 'after-offset';
};

export type ConsumeResult = { status: 'busy' } | { status: 'done'; events: number };

/**
 * One step of the stream consumer: folds the next events of the log into the rollups and moves
 * the offset, in one transaction. A crash anywhere rolls all of it back, so rollups always
 * equal a recomputation of the log up to the offset. Another consumer holding the offset makes
 * this one answer `busy` instead of waiting.
 */
export async function consumeBatch(options: ConsumeBatchOptions = {}): Promise<ConsumeResult> {
  return withTransaction(async (client) => {
    const offset = await client.query<{ last_tx: string; last_seq: string; hours_due: boolean }>(
      `SELECT last_tx, last_seq, ${HOURS_DUE} AS hours_due FROM stream_offsets WHERE consumer = $1 FOR UPDATE SKIP LOCKED`,
      [ROLLUP_CONSUMER],
    );
    if (offset.rowCount === 0) return { status: 'busy' as const };
    if (options.crashAt === 'after-lock') throw new Error('crash after-lock');
    // The next events must come off the (tx_id, seq) index in order: a bitmap or sequential scan
    // sorts the whole backlog for every batch, which after a bulk load is millions of rows. The
    // folding sorts and groups get memory enough not to spill.
    await client.query("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL work_mem = '64MB'");
    if (offset.rows[0].hours_due) await rollHours(client);
    const meters = await loadMeterSpecs(client);
    const { rows: snap } = await client.query<{ xmin: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin');
    const { last_tx, last_seq } = offset.rows[0];
    const { rows } = await client.query<{ events: number; last_tx: string | null; last_seq: string | null }>(aggregateSql(NEXT_EVENTS, meters), [
      last_tx,
      last_seq,
      snap[0].xmin,
      options.limit ?? 20_000,
    ]);
    if (options.crashAt === 'after-aggregate') throw new Error('crash after-aggregate');
    const result = rows[0];
    if (result.events > 0) {
      await client.query('UPDATE stream_offsets SET last_tx = $2, last_seq = $3, updated_at = now() WHERE consumer = $1', [
        ROLLUP_CONSUMER,
        result.last_tx,
        result.last_seq,
      ]);
    }
    if (options.crashAt === 'after-offset') throw new Error('crash after-offset');
    return { status: 'done' as const, events: result.events };
  });
}

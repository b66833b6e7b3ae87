import pg from 'pg';
import { databaseUrl } from '@/lib/env';

const holder = globalThis as unknown as { meterlinePool?: pg.Pool };

/**
 * The process's one connection pool. Prisma runs on it (lib/db/prisma.ts) and the set-based hot
 * paths (ingest, rollups) take clients from it directly, so both share one connection budget.
 */
export function pool(): pg.Pool {
  holder.meterlinePool ??= new pg.Pool({
    connectionString: databaseUrl(),
    max: 20,
    // An unreachable database answers health checks with 503 instead of hanging them.
    connectionTimeoutMillis: 5_000,
  });
  return holder.meterlinePool;
}

/** Runs `work` in one transaction on one pooled client; rolls back on any throw. */
export async function withTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

export async function closePool(): Promise<void> {
  const p = holder.meterlinePool;
  holder.meterlinePool = undefined;
  if (!p) return;
  // pool.end() resolves once every client has been asked to end, not once its socket closed: a
  // database stopped right after (scripts, the bench) then kills live connections, and the
  // client, no longer listened to, throws an unhandled error. Wait for each client's removal.
  let open = p.totalCount;
  const closed = new Promise<void>((resolve) => {
    if (open === 0) resolve();
    p.on('remove', () => {
      if (--open <= 0) resolve();
    });
  });
  await p.end();
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
}

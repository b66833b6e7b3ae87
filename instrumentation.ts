// Next.js calls register() once per server process: the app runs its own rollup consumer
// unless METERLINE_CONSUMER=off (when dedicated `npm run worker` nodes do it).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { env } = await import('@/lib/env');
  if (env().METERLINE_CONSUMER === 'off') return;
  const { runConsumer } = await import('@/lib/rollups/run-consumer');
  const consumer = runConsumer();
  const { flushIngestStats } = await import('@/lib/ingest/ingest-stats');
  const stop = () => void Promise.all([consumer.stop(), flushIngestStats()]).catch(() => {});
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

import { env } from '@/lib/env';
import { flushIngestStats } from '@/lib/ingest/ingest-stats';
import { runConsumer } from './run-consumer';

/**
 * The app's own rollup consumer, started once per server process (instrumentation.ts) unless
 * METERLINE_CONSUMER=off, when dedicated `npm run worker` nodes do the work.
 */
export function startInApp(): void {
  if (env().METERLINE_CONSUMER === 'off') return;
  const consumer = runConsumer();
  // Next.js exits on these signals itself; this only lets the consumer and stats finish first.
  const stop = () => void Promise.all([consumer.stop(), flushIngestStats()]).catch(() => {});
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

import { env } from '@/lib/env';
import { flushIngestStats } from '@/lib/ingest/ingest-stats';
import { runFinalizer } from '@/lib/invoices/run-finalizer';
import { runConsumer } from './run-consumer';

// The production server (scripts/serve.ts) loads this module beside Next.js's own bundled copy,
// so "once per process" lives on globalThis.
const holder = globalThis as unknown as { meterlineInApp?: { stop: () => Promise<void> } };

/**
 * The app's own rollup consumer and invoice finalizer, started once per server process
 * (scripts/serve.ts, or instrumentation.ts under `next dev`) unless METERLINE_CONSUMER=off, when dedicated
 * `npm run worker` nodes do the work. Returns how to stop it and flush what ingest counted.
 */
export function startInApp(): { stop: () => Promise<void> } {
  if (holder.meterlineInApp) return holder.meterlineInApp;
  const consumer = env().METERLINE_CONSUMER === 'off' ? null : runConsumer();
  // Invoices are finalized wherever the log is consumed: they wait for the rollups anyway.
  const finalizer = consumer && env().METERLINE_FINALIZER === 'on' ? runFinalizer() : null;
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= Promise.all([consumer?.stop(), finalizer?.stop(), flushIngestStats()]).then(() => {}));
  holder.meterlineInApp = { stop };
  // Under `next dev` Next.js exits on these signals itself; this only lets the consumer and stats finish first.
  const onSignal = () => void stop().catch(() => {});
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  return holder.meterlineInApp;
}

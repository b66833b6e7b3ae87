import { type LoopHandle, runLoop } from '@/lib/background/run-loop';
import { finalizeDueInvoices } from './finalize-due-invoices';

export type RunFinalizerOptions = {
  /** Pause between runs; periods end on minute boundaries, so a minute is enough. */
  intervalMs?: number;
  log?: (line: string) => void;
};

export type FinalizerHandle = LoopHandle;

/**
 * Runs invoice finalization beside the rollup consumer until stopped: at start (catching up on
 * every period already over) and then every `intervalMs`. Safe with several processes running it.
 */
export function runFinalizer(options: RunFinalizerOptions = {}): FinalizerHandle {
  const intervalMs = options.intervalMs ?? 60_000;
  const log = options.log ?? ((line: string) => console.error(line));
  return runLoop({
    name: 'invoice finalizer',
    retryMs: 10_000,
    log,
    step: async () => {
      const { finalized, waiting } = await finalizeDueInvoices();
      if (finalized) log(`invoices: finalized ${finalized}${waiting ? `, ${waiting} waiting for the consumer` : ''}`);
      // Periods left waiting for the consumer are retried soon rather than a whole interval later.
      return waiting ? Math.min(intervalMs, 5_000) : intervalMs;
    },
  });
}

import { finalizeDueInvoices } from './finalize-due-invoices';

export type RunFinalizerOptions = {
  /** Pause between runs; periods end on minute boundaries, so a minute is enough. */
  intervalMs?: number;
  log?: (line: string) => void;
};

export type FinalizerHandle = { stop: () => Promise<void> };

/**
 * Runs invoice finalization beside the rollup consumer until stopped: at start (catching up on
 * every period already over) and then every `intervalMs`. Safe with several processes running it.
 */
export function runFinalizer(options: RunFinalizerOptions = {}): FinalizerHandle {
  const intervalMs = options.intervalMs ?? 60_000;
  const log = options.log ?? ((line: string) => console.error(line));
  let running = true;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const loop = (async () => {
    while (running) {
      try {
        const { finalized, waiting } = await finalizeDueInvoices();
        if (finalized) log(`invoices: finalized ${finalized}${waiting ? `, ${waiting} waiting for the consumer` : ''}`);
        // Periods left waiting for the consumer are retried soon rather than a whole interval later.
        await sleep(waiting ? Math.min(intervalMs, 5_000) : intervalMs);
      } catch (err) {
        log(`invoice finalizer: ${(err as Error).message}; retrying in 10 s`);
        await sleep(10_000);
      }
    }
  })();
  return {
    stop: async () => {
      running = false;
      wake?.();
      await loop;
    },
  };
}

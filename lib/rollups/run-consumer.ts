import { consumeBatch } from './consume-batch';

export type RunConsumerOptions = {
  /** Pause between polls when the log is drained; bounds freshness. */
  idleMs?: number;
  batchSize?: number;
  log?: (line: string) => void;
};

export type ConsumerHandle = { stop: () => Promise<void> };

/** Runs the rollup consumer until stopped: drains the log in batches, then polls. */
export function runConsumer(options: RunConsumerOptions = {}): ConsumerHandle {
  const idleMs = options.idleMs ?? 100;
  const batchSize = options.batchSize ?? 20_000;
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
        const result = await consumeBatch({ limit: batchSize });
        if (result.status === 'done' && result.events === batchSize) continue; // more waiting: no pause
        await sleep(idleMs);
      } catch (err) {
        log(`rollup consumer: ${(err as Error).message}; retrying in 1 s`);
        await sleep(1000);
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

import { type LoopHandle, runLoop } from '@/lib/background/run-loop';
import { consumeBatch } from './consume-batch';

export type RunConsumerOptions = {
  /** Pause between polls when the log is drained; bounds freshness. */
  idleMs?: number;
  batchSize?: number;
  log?: (line: string) => void;
};

export type ConsumerHandle = LoopHandle;

/** Runs the rollup consumer until stopped: drains the log in batches, then polls. */
export function runConsumer(options: RunConsumerOptions = {}): ConsumerHandle {
  const idleMs = options.idleMs ?? 100;
  const batchSize = options.batchSize ?? 20_000;
  return runLoop({
    name: 'rollup consumer',
    retryMs: 1000,
    log: options.log,
    step: async () => {
      const result = await consumeBatch({ limit: batchSize });
      return result.status === 'done' && result.events === batchSize ? 0 : idleMs; // a full batch: more waiting, no pause
    },
  });
}

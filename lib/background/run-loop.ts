export type RunLoopOptions = {
  /** One round of work; resolves with how long to pause before the next (0: go on at once). */
  step: () => Promise<number>;
  /** Names the loop in the log line a failed round writes. */
  name: string;
  /** Pause after a failed round before retrying. */
  retryMs: number;
  log?: (line: string) => void;
};

export type LoopHandle = { stop: () => Promise<void> };

/**
 * Runs `step` round after round until stopped; a failed round is logged and retried after
 * `retryMs`. Stopping cuts the current pause short and resolves once the round in flight ends.
 */
export function runLoop({ step, name, retryMs, log = (line) => console.error(line) }: RunLoopOptions): LoopHandle {
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
        const pause = await step();
        if (pause > 0) await sleep(pause);
      } catch (err) {
        log(`${name}: ${(err as Error).message}; retrying in ${retryMs / 1000} s`);
        await sleep(retryMs);
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

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from './wait-for';

/** Runs the fixture the way npm runs scripts: under a `sh -c` that stays its parent. */
function underShell() {
  const marker = path.join(mkdtempSync(path.join(os.tmpdir(), 'stop-')), 'stopped');
  const shell = spawn('sh', ['-c', `"${process.execPath}" --import tsx test/fixtures/stop-request.ts "${marker}"; true`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const pid = new Promise<number>((resolve) =>
    shell.stdout.on('data', (d: Buffer) => {
      const ready = /ready (\d+)/.exec(d.toString());
      if (ready) resolve(Number(ready[1]));
    }),
  );
  return { shell, pid, marker };
}

/** Runs `body` against the fixture's pid; a fixture that did not stop is killed, not left behind. */
async function withFixture(body: (f: ReturnType<typeof underShell> & { fixturePid: number }) => Promise<void>) {
  const f = underShell();
  const fixturePid = await f.pid;
  try {
    await body({ ...f, fixturePid });
  } finally {
    try {
      process.kill(fixturePid, 'SIGKILL');
    } catch {
      // already gone, as it should be
    }
  }
}

describe('onStopRequest', () => {
  it('stops when SIGTERM kills only the shell above it, as npm sends it', () =>
    withFixture(async ({ shell, marker }) => {
      shell.kill('SIGTERM'); // the shell dies; the script is re-parented and gets no signal
      await waitFor(() => existsSync(marker), 5_000).catch(() => {});
      expect(existsSync(marker)).toBe(true);
    }));

  it('stops on SIGTERM sent to the process itself', () =>
    withFixture(async ({ fixturePid, marker }) => {
      process.kill(fixturePid, 'SIGTERM');
      await waitFor(() => existsSync(marker), 5_000).catch(() => {});
      expect(existsSync(marker)).toBe(true);
    }));
});

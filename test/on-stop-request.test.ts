import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs the fixture the way npm runs scripts: under a `sh -c` that stays its parent. */
function underShell() {
  const marker = path.join(mkdtempSync(path.join(os.tmpdir(), 'stop-')), 'stopped');
  const shell = spawn('sh', ['-c', `"${process.execPath}" --import tsx test/fixtures/stop-request.ts "${marker}"; true`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const pid = new Promise<number>((resolve) => shell.stdout.on('data', (d: Buffer) => /ready (\d+)/.test(d.toString()) && resolve(Number(/ready (\d+)/.exec(d.toString())![1]))));
  return { shell, pid, marker };
}

async function eventually(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

describe('onStopRequest', () => {
  it('stops when SIGTERM kills only the shell above it, as npm sends it', async () => {
    const { shell, pid, marker } = underShell();
    await pid;
    shell.kill('SIGTERM'); // the shell dies; the script is re-parented and gets no signal
    expect(await eventually(() => existsSync(marker), 5_000)).toBe(true);
  });

  it('stops on SIGTERM sent to the process itself', async () => {
    const { pid, marker } = underShell();
    process.kill(await pid, 'SIGTERM');
    expect(await eventually(() => existsSync(marker), 5_000)).toBe(true);
  });
});

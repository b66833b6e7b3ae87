import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './wait-for';

// The launcher's path with `DATABASE_URL=` set but empty, as .env files often have it: the real
// CLI (which starts the way `npm start` does, lib/runtime/bootstrap.ts) in a child process.
const TSX = path.resolve('node_modules/.bin/tsx');
const CLI = path.resolve('scripts/cli.ts');

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'meterline-launcher-'));
  await chmod(dataDir, 0o755); // as root, postgres runs as its own user and must reach the folder
});
afterAll(async () => {
  // The CLI leaves the embedded server running for the app, as it should; this test stops it.
  const lock = path.join(dataDir, 'pg', 'postmaster.pid');
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGINT');
    await waitFor(() => !existsSync(lock), 30_000);
  }
  await rm(dataDir, { recursive: true, force: true });
});

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      [CLI, ...args],
      {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: '', AUTH_SECRET: '', NEXTAUTH_SECRET: '', PORT: '', DATA_DIR: dataDir, NODE_ENV: 'production' },
        timeout: 150_000,
      },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

describe('an empty DATABASE_URL', () => {
  it('means unset: the launcher starts the embedded database and its own work runs on it', { timeout: 180_000 }, async () => {
    const run = await cli('api-keys', 'create', '--name', 'empty-env', '--scope', 'read', '--json');
    expect(run.stderr).not.toMatch(/Invalid/);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ scope: 'read', key: expect.any(String) });
    expect(existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);
    // No secret was set (both empty), so one was generated with the data.
    expect(readFileSync(path.join(dataDir, 'auth-secret'), 'utf8').trim()).toMatch(/^[\w-]{43}$/);
  });
});

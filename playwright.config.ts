import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// End-to-end tests against the production app exactly as `npm start` serves it: embedded
// PostgreSQL in a fresh data folder, migrations, the demo seed, `next build` when needed, `next start`.

const PORT = Number(process.env.E2E_PORT ?? 3210);
const BASE_URL = `http://127.0.0.1:${PORT}`;
const DATA_PREFIX = 'meterline-e2e-';

/** Data folders of earlier runs whose database has stopped; the server outlives the config, so it cannot clean up after itself. */
function removeOldDataDirs(keep: string): void {
  const tmp = os.tmpdir();
  for (const name of readdirSync(tmp)) {
    const dir = path.join(tmp, name);
    if (!name.startsWith(DATA_PREFIX) || dir === keep) continue;
    try {
      const idle = Date.now() - statSync(dir).mtimeMs > 10 * 60_000;
      if (idle && !existsSync(path.join(dir, 'pg', 'postmaster.pid'))) rmSync(dir, { recursive: true, force: true });
    } catch {
      // Someone else's folder, or already gone.
    }
  }
}

// The config is loaded by the runner and again by every worker: the runner creates the folder
// and the workers inherit its path through the environment.
if (!process.env.E2E_DATA_DIR) {
  const dir = mkdtempSync(path.join(os.tmpdir(), DATA_PREFIX));
  chmodSync(dir, 0o755); // as root, postgres runs as its own user and must reach the folder
  process.env.E2E_DATA_DIR = dir;
  removeOldDataDirs(dir);
}

const serverEnv: Record<string, string> = {};
for (const [k, v] of Object.entries(process.env)) {
  // A fresh embedded database, and URLs built from the request host: nothing from the caller's shell.
  if (v !== undefined && !['DATABASE_URL', 'NEXTAUTH_URL', 'PORT', 'DATA_DIR'].includes(k)) serverEnv[k] = v;
}
Object.assign(serverEnv, {
  PORT: String(PORT),
  DATA_DIR: process.env.E2E_DATA_DIR,
  NEXT_TELEMETRY_DISABLED: '1',
  // What invoices print as their issuer (e2e/invoices.spec.ts checks the printed page).
  INVOICE_ISSUER_NAME: 'Meterline Demo Ltd',
  INVOICE_ISSUER_ADDRESS: '1 Meter Way\\nSpringfield 12345',
  INVOICE_ISSUER_TAX_ID: 'EU123456789',
});

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  // A 2-core machine runs the app, its database and the browsers: two workers at most.
  workers: process.env.CI ? 1 : 2,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    baseURL: BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    navigationTimeout: 30_000,
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          // Debian's Chromium: Playwright never downloads a browser here.
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
        },
      },
    },
  ],
  webServer: {
    command: 'npm start',
    url: `${BASE_URL}/api/health`,
    env: serverEnv,
    reuseExistingServer: false,
    // The first start builds the app (1-2 minutes on 2 cores); allow for a slow machine.
    timeout: 5 * 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    // SIGTERM lets scripts/start.ts stop Next.js and then PostgreSQL cleanly.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
  },
});

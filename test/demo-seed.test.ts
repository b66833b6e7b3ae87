import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '@/lib/db/migrate';
import { createScratchDatabase } from './db-admin';
import { runCli } from './run-cli';

// The demo seed as an operator runs it (`npm run cli -- db seed`), into a fresh database.
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
beforeAll(async () => {
  scratch = await createScratchDatabase();
  await migrate({ databaseUrl: scratch.url });
});
afterAll(() => scratch.drop());

describe('demo seed', () => {
  it('creates the Pro and Starter plans (Starter with a draft v2) and subscribes the demo customers from past dates', async () => {
    const run = await runCli(['db', 'seed'], { dataDir: mkdtempSync(path.join(os.tmpdir(), 'meterline-seed-')), databaseUrl: scratch.url, timeout: 120_000 });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    try {
      const versions = await client.query(`SELECT p.key, p.currency, v.number, v.status::text, v.content -> 'minimumSpend' AS minimum
        FROM plans p JOIN plan_versions v ON v.plan_id = p.id ORDER BY p.key, v.number`);
      expect(versions.rows).toEqual([
        { key: 'pro', currency: 'USD', number: 1, status: 'published', minimum: '100.00' },
        { key: 'starter', currency: 'EUR', number: 1, status: 'published', minimum: null },
        { key: 'starter', currency: 'EUR', number: 2, status: 'draft', minimum: '30.00' },
      ]);
      const subs = await client.query(`SELECT c.name, p.key, s.starts_at, s.anchor_day FROM subscriptions s JOIN customers c ON c.id = s.customer_id
        JOIN plan_versions v ON v.id = s.plan_version_id JOIN plans p ON p.id = v.plan_id WHERE s.status = 'active' ORDER BY c.name`);
      // Anchors are the start's local day: Jan 15 00:00 in New York, Mar 1 01:00 in Berlin.
      expect(subs.rows).toEqual([
        { name: 'Acme Corp', key: 'pro', starts_at: new Date('2026-01-15T05:00:00Z'), anchor_day: 15 },
        { name: 'Globex', key: 'starter', starts_at: new Date('2026-03-01T00:00:00Z'), anchor_day: 1 },
      ]);
    } finally {
      await client.end();
    }
  });
});

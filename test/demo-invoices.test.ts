import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '@/lib/db/migrate';
import { createScratchDatabase } from './db-admin';
import { runCli } from './run-cli';

// The demo seed's invoice history, as an operator gets it on a fresh database (`npm run cli -- db seed`).
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let client: pg.Client;
beforeAll(async () => {
  scratch = await createScratchDatabase();
  await migrate({ databaseUrl: scratch.url });
  const run = await runCli(['db', 'seed'], { dataDir: mkdtempSync(path.join(os.tmpdir(), 'meterline-seed-')), databaseUrl: scratch.url, timeout: 120_000 });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
}, 150_000);
afterAll(async () => {
  await client?.end();
  await scratch.drop();
});

describe('demo invoices', () => {
  it('every closed month since each subscription started is finalized, numbered in time order without a gap', async () => {
    const { rows } = await client.query<{ name: string; number: string; period_start: Date; finalized_at: Date }>(
      `SELECT c.name, i.number, i.period_start, i.finalized_at FROM invoices i JOIN customers c ON c.id = i.customer_id ORDER BY i.finalized_at, i.number`,
    );
    const acme = rows.filter((r) => r.name === 'Acme Corp');
    // Acme is billed from January 15 in New York: one invoice per month that has ended (plus an hour).
    const now = Date.now();
    let closed = 0;
    for (let m = 0; ; m++) {
      const end = Date.UTC(2026, 1 + m, 15, 6); // the 15th 00:00 New York is 04:00 or 05:00 UTC; + 1 h grace
      if (end > now - 3_600_000) break;
      closed++;
    }
    expect(acme.length).toBeGreaterThanOrEqual(closed);
    expect(acme.length).toBeLessThanOrEqual(closed + 1);
    expect(rows.some((r) => r.name === 'Globex')).toBe(true);
    // Numbers follow finalization time across customers, one series per year, no gap.
    const byYear = new Map<string, number[]>();
    for (const r of rows) {
      const [, year, n] = r.number.split('-');
      byYear.set(year, [...(byYear.get(year) ?? []), Number(n)]);
    }
    for (const ns of byYear.values()) expect(ns).toEqual(ns.map((_, i) => i + 1));
  });

  it('the last closed month was billed with usage, and more of its usage arrived late: an adjustment is pending', async () => {
    const { rows } = await client.query<{ invoiced: string; counted: string }>(
      `WITH last AS (
         SELECT DISTINCT ON (i.customer_id) i.customer_id, i.id, i.period_start, i.period_end FROM invoices i
         JOIN customers c ON c.id = i.customer_id WHERE c.name = 'Acme Corp' ORDER BY i.customer_id, i.period_start DESC)
       SELECT (SELECT l.quantity::text FROM invoice_lines l WHERE l.customer_id = last.customer_id AND l.invoice_id = last.id AND l.charge_key = 'api_calls') AS invoiced,
              (SELECT count(*)::text FROM events e WHERE e.customer_id = last.customer_id AND e.type = 'api_call'
                 AND e.time >= last.period_start AND e.time < last.period_end) AS counted
       FROM last`,
    );
    expect(Number(rows[0].invoiced)).toBeGreaterThan(0);
    expect(Number(rows[0].counted)).toBeGreaterThan(Number(rows[0].invoiced));
  });
});

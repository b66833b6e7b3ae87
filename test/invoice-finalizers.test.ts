import { spawn } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { pool } from '@/lib/db/pool';
import { finalizeDueInvoices } from '@/lib/invoices/finalize-due-invoices';
import { customerFactory, planFactory, subscriptionFactory } from '@/lib/seed/factories';
import { testPrefix } from './invoice-helpers';
import { waitFor } from './wait-for';

/** `n` customers on one flat plan from 2026-01-01 (UTC, anchor 1): January is due on Feb 1 at 01:00. */
async function subscribers(n: number): Promise<string[]> {
  const plan = await planFactory({
    content: {
      charges: [
        { type: 'flat', key: 'base', name: 'Base', amount: '10.00' },
        { type: 'flat', key: 'support', name: 'Support', amount: '2.50', billing: 'in_arrears' },
      ],
    },
  });
  const ids: string[] = [];
  for (let i = 0; i < n; i += 20) {
    ids.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(20, n - i) }, async () => {
          const c = await customerFactory();
          await subscriptionFactory({ customerId: c.id, plan: plan.key, startsAt: '2026-01-01T00:00:00Z', anchorDay: 1 });
          return c.id;
        }),
      )),
    );
  }
  return ids;
}

async function stored(customerIds: string[]) {
  const { rows } = await pool().query<{ number: string; subscription_id: string; lines: number; total: string }>(
    `SELECT i.number, i.subscription_id, i.total::text, (SELECT count(*)::int FROM invoice_lines l WHERE l.customer_id = i.customer_id AND l.invoice_id = i.id) AS lines
     FROM invoices i WHERE i.customer_id = ANY($1::uuid[])`,
    [customerIds],
  );
  return rows;
}

const sequence = (rows: { number: string }[]) => rows.map((r) => Number(r.number.split('-').at(-1))).sort((a, b) => a - b);
const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('invoice finalizers', () => {
  it('four finalizers at once over 200 subscriptions make one invoice each, numbered 1..200 without a gap', async () => {
    const ids = await subscribers(200);
    const prefix = testPrefix();
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => finalizeDueInvoices({ customerIds: ids, now: new Date('2026-02-01T01:00:00Z'), prefix, batchSize: 20 })),
    );
    expect(runs.reduce((n, r) => n + r.finalized, 0)).toBe(200);
    const rows = await stored(ids);
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => r.subscription_id)).size).toBe(200);
    expect(sequence(rows)).toEqual(oneTo(200));
    expect(rows.every((r) => r.number.startsWith(`${prefix}-2026-`) && r.lines === 2 && r.total === '12.50')).toBe(true);
  }, 120_000);

  it('kill -9 in the middle of finalizing leaves whole invoices or none; a restart completes them without a gap', async () => {
    const ids = await subscribers(12);
    const prefix = testPrefix();
    const args = { customerIds: ids, now: '2026-02-01T01:00:00Z', prefix, batchSize: 5 };
    // `--import tsx` keeps the script in this very process (the tsx CLI would run it in a child
    // that SIGKILL does not reach).
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/finalize-child.ts'], {
      env: { ...process.env, DATABASE_URL: inject('databaseUrl'), FINALIZE_ARGS: JSON.stringify(args) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // The second batch's invoices are written and its transaction is open: kill it there.
    await waitFor(() => out.includes('batch 2'), 30_000);
    child.kill('SIGKILL');
    await exited;

    const afterKill = await stored(ids);
    expect(afterKill).toHaveLength(5); // the first batch, committed whole
    expect(afterKill.every((r) => r.lines === 2)).toBe(true);
    expect(sequence(afterKill)).toEqual(oneTo(5));

    const restart = await finalizeDueInvoices({ ...args, now: new Date(args.now) });
    expect(restart.finalized).toBe(7);
    const all = await stored(ids);
    expect(all.every((r) => r.lines === 2)).toBe(true);
    expect(sequence(all)).toEqual(oneTo(12));
  }, 120_000);
});

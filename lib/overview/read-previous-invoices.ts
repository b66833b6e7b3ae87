import { pool } from '@/lib/db/pool';

export type PreviousInvoice = { invoiceId: string; number: string; total: string; periodStart: Date; periodEnd: Date };

export type ReadPreviousInvoicesOptions = { periods: { customerId: string; subscriptionId: string; before: Date }[] };

/**
 * Per subscription, its last finalized invoice (void ones do not count, a reissue does) for a
 * period before `before`, or null: what "above last period" compares with. One statement for all.
 */
export async function readPreviousInvoices({ periods }: ReadPreviousInvoicesOptions): Promise<(PreviousInvoice | null)[]> {
  if (periods.length === 0) return [];
  const { rows } = await pool().query<{ i: number; id: string; number: string; total: string; period_start: Date; period_end: Date }>(
    `SELECT (p.i - 1)::int AS i, x.id, x.number, x.total::text AS total, x.period_start, x.period_end
     FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) WITH ORDINALITY AS p(customer_id, subscription_id, before, i)
     CROSS JOIN LATERAL (
       SELECT id, number, total, period_start, period_end FROM invoices v
       WHERE v.customer_id = p.customer_id AND v.subscription_id = p.subscription_id AND v.status = 'finalized' AND v.period_start < p.before
       ORDER BY v.period_start DESC, v.revision DESC LIMIT 1) x`,
    [periods.map((p) => p.customerId), periods.map((p) => p.subscriptionId), periods.map((p) => p.before)],
  );
  const found = new Array<PreviousInvoice | null>(periods.length).fill(null);
  for (const r of rows) found[r.i] = { invoiceId: r.id, number: r.number, total: r.total, periodStart: r.period_start, periodEnd: r.period_end };
  return found;
}

import { pool } from '@/lib/db/pool';
import { db } from '@/lib/db/prisma';
import { env } from '@/lib/env';
import { type BillableSubscription, loadBillableSubscriptions, periodsUntil } from './billable-subscriptions';
import { type InvoiceJob, rateInvoices } from './rate-invoices';
import { readRatingPosition } from './read-rating-position';
import { storeInvoices } from './store-invoices';

export type FinalizeDueInvoicesOptions = {
  now?: Date;
  /** Only these customers' subscriptions (an admin re-run, or a test's own customers). */
  customerIds?: string[];
  /** Invoices rated and stored per transaction. */
  batchSize?: number;
  prefix?: string;
  /** Test hook: called inside each batch's transaction after the writes, before the commit. */
  beforeCommit?: () => Promise<void>;
};

export type FinalizeResult = {
  finalized: number;
  /** Periods due whose customer still has events timed before the period's end behind the consumer. */
  waiting: number;
  numbers: string[];
};

/** Minutes after a period's end before it is finalized, for this customer. */
export const graceMinutes = (s: BillableSubscription) => s.customer.invoiceGraceMinutes ?? env().INVOICE_GRACE_MINUTES;

/**
 * The worker's step: finalizes every subscription period whose end plus grace has passed and that
 * has no invoice yet, oldest first, catching up on months at once. A period waits while events of
 * its customer timed before its end are still behind the rollup consumer. Each batch is one
 * transaction (kill -9 leaves no invoice or whole ones), and `storeInvoices` makes concurrent
 * workers agree: one invoice per period, numbers without gaps.
 */
export async function finalizeDueInvoices(options: FinalizeDueInvoicesOptions = {}): Promise<FinalizeResult> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 500;
  const subscriptions = await loadBillableSubscriptions({
    startsAt: { lt: now },
    ...(options.customerIds ? { customerId: { in: options.customerIds } } : {}),
  });
  if (!subscriptions.length) return { finalized: 0, waiting: 0, numbers: [] };
  const { rows } = await pool().query<{ subscription_id: string; last: Date }>(
    `SELECT subscription_id, max(period_start) AS last FROM invoices
     WHERE revision = 0 ${options.customerIds ? 'AND customer_id = ANY($1::uuid[])' : ''} GROUP BY subscription_id`,
    options.customerIds ? [options.customerIds] : [],
  );
  const lastInvoiced = new Map(rows.map((r) => [r.subscription_id, r.last]));

  const due: InvoiceJob[] = [];
  for (const s of subscriptions) {
    const cutoff = new Date(now.getTime() - graceMinutes(s) * 60_000);
    const last = lastInvoiced.get(s.id);
    for (const period of periodsUntil(s, cutoff)) {
      if (period.end > cutoff || (last && period.start <= last)) continue;
      due.push({ subscription: s, period, usageTo: period.end, withAdjustments: true });
    }
  }
  if (!due.length) return { finalized: 0, waiting: 0, numbers: [] };

  const result: FinalizeResult = { finalized: 0, waiting: 0, numbers: [] };
  const { position, pendingFrom } = await readRatingPosition([...new Set(due.map((j) => j.subscription.customerId))]);
  const ready = due.filter((j) => {
    const pending = pendingFrom.get(j.subscription.customerId);
    return !pending || pending >= j.period.end;
  });
  result.waiting = due.length - ready.length;

  // A customer's periods stay in one batch, so its late-usage adjustments land on its first new invoice.
  const batches: InvoiceJob[][] = [];
  for (const job of ready) {
    const open = batches.at(-1);
    const sameCustomer = open?.at(-1)?.subscription.customerId === job.subscription.customerId;
    if (open && (open.length < batchSize || sameCustomer)) open.push(job);
    else batches.push([job]);
  }
  for (const batch of batches) {
    const rated = await rateInvoices({ jobs: batch, now });
    const stored = await db().$transaction(
      async (tx) => {
        const written = await storeInvoices(tx, { rated, now, actor: 'worker', position, prefix: options.prefix });
        await options.beforeCommit?.();
        return written;
      },
      { timeout: 120_000, maxWait: 60_000 },
    );
    result.finalized += stored.length;
    result.numbers.push(...stored.map((s) => s.number));
  }
  return result;
}

import { randomUUID } from 'node:crypto';
import { ingestEvents } from '@/lib/ingest/ingest-events';
import { finalizeDueInvoices, graceMinutes } from '@/lib/invoices/finalize-due-invoices';
import { anchorOf, loadBillableSubscriptions } from '@/lib/invoices/billable-subscriptions';
import { type BillingPeriod, billingPeriodAt, previousBillingPeriod } from '@/lib/periods/billing-period';
import { consumeBatch } from '@/lib/rollups/consume-batch';

const DAY = 86_400_000;

/** Events of one customer's subjects spread evenly over [from, to). */
function usage(subjects: string[], from: number, to: number, n: number): object[] {
  return Array.from({ length: n }, (_, i) => {
    const time = new Date(from + Math.floor(((i + 0.5) * (to - from)) / n)).toISOString();
    const common = { specversion: '1.0', source: 'demo-seed', subject: subjects[i % subjects.length], time };
    return i % 2 === 0
      ? { ...common, id: randomUUID(), type: 'api_call', data: { endpoint: ['/search', '/export', '/render'][i % 3], user: `user-${i % 11}` } }
      : { ...common, id: randomUUID(), type: 'prompt', data: { tokens: 4000 + ((i * 7919) % 60_000), model: i % 3 === 0 ? 'large' : 'small' } };
  });
}

async function drainConsumer(): Promise<void> {
  for (;;) {
    const r = await consumeBatch({ limit: 20_000 });
    if (r.status === 'done' && r.events === 0) return;
    if (r.status === 'busy') await new Promise((res) => setTimeout(res, 50));
  }
}

/**
 * Months of invoices for the demo subscriptions, replayed as the worker would have made them: each
 * period finalized an hour after it ended, oldest first, so numbers follow time. The last closed
 * period gets usage (within the late-arrival horizon, so through the real ingest path) before it
 * is finalized, and more usage for it arrives afterwards: late usage, which the live draft shows as
 * an adjustment naming that invoice.
 */
export async function seedDemoInvoices(customerIds: string[], subjects: Map<string, string[]>, now = new Date()): Promise<void> {
  const subscriptions = await loadBillableSubscriptions({ customerId: { in: customerIds }, status: 'active', startsAt: { lt: now } });
  const horizonStart = now.getTime() - 34 * DAY;
  const lastClosed = new Map<string, BillingPeriod>();
  for (const s of subscriptions) {
    const current = billingPeriodAt(now, anchorOf(s));
    const last = previousBillingPeriod(current, anchorOf(s));
    if (last.end > s.startsAt && last.end.getTime() + graceMinutes(s) * 60_000 <= now.getTime()) lastClosed.set(s.id, last);
  }

  const onTime = subscriptions.flatMap((s) => {
    const p = lastClosed.get(s.id);
    return p ? usage(subjects.get(s.customerId)!, Math.max(p.start.getTime(), horizonStart), p.end.getTime(), 160) : [];
  });
  if (onTime.length) await ingestEvents({ events: onTime, apiKeyId: null, now });
  await drainConsumer();

  // The worker's runs, one an hour after each period's end.
  const runs = new Set<number>();
  for (const s of subscriptions) {
    const until = lastClosed.get(s.id)?.end;
    if (!until) continue;
    for (let p = billingPeriodAt(s.startsAt, anchorOf(s)); p.end <= until; p = billingPeriodAt(p.end, anchorOf(s))) runs.add(p.end.getTime() + graceMinutes(s) * 60_000);
  }
  for (const at of [...runs].sort((a, b) => a - b)) await finalizeDueInvoices({ now: new Date(at), customerIds });

  const late = subscriptions.flatMap((s) => {
    const p = lastClosed.get(s.id);
    return p ? usage(subjects.get(s.customerId)!, Math.max(p.start.getTime(), horizonStart), p.end.getTime(), 40) : [];
  });
  if (late.length) await ingestEvents({ events: late, apiKeyId: null, now });
  await drainConsumer();
}

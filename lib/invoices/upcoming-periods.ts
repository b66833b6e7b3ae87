import { db } from '@/lib/db/prisma';
import { type BillingPeriod, billingPeriodAt, nextBillingPeriod } from '@/lib/periods/billing-period';
import { type BillableSubscription, anchorOf } from './billable-subscriptions';

export type UpcomingPeriodsOptions = { subscriptions: BillableSubscription[]; now: Date };

/**
 * Per subscription, the period its live draft rates: the open one (the first one, when the
 * subscription starts later; the next one, when the open period was finalized early), or null
 * when the subscription ends before another period starts. One query for all of them.
 */
export async function upcomingPeriods({ subscriptions, now }: UpcomingPeriodsOptions): Promise<(BillingPeriod | null)[]> {
  const open = subscriptions.map((s) => billingPeriodAt(now < s.startsAt ? s.startsAt : now, anchorOf(s)));
  const finalized = subscriptions.length
    ? await db().invoice.findMany({
        where: { customerId: { in: subscriptions.map((s) => s.customerId) }, subscriptionId: { in: subscriptions.map((s) => s.id) }, periodStart: { in: open.map((p) => p.start) } },
        select: { subscriptionId: true, periodStart: true },
      })
    : [];
  const done = new Set(finalized.map((i) => `${i.subscriptionId}|${i.periodStart.getTime()}`));
  return subscriptions.map((s, k) => {
    const period = done.has(`${s.id}|${open[k].start.getTime()}`) ? nextBillingPeriod(open[k], anchorOf(s)) : open[k];
    return s.cancelAt && period.start >= s.cancelAt ? null : period;
  });
}

import { db } from '@/lib/db/prisma';
import type { Prisma } from '@/lib/generated/prisma/client';
import { type BillingAnchor, type BillingPeriod, billingPeriodsBetween } from '@/lib/periods/billing-period';
import type { VersionContent } from '@/lib/pricing/charge-schema';
import { versionAt } from '@/lib/subscriptions/version-at';

const include = {
  customer: { select: { id: true, name: true, currency: true, timeZone: true, invoiceGraceMinutes: true } },
  planVersion: { include: { plan: { select: { key: true, name: true } } } },
  changes: { where: { canceledAt: null }, include: { planVersion: { include: { plan: { select: { key: true, name: true } } } } } },
} satisfies Prisma.SubscriptionInclude;

/** Subscriptions with what invoicing them needs: the customer's zone and currency, every version it was on. */
export async function loadBillableSubscriptions(where: Prisma.SubscriptionWhereInput) {
  return db().subscription.findMany({ where, include, orderBy: [{ customerId: 'asc' }, { startsAt: 'asc' }] });
}

export type BillableSubscription = Awaited<ReturnType<typeof loadBillableSubscriptions>>[number];
export type BillableVersion = BillableSubscription['planVersion'];

export const anchorOf = (s: BillableSubscription): BillingAnchor => ({ anchorDay: s.anchorDay, timeZone: s.customer.timeZone });

/** The plan version a period is rated under: the one in force when the period (or the subscription) began. */
export function versionFor(s: BillableSubscription, period: BillingPeriod): BillableVersion {
  const id = versionAt(s, period.start < s.startsAt ? s.startsAt : period.start);
  return id === s.planVersionId ? s.planVersion : s.changes.find((c) => c.planVersionId === id)!.planVersion;
}

export const contentOf = (v: { content: Prisma.JsonValue }) => v.content as VersionContent;

/** The part of a period the subscription ran in, cut at `until`: usage is read over it. */
export function usageSpan(s: BillableSubscription, period: BillingPeriod, until: Date): { from: Date; to: Date } {
  const from = period.start < s.startsAt ? s.startsAt : period.start;
  let to = period.end;
  if (s.cancelAt && s.cancelAt < to) to = s.cancelAt;
  if (until < to) to = until;
  return { from, to: to < from ? from : to };
}

/** Every period the subscription bills from its start up to `until` (exclusive), oldest first. */
export function periodsUntil(s: BillableSubscription, until: Date): BillingPeriod[] {
  const end = s.cancelAt && s.cancelAt < until ? s.cancelAt : until;
  return billingPeriodsBetween(s.startsAt, end, anchorOf(s));
}

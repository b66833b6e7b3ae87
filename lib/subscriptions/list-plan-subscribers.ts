import { db } from '@/lib/db/prisma';

/**
 * Running subscriptions that were, are or will be on any version of a plan, with their timeline
 * and customer's zone: what publishing and simulating a version of it work from.
 */
export async function listPlanSubscribers(planId: string, now: Date) {
  return db().subscription.findMany({
    where: {
      status: 'active',
      OR: [{ cancelAt: null }, { cancelAt: { gt: now } }],
      AND: [{ OR: [{ planVersion: { planId } }, { changes: { some: { canceledAt: null, planVersion: { planId } } } }] }],
    },
    include: {
      customer: { select: { id: true, name: true, timeZone: true, currency: true } },
      planVersion: true,
      changes: { where: { canceledAt: null }, include: { planVersion: true } },
    },
    orderBy: [{ customerId: 'asc' }],
  });
}

export type PlanSubscriber = Awaited<ReturnType<typeof listPlanSubscribers>>[number];

import type { Tx } from '@/lib/db/prisma';

const withTimeline = {
  changes: { orderBy: [{ effectiveAt: 'asc' as const }, { createdAt: 'asc' as const }], include: { planVersion: { include: { plan: true } } } },
  planVersion: { include: { plan: true } },
};

/** The customer's running subscription (status active) with its version history, or null. */
export async function findActiveSubscription(tx: Tx, customerId: string) {
  return tx.subscription.findFirst({ where: { customerId, status: 'active' }, include: withTimeline });
}

export type LoadedSubscription = NonNullable<Awaited<ReturnType<typeof findActiveSubscription>>>;

import { db, type Tx } from '@/lib/db/prisma';
import { serializeSubscription } from './serialize-subscription';

const withTimeline = {
  changes: { orderBy: [{ effectiveAt: 'asc' as const }, { createdAt: 'asc' as const }], include: { planVersion: { include: { plan: true } } } },
  planVersion: { include: { plan: true } },
};

/** The customer's running subscription (status active) with its version history, or null. */
export async function findActiveSubscription(tx: Tx, customerId: string) {
  return tx.subscription.findFirst({ where: { customerId, status: 'active' }, include: withTimeline });
}

export type LoadedSubscription = NonNullable<Awaited<ReturnType<typeof findActiveSubscription>>>;

/** The running subscription as the API answers it, or null; the caller has checked who may see it. */
export async function describeSubscription(customer: { id: string; timeZone: string }, now?: Date) {
  const s = await findActiveSubscription(db(), customer.id);
  return s && serializeSubscription(s, customer.timeZone, now);
}

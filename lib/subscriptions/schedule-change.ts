import type { Tx } from '@/lib/db/prisma';

export type ScheduleChangeOptions = {
  /** The subscriptions to move and when each move takes effect. */
  moves: { customerId: string; subscriptionId: string; effectiveAt: Date }[];
  planVersionId: string;
  reason: 'publish' | 'change';
};

/**
 * Moves subscriptions to a version, each from its own moment, in two statements however many
 * there are (a publish moves every subscriber). Changes that were to take effect at or after
 * that moment are superseded (kept, marked canceled): the latest decision wins and the history
 * of what was planned stays readable.
 */
export async function scheduleChange(tx: Tx, { moves, planVersionId, reason }: ScheduleChangeOptions): Promise<void> {
  if (moves.length === 0) return;
  const customers = moves.map((m) => m.customerId);
  const subscriptions = moves.map((m) => m.subscriptionId);
  const at = moves.map((m) => m.effectiveAt);
  await tx.$executeRaw`
    UPDATE subscription_changes c SET canceled_at = now()
    FROM unnest(${customers}::uuid[], ${subscriptions}::uuid[], ${at}::timestamptz[]) AS m(customer_id, subscription_id, effective_at)
    WHERE c.customer_id = m.customer_id AND c.subscription_id = m.subscription_id AND c.canceled_at IS NULL AND c.effective_at >= m.effective_at`;
  await tx.$executeRaw`
    INSERT INTO subscription_changes (customer_id, subscription_id, plan_version_id, effective_at, reason)
    SELECT m.customer_id, m.subscription_id, ${planVersionId}::uuid, m.effective_at, ${reason}
    FROM unnest(${customers}::uuid[], ${subscriptions}::uuid[], ${at}::timestamptz[]) AS m(customer_id, subscription_id, effective_at)`;
}

import { recordAudit } from '@/lib/audit/record-audit';
import type { Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { anchorDayOf } from '@/lib/periods/billing-period';
import { findActiveSubscription } from './find-subscription';
import type { lockCustomer } from './load-customer';
import { resolveVersion } from './resolve-version';
import type { PutSubscriptionInput } from './subscription-input';

export type SubscribeCustomerOptions = {
  customer: Awaited<ReturnType<typeof lockCustomer>>;
  input: PutSubscriptionInput;
  actor: string;
  now: Date;
};

/**
 * Starts a subscription on a published version, from a start that may lie in the past (a
 * customer migrated from another system). A subscription whose cancellation takes effect by the
 * new start is closed; any other running one makes this a conflict.
 */
export async function subscribeCustomer(tx: Tx, { customer, input, actor, now }: SubscribeCustomerOptions) {
  const startsAt = input.startsAt ?? now;
  const running = await findActiveSubscription(tx, customer.id);
  if (running) {
    if (running.cancelAt === null || running.cancelAt > startsAt) {
      throw new AppError('conflict', 'The customer already has a running subscription; change it, or cancel it first.', [
        { path: 'startsAt', message: running.cancelAt ? `the current subscription ends at ${running.cancelAt.toISOString()}` : 'the current subscription does not end' },
      ]);
    }
    await tx.subscription.update({ where: { customerId_id: { customerId: customer.id, id: running.id } }, data: { status: 'ended' } });
  }
  const version = await resolveVersion(tx, { plan: input.plan, version: input.version, currency: customer.currency });
  const anchorDay = input.anchorDay ?? anchorDayOf(startsAt, customer.timeZone);
  const created = await tx.subscription.create({
    data: { customerId: customer.id, planVersionId: version.id, startsAt, anchorDay },
  });
  await recordAudit(tx, {
    actor,
    action: 'subscription.create',
    entityType: 'subscription',
    entityId: created.id,
    after: { customerId: customer.id, plan: version.plan.key, version: version.number, startsAt: startsAt.toISOString(), anchorDay },
  });
}

import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record-audit';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { findActiveSubscription } from './find-subscription';
import { lockCustomer } from './load-customer';
import { serializeSubscription } from './serialize-subscription';
import { cancelSubscriptionInput } from './subscription-input';
import { billingPeriodAt } from '@/lib/periods/billing-period';

export type CancelSubscriptionOptions = z.input<typeof cancelSubscriptionInput> & { customerId: string; actor: string; now?: Date };

/**
 * Ends the running subscription when its current period ends, or at a given moment (a partial
 * last period is prorated). A moment already past ends it now; asking again moves the end.
 */
export async function cancelSubscription({ customerId, actor, now = new Date(), ...body }: CancelSubscriptionOptions) {
  const { at } = cancelSubscriptionInput.parse(body);
  return db().$transaction(async (tx) => {
    const customer = await lockCustomer(tx, customerId);
    const s = await findActiveSubscription(tx, customer.id);
    if (!s || (s.cancelAt && s.cancelAt <= now)) throw new AppError('not_found', 'The customer has no running subscription.');
    const cancelAt = at === 'period_end' ? billingPeriodAt(now < s.startsAt ? s.startsAt : now, { anchorDay: s.anchorDay, timeZone: customer.timeZone }).end : at;
    if (cancelAt <= s.startsAt) {
      throw new AppError('validation_failed', 'A subscription can only end after it starts.', [{ path: 'at', message: `must be after ${s.startsAt.toISOString()}` }]);
    }
    const updated = await tx.subscription.update({
      where: { customerId_id: { customerId: customer.id, id: s.id } },
      data: { cancelAt, canceledAt: now, status: cancelAt <= now ? 'ended' : 'active' },
    });
    await recordAudit(tx, {
      actor,
      action: 'subscription.cancel',
      entityType: 'subscription',
      entityId: s.id,
      before: { cancelAt: s.cancelAt?.toISOString() ?? null },
      after: { cancelAt: cancelAt.toISOString() },
    });
    return serializeSubscription({ ...s, ...updated }, customer.timeZone, now);
  });
}

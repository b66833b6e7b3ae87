import { recordAudit } from '@/lib/audit/record-audit';
import type { Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { LoadedSubscription } from './find-subscription';
import type { lockCustomer } from './load-customer';
import { resolveVersion } from './resolve-version';
import { scheduleChange } from './schedule-change';
import type { PutSubscriptionInput } from './subscription-input';
import { billingPeriodAt } from '@/lib/periods/billing-period';
import { versionAt } from './version-at';

export type ChangeSubscriptionOptions = {
  customer: Awaited<ReturnType<typeof lockCustomer>>;
  subscription: LoadedSubscription;
  input: PutSubscriptionInput;
  actor: string;
  now: Date;
};

/**
 * Moves a running subscription to another plan or version, from the next period's start or
 * from the start of the open period (which is then rated under the new version as a whole).
 */
export async function changeSubscription(tx: Tx, { customer, subscription: s, input, actor, now }: ChangeSubscriptionOptions) {
  if (input.startsAt || input.anchorDay) {
    throw new AppError('conflict', 'The customer already has a running subscription; its start and anchor day are fixed. Cancel it to start another.', [
      { path: input.startsAt ? 'startsAt' : 'anchorDay', message: 'only for a new subscription' },
    ]);
  }
  const version = await resolveVersion(tx, { plan: input.plan, version: input.version, currency: customer.currency });
  const at = now < s.startsAt ? s.startsAt : now;
  const period = billingPeriodAt(at, { anchorDay: s.anchorDay, timeZone: customer.timeZone });
  const effectiveAt = input.effective === 'next_period' ? period.end : period.start < s.startsAt ? s.startsAt : period.start;
  if (s.cancelAt && effectiveAt >= s.cancelAt) {
    throw new AppError('conflict', `The subscription ends at ${s.cancelAt.toISOString()}, before the change would take effect.`, [{ path: 'effective', message: 'after the subscription ends' }]);
  }
  const from = versionAt(s, effectiveAt);
  await scheduleChange(tx, { moves: [{ customerId: customer.id, subscriptionId: s.id, effectiveAt }], planVersionId: version.id, reason: 'change' });
  await recordAudit(tx, {
    actor,
    action: 'subscription.change',
    entityType: 'subscription',
    entityId: s.id,
    before: { planVersionId: from },
    after: { plan: version.plan.key, version: version.number, planVersionId: version.id, effectiveAt: effectiveAt.toISOString(), effective: input.effective },
  });
}

import type { LoadedSubscription } from './find-subscription';
import { billingPeriodAt } from '@/lib/periods/billing-period';
import { versionAt } from './version-at';

/**
 * A subscription as the API answers it: the plan and version in force at `now`, the billing
 * period holding `now` in the customer's zone, and the moves still to come.
 */
export function serializeSubscription(s: LoadedSubscription, timeZone: string, now = new Date()) {
  const versions = new Map([[s.planVersionId, s.planVersion], ...s.changes.map((c) => [c.planVersionId, c.planVersion] as const)]);
  const at = now < s.startsAt ? s.startsAt : now;
  const current = versions.get(versionAt(s, at))!;
  const ended = s.status === 'ended' || (s.cancelAt !== null && s.cancelAt <= now);
  return {
    id: s.id,
    customerId: s.customerId,
    status: ended ? ('ended' as const) : now < s.startsAt ? ('scheduled' as const) : ('active' as const),
    plan: { key: current.plan.key, name: current.plan.name, currency: current.plan.currency },
    version: current.number,
    startsAt: s.startsAt,
    anchorDay: s.anchorDay,
    timeZone,
    cancelAt: s.cancelAt,
    canceledAt: s.canceledAt,
    currentPeriod: billingPeriodAt(at, { anchorDay: s.anchorDay, timeZone }),
    scheduledChanges: s.changes
      .filter((c) => !c.canceledAt && c.effectiveAt > now)
      .map((c) => ({ plan: c.planVersion.plan.key, version: c.planVersion.number, effectiveAt: c.effectiveAt, reason: c.reason })),
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

export type SubscriptionDto = ReturnType<typeof serializeSubscription>;

import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record-audit';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { listPlanSubscribers } from '@/lib/subscriptions/list-plan-subscribers';
import { scheduleChange } from '@/lib/subscriptions/schedule-change';
import { billingPeriodAt } from '@/lib/periods/billing-period';
import { versionAt } from '@/lib/subscriptions/version-at';
import { findVersion } from './find-plan';
import { publishInput } from './plan-input';
import { serializeVersion } from './serialize-plan';
import { validateVersionContent } from './validate-version-content';

export type PublishPlanVersionOptions = z.input<typeof publishInput> & { plan: string; number: string | number; actor: string; now?: Date };

/**
 * Freezes a draft and puts it on sale. With `migrate: "next_period"` every subscriber of an
 * older version of the plan moves to it at the start of its own next period, so no period is
 * rated under two price lists; with "none" they stay where they are.
 */
export async function publishPlanVersion({ plan: key, number, actor, now = new Date(), ...body }: PublishPlanVersionOptions) {
  const { migrate } = publishInput.parse(body);
  const { plan, version } = await findVersion(key, number);
  if (version.status !== 'draft') {
    throw new AppError('conflict', `Version ${version.number} is already ${version.status}.`, [{ path: 'status', message: `version ${version.number} is ${version.status}` }]);
  }
  // Meters may have changed since the draft was saved.
  await validateVersionContent({ content: version.content, currency: plan.currency });

  const subscribers = migrate === 'none' ? [] : await listPlanSubscribers(plan.id, now);
  const moves = subscribers.flatMap((s) => {
    const effectiveAt = billingPeriodAt(now < s.startsAt ? s.startsAt : now, { anchorDay: s.anchorDay, timeZone: s.customer.timeZone }).end;
    if (s.cancelAt && s.cancelAt <= effectiveAt) return [];
    const versions = new Map([[s.planVersionId, s.planVersion], ...s.changes.map((c) => [c.planVersionId, c.planVersion] as const)]);
    const then = versions.get(versionAt(s, effectiveAt))!;
    return then.planId === plan.id && then.number < version.number ? [{ customerId: s.customerId, subscriptionId: s.id, effectiveAt }] : [];
  });

  return db().$transaction(async (tx) => {
    const { count } = await tx.planVersion.updateMany({ where: { id: version.id, status: 'draft' }, data: { status: 'published', publishedAt: now } });
    if (count === 0) throw new AppError('conflict', `Version ${version.number} was published meanwhile.`);
    await scheduleChange(tx, { moves, planVersionId: version.id, reason: 'publish' });
    await recordAudit(tx, {
      actor,
      action: 'plan_version.publish',
      entityType: 'plan_version',
      entityId: version.id,
      after: { plan: plan.key, number: version.number, migrate, moved: moves.map((m) => ({ ...m, effectiveAt: m.effectiveAt.toISOString() })) },
    });
    const published = await tx.planVersion.findUniqueOrThrow({ where: { id: version.id } });
    return { ...serializeVersion(published, plan), migration: { mode: migrate, scheduled: moves.map((m) => ({ customerId: m.customerId, effectiveAt: m.effectiveAt })) } };
  });
}

import { Prisma } from '@/lib/generated/prisma/client';
import { recordAudit } from '@/lib/audit/record-audit';
import { isUniqueViolation } from '@/lib/db/errors';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { findPlan } from './find-plan';
import { serializeVersion } from './serialize-plan';

export type CreateDraftVersionOptions = { plan: string; actor: string };

/**
 * A new draft numbered after the latest version, starting as a copy of its prices. One draft at
 * a time: a second would fork the plan's history, so the existing draft is named instead.
 */
export async function createDraftVersion({ plan: key, actor }: CreateDraftVersionOptions) {
  try {
    return await db().$transaction(async (tx) => {
      const plan = await findPlan(key, tx);
      const latest = await tx.planVersion.findFirst({ where: { planId: plan.id }, orderBy: { number: 'desc' } });
      if (latest?.status === 'draft') {
        throw new AppError('conflict', `Plan "${key}" already has a draft, version ${latest.number}; edit it or publish it first.`, { draft: latest.number });
      }
      const version = await tx.planVersion.create({
        data: { planId: plan.id, number: (latest?.number ?? 0) + 1, content: (latest?.content ?? { charges: [], minimumSpend: null }) as Prisma.InputJsonValue },
      });
      await recordAudit(tx, {
        actor,
        action: 'plan_version.create',
        entityType: 'plan_version',
        entityId: version.id,
        after: { plan: plan.key, number: version.number, copiedFrom: latest?.number ?? null },
      });
      return serializeVersion(version, plan);
    });
  } catch (err) {
    // Two concurrent requests picked the same number: the second one sees the draft now.
    if (isUniqueViolation(err)) throw new AppError('conflict', `Plan "${key}" already has a draft; edit it or publish it first.`);
    throw err;
  }
}

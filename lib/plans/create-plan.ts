import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record-audit';
import { isUniqueViolation } from '@/lib/db/errors';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { createPlanInput } from './plan-input';
import { serializePlan } from './serialize-plan';
import { validateVersionContent } from './validate-version-content';

export type CreatePlanOptions = z.input<typeof createPlanInput> & { actor: string };

/** A new plan with its first version, a draft: nothing is for sale until it is published. */
export async function createPlan({ actor, ...body }: CreatePlanOptions) {
  const input = createPlanInput.parse(body);
  const content = await validateVersionContent({ content: input.content ?? {}, currency: input.currency, path: 'content' });
  try {
    return await db().$transaction(async (tx) => {
      const plan = await tx.plan.create({
        data: { key: input.key, name: input.name, description: input.description ?? null, currency: input.currency, versions: { create: { number: 1, content } } },
        include: { versions: true },
      });
      await recordAudit(tx, {
        actor,
        action: 'plan.create',
        entityType: 'plan',
        entityId: plan.id,
        after: { key: plan.key, name: plan.name, currency: plan.currency, content },
      });
      return serializePlan(plan);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('conflict', `A plan "${input.key}" already exists.`, [{ path: 'key', message: 'already taken' }]);
    throw err;
  }
}

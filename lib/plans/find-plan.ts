import { db, type Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { versionNumberSchema } from './plan-input';

/** A plan by key; 404 when there is none. */
export async function findPlan(key: string, tx: Tx = db()) {
  const plan = await tx.plan.findUnique({ where: { key } });
  if (!plan) throw new AppError('not_found', `No plan "${key}".`);
  return plan;
}

/** One version of a plan by number (as written in a URL); 404 when there is none. */
export async function findVersion(key: string, number: string | number, tx: Tx = db()) {
  const plan = await findPlan(key, tx);
  const n = versionNumberSchema.safeParse(number);
  const version = n.success ? await tx.planVersion.findUnique({ where: { planId_number: { planId: plan.id, number: n.data } } }) : null;
  if (!version) throw new AppError('not_found', `Plan "${key}" has no version ${number}.`);
  return { plan, version };
}

import type { Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';

export type ResolveVersionOptions = { plan: string; version?: number; currency: string };

/**
 * The published version a customer may be put on: the plan must exist and be in the customer's
 * currency, the version must be published (drafts are not for sale, archived ones no longer).
 */
export async function resolveVersion(tx: Tx, { plan: key, version, currency }: ResolveVersionOptions) {
  const plan = await tx.plan.findUnique({ where: { key } });
  if (!plan) throw new AppError('validation_failed', `No plan "${key}".`, [{ path: 'plan', message: `no plan "${key}"` }]);
  if (plan.currency !== currency) {
    throw new AppError('conflict', `Plan "${key}" is priced in ${plan.currency}; the customer pays in ${currency}.`, [
      { path: 'plan', message: `the plan's currency (${plan.currency}) must be the customer's (${currency})` },
    ]);
  }
  const found = await tx.planVersion.findFirst({
    where: { planId: plan.id, ...(version === undefined ? { status: 'published' } : { number: version }) },
    orderBy: { number: 'desc' },
  });
  if (!found) {
    const what = version === undefined ? `Plan "${key}" has no published version.` : `Plan "${key}" has no version ${version}.`;
    throw new AppError(version === undefined ? 'conflict' : 'validation_failed', what, [{ path: 'version', message: what }]);
  }
  if (found.status !== 'published') {
    throw new AppError('conflict', `Version ${found.number} of plan "${key}" is ${found.status}; only published versions take subscriptions.`, [
      { path: 'version', message: `version ${found.number} is ${found.status}` },
    ]);
  }
  return { ...found, plan };
}

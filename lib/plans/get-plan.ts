import { db } from '@/lib/db/prisma';
import { findPlan } from './find-plan';
import { serializePlan } from './serialize-plan';
import { subscriberCounts } from './subscriber-counts';

/** A plan by key with all its versions, newest first; 404 when there is none. */
export async function getPlan(key: string) {
  const plan = await findPlan(key);
  const versions = await db().planVersion.findMany({ where: { planId: plan.id } });
  return serializePlan({ ...plan, versions }, await subscriberCounts([plan.id]));
}

import { db } from '@/lib/db/prisma';
import { serializePlan } from './serialize-plan';
import { subscriberCounts } from './subscriber-counts';

/** Every plan with its versions and how many subscriptions run on each now. */
export async function listPlans() {
  const plans = await db().plan.findMany({ orderBy: { key: 'asc' }, include: { versions: true } });
  const counts = await subscriberCounts(plans.map((p) => p.id));
  return plans.map((p) => serializePlan(p, counts));
}

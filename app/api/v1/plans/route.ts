import { actorOf } from '@/lib/principals/principal';
import { readJson, route } from '@/lib/http/route';
import { createPlan } from '@/lib/plans/create-plan';
import { createPlanInput } from '@/lib/plans/plan-input';
import { listPlans } from '@/lib/plans/list-plans';

export const GET = route('read', async () => ({ data: await listPlans() }));

export const POST = route('admin', async ({ req, principal }) => {
  const input = createPlanInput.parse(await readJson(req));
  return Response.json(await createPlan({ ...input, actor: actorOf(principal) }), { status: 201 });
});

import { actorOf } from '@/lib/principals/principal';
import { readOptionalJson, route } from '@/lib/http/route';
import { publishInput } from '@/lib/plans/plan-input';
import { publishPlanVersion } from '@/lib/plans/publish-plan-version';

export const POST = route<{ key: string; n: string }>('admin', async ({ req, principal, params }) => {
  const input = publishInput.parse(await readOptionalJson(req));
  return publishPlanVersion({ ...input, plan: params.key, number: params.n, actor: actorOf(principal) });
});

import { actorOf } from '@/lib/principals/principal';
import { route } from '@/lib/http/route';
import { archivePlanVersion } from '@/lib/plans/archive-plan-version';

export const POST = route<{ key: string; n: string }>('admin', async ({ principal, params }) =>
  archivePlanVersion({ plan: params.key, number: params.n, actor: actorOf(principal) }),
);

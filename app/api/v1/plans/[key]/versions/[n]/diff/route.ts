import { z } from 'zod';
import { route } from '@/lib/http/route';
import { diffPlanVersions } from '@/lib/plans/diff-plan-versions';
import { versionNumberSchema } from '@/lib/plans/plan-input';

const query = z.object({ against: versionNumberSchema });

export const GET = route<{ key: string; n: string }>('read', async ({ req, params }) => {
  const { against } = query.parse(Object.fromEntries(new URL(req.url).searchParams));
  return diffPlanVersions({ plan: params.key, number: params.n, against });
});

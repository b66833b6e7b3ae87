import { route } from '@/lib/http/route';
import { simulatePlanVersion } from '@/lib/plans/simulate-plan-version';

export const GET = route<{ key: string; n: string }>('read', async ({ principal, params }) => simulatePlanVersion({ plan: params.key, number: params.n, principal }));

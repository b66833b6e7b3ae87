import { route } from '@/lib/http/route';
import { getPlan } from '@/lib/plans/get-plan';

export const GET = route<{ key: string }>('read', async ({ params }) => getPlan(params.key));

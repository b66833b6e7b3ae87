import { actorOf } from '@/lib/principals/principal';
import { route } from '@/lib/http/route';
import { createDraftVersion } from '@/lib/plans/create-draft-version';

export const POST = route<{ key: string }>('admin', async ({ principal, params }) =>
  Response.json(await createDraftVersion({ plan: params.key, actor: actorOf(principal) }), { status: 201 }),
);

import { actorOf } from '@/lib/principals/principal';
import { readJson, route } from '@/lib/http/route';
import { getPlanVersion } from '@/lib/plans/get-plan-version';
import { updateDraftVersion } from '@/lib/plans/update-draft-version';

type P = { key: string; n: string };

export const GET = route<P>('read', async ({ params }) => getPlanVersion({ plan: params.key, number: params.n }));

/** The body is the version's content: `{ charges, minimumSpend }`. */
export const PUT = route<P>('admin', async ({ req, principal, params }) =>
  updateDraftVersion({ plan: params.key, number: params.n, content: await readJson(req), actor: actorOf(principal) }),
);

import { revokeApiKey } from '@/lib/api-keys/revoke-api-key';
import { actorOf } from '@/lib/principals/principal';
import { route } from '@/lib/http/route';

/** DELETE revokes: the row stays so the audit trail and last-used time remain readable. */
export const DELETE = route<{ id: string }>('admin', async ({ principal, params }) => {
  const key = await revokeApiKey({ id: params.id, actor: actorOf(principal) });
  return { id: key.id, revokedAt: key.revokedAt };
});

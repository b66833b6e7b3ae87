import { readJson, route } from '@/lib/http/route';
import { actorOf } from '@/lib/principals/principal';
import { setUserPassword, setUserPasswordInput } from '@/lib/users/set-user-password';

/** Resets a password; the user's sessions end with it. */
export const POST = route<{ id: string }>('admin', async ({ req, principal, params }) => {
  const input = setUserPasswordInput.parse(await readJson(req));
  await setUserPassword({ ...input, user: params.id, actor: actorOf(principal) });
  return new Response(null, { status: 204 });
});

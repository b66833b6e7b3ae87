import { readJson, route } from '@/lib/http/route';
import { actorOf, userIdOf } from '@/lib/principals/principal';
import { deleteUser } from '@/lib/users/delete-user';
import { updateUser, updateUserInput } from '@/lib/users/update-user';

type P = { id: string };

export const PATCH = route<P>('admin', async ({ req, principal, params }) => {
  const input = updateUserInput.parse(await readJson(req));
  return updateUser({ ...input, user: params.id, actor: actorOf(principal), actorUserId: userIdOf(principal) });
});

export const DELETE = route<P>('admin', async ({ principal, params }) => {
  await deleteUser({ user: params.id, actor: actorOf(principal), actorUserId: userIdOf(principal) });
  return new Response(null, { status: 204 });
});

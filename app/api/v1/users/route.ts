import { actorOf } from '@/lib/principals/principal';
import { readJson, route } from '@/lib/http/route';
import { createUser, createUserInput } from '@/lib/users/create-user';
import { listUsers } from '@/lib/users/list-users';

export const GET = route('admin', async () => ({ data: await listUsers() }));

export const POST = route('admin', async ({ req, principal }) => {
  const input = createUserInput.parse(await readJson(req));
  return Response.json(await createUser({ ...input, actor: actorOf(principal) }), { status: 201 });
});

import { createApiKey, createApiKeyInput } from '@/lib/api-keys/create-api-key';
import { listApiKeys } from '@/lib/api-keys/list-api-keys';
import { actorOf } from '@/lib/principals/principal';
import { readJson, route } from '@/lib/http/route';

export const GET = route('admin', async () => ({ data: await listApiKeys() }));

export const POST = route('admin', async ({ req, principal }) => {
  const input = createApiKeyInput.parse(await readJson(req));
  return Response.json(await createApiKey({ ...input, actor: actorOf(principal) }), { status: 201 });
});

import { actorOf } from '@/lib/principals/principal';
import { readJson, route } from '@/lib/http/route';
import { createMeter } from '@/lib/meters/create-meter';
import { listMeters } from '@/lib/meters/list-meters';
import { createMeterInput } from '@/lib/meters/meter-input';
import { serializeMeter } from '@/lib/meters/serialize-meter';

export const dynamic = 'force-dynamic';

export const GET = route('read', async () => (await listMeters()).map(serializeMeter));

export const POST = route('admin', async ({ req, principal }) => {
  const input = createMeterInput.parse(await readJson(req));
  return Response.json(await createMeter({ ...input, actor: actorOf(principal) }), { status: 201 });
});

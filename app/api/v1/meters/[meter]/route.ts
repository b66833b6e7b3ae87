import { actorOf } from '@/lib/principals/principal';
import { readJson, route } from '@/lib/http/route';
import { deleteMeter } from '@/lib/meters/delete-meter';
import { findMeter } from '@/lib/meters/find-meter';
import { meterParams, updateMeterInput } from '@/lib/meters/meter-input';
import { serializeMeter } from '@/lib/meters/serialize-meter';
import { updateMeter } from '@/lib/meters/update-meter';

type P = { meter: string };

export const GET = route<P>('read', async ({ params }) => serializeMeter(await findMeter(meterParams.parse(params).meter)));

const update = route<P>('admin', async ({ req, principal, params }) => {
  const { meter } = meterParams.parse(params);
  const input = updateMeterInput.parse(await readJson(req));
  return updateMeter({ ...input, idOrSlug: meter, actor: actorOf(principal) });
});
export { update as PATCH, update as PUT };

export const DELETE = route<P>('admin', async ({ principal, params }) => {
  await deleteMeter({ idOrSlug: meterParams.parse(params).meter, actor: actorOf(principal) });
  return new Response(null, { status: 204 });
});

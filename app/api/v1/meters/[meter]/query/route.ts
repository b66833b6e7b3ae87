import { route } from '@/lib/http/route';
import { parseQueryParams, queryMeter } from '@/lib/rollups/query-meter';

export const dynamic = 'force-dynamic';

export const GET = route<{ meter: string }>('read', async ({ req, principal, params }) => {
  const input = parseQueryParams(new URL(req.url).searchParams);
  const body = await queryMeter({ ...input, meter: params.meter, principal });
  return new Response(body, { headers: { 'content-type': 'application/json' } });
});

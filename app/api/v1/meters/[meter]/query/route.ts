import { loadTimeZones } from '@/lib/customers/validation';
import { readJson, route } from '@/lib/http/route';
import { customerScope } from '@/lib/principals/customer-scope';
import type { Principal } from '@/lib/principals/principal';
import { type MeterQueryInput, meterQueryInput, parseMeterQuery } from '@/lib/usage/meter-query-input';
import { readUsage } from '@/lib/usage/read-usage';
import { serializeMeterQuery } from '@/lib/usage/serialize-meter-query';

export const dynamic = 'force-dynamic';

async function answer(query: MeterQueryInput, meter: string, principal: Principal): Promise<Response> {
  const rows = await readUsage({
    meter,
    scope: customerScope(principal),
    from: query.from,
    to: query.to,
    windowSize: query.windowSize,
    windowTimeZone: query.windowTimeZone,
    subjects: query.subject,
    customerIds: query.filterCustomerId,
    groupBy: query.groupBy,
    filterGroupBy: query.filterGroupBy,
  });
  return new Response(serializeMeterQuery(query, rows), { headers: { 'content-type': 'application/json' } });
}

// Zones are checked against PostgreSQL's list too (lib/customers/validation.ts), read once per process.
export const GET = route<{ meter: string }>('read', async ({ req, principal, params }) => {
  await loadTimeZones();
  return answer(parseMeterQuery(new URL(req.url).searchParams), params.meter, principal);
});

/** OpenMeter's POST form of the query (the SDK's `queryPost`), for filters too long for a URL. */
export const POST = route<{ meter: string }>('read', async ({ req, principal, params }) => {
  await loadTimeZones();
  return answer(meterQueryInput.strict().parse(await readJson(req)), params.meter, principal);
});

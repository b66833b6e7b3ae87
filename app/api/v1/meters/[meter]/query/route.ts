import { loadTimeZones } from '@/lib/customers/validation';
import { readJson, route } from '@/lib/http/route';
import { customerScope } from '@/lib/principals/customer-scope';
import type { Principal } from '@/lib/principals/principal';
import { meterQueryCsv, meterQueryFileName, prefersCsv } from '@/lib/usage/meter-query-csv';
import { type MeterQueryInput, meterQueryInput, parseMeterQuery } from '@/lib/usage/meter-query-input';
import { readUsage } from '@/lib/usage/read-usage';
import { serializeMeterQuery } from '@/lib/usage/serialize-meter-query';

export const dynamic = 'force-dynamic';

async function answer(req: Request, query: MeterQueryInput, meter: string, principal: Principal): Promise<Response> {
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
  if (!prefersCsv(req.headers.get('accept'))) return new Response(serializeMeterQuery(query, rows), { headers: { 'content-type': 'application/json' } });
  return new Response(meterQueryCsv(query, rows), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${meterQueryFileName(meter, query)}"`, 'cache-control': 'private, no-store' },
  });
}

// `Accept: text/csv` answers the same rows as CSV (lib/usage/meter-query-csv.ts), as OpenMeter does.
// Zones are checked against PostgreSQL's list too (lib/customers/validation.ts), read once per process.
export const GET = route<{ meter: string }>('read', async ({ req, principal, params }) => {
  await loadTimeZones();
  return answer(req, parseMeterQuery(new URL(req.url).searchParams), params.meter, principal);
});

/** OpenMeter's POST form of the query (the SDK's `queryPost`), for filters too long for a URL. */
export const POST = route<{ meter: string }>('read', async ({ req, principal, params }) => {
  await loadTimeZones();
  return answer(req, meterQueryInput.strict().parse(await readJson(req)), params.meter, principal);
});

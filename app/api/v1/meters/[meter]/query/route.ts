import { customerScope } from '@/lib/auth/customer-scope';
import { route } from '@/lib/http/route';
import { parseMeterQuery } from '@/lib/usage/meter-query-input';
import { readUsage } from '@/lib/usage/read-usage';
import { serializeMeterQuery } from '@/lib/usage/serialize-meter-query';

export const dynamic = 'force-dynamic';

export const GET = route<{ meter: string }>('read', async ({ req, principal, params }) => {
  const query = parseMeterQuery(new URL(req.url).searchParams);
  const rows = await readUsage({
    meter: params.meter,
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
});

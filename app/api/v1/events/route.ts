import { customerScope } from '@/lib/principals/customer-scope';
import { ingestRoute } from '@/lib/http/ingest-route';
import { route } from '@/lib/http/route';
import { listEvents, listEventsQuery } from '@/lib/ingest/list-events';

export const dynamic = 'force-dynamic';

export const POST = ingestRoute;

export const GET = route('read', async ({ req, principal }) => {
  const params = new URL(req.url).searchParams;
  const customerId = params.getAll('customerId');
  const query = listEventsQuery.parse({ ...Object.fromEntries(params), customerId: customerId.length ? customerId : undefined });
  return listEvents({ ...query, scope: customerScope(principal) });
});

import { ingestRoute } from '@/lib/http/ingest-route';
import { route } from '@/lib/http/route';
import { listEvents, listEventsQuery } from '@/lib/ingest/list-events';

export const dynamic = 'force-dynamic';

export const POST = ingestRoute;

export const GET = route('read', async ({ req, principal }) => {
  const query = listEventsQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  return listEvents({ ...query, principal });
});

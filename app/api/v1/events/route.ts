import { AppError } from '@/lib/http/errors';
import { route } from '@/lib/http/route';
import { ingestEvents } from '@/lib/ingest/ingest-events';
import { listEvents, listEventsQuery } from '@/lib/ingest/list-events';
import { readIngestRequest } from '@/lib/ingest/read-ingest-request';

export const dynamic = 'force-dynamic';

/**
 * 200 when every event was accepted, or recognised as a duplicate or conflict (all durable);
 * 207 when some were rejected and the rest committed; 400 when all were rejected.
 */
export const POST = route('ingest', async ({ req, principal }) => {
  const { events } = await readIngestRequest(req);
  const report = await ingestEvents({ events, apiKeyId: principal.kind === 'api-key' ? principal.keyId : null });
  const { rejected, received } = report.totals;
  if (rejected === received) {
    throw new AppError('validation_failed', `All ${received} events were rejected; see details.results.`, report);
  }
  return Response.json(report, { status: rejected > 0 ? 207 : 200 });
});

export const GET = route('read', async ({ req, principal }) => {
  const query = listEventsQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  return listEvents({ ...query, principal });
});

import { AppError } from '@/lib/errors/app-error';
import { ingestEvents } from '@/lib/ingest/ingest-events';
import { readIngestRequest } from '@/lib/ingest/read-ingest-request';
import { route } from './route';

/**
 * POST /api/v1/events, shared by the Next.js route and the production server's fast path.
 * 200 when every event was accepted, or recognised as a duplicate or conflict (all durable);
 * 207 when some were rejected and the rest committed; 400 when all were rejected.
 */
export const ingestRoute = route('ingest', async ({ req, principal }) => {
  const { events } = await readIngestRequest(req);
  const report = await ingestEvents({ events, apiKeyId: principal.kind === 'api-key' ? principal.keyId : null });
  const { rejected, received } = report.totals;
  if (rejected === received) {
    throw new AppError('validation_failed', `All ${received} events were rejected; see details.results.`, report);
  }
  return Response.json(report, { status: rejected > 0 ? 207 : 200 });
});

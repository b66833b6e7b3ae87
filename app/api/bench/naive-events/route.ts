import { naiveIngest } from '@/lib/bench/naive-ingest';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors/app-error';
import { route } from '@/lib/http/route';
import { readIngestRequest } from '@/lib/ingest/read-ingest-request';
import { validateEvent, type ValidEvent } from '@/lib/ingest/validate-event';

export const dynamic = 'force-dynamic';

/** The naive baseline for `npm run bench`; 404 unless METERLINE_BENCH=1. */
export const POST = route('ingest', async ({ req }) => {
  if (env().METERLINE_BENCH !== '1') throw new AppError('not_found', 'Not found.');
  const { events } = await readIngestRequest(req);
  const options = { now: Date.now(), lateArrivalHorizonMs: env().LATE_ARRIVAL_HORIZON_DAYS * 86_400_000 };
  const valid = events.map((raw) => validateEvent(raw, options)).flatMap((v): ValidEvent[] => (v.ok ? [v.event] : []));
  return naiveIngest({ events: valid });
});

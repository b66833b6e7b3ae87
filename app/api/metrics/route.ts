import { authenticate } from '@/lib/auth/authenticate';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors/app-error';
import { publicRoute } from '@/lib/http/route';
import { prometheusMetrics } from '@/lib/rollups/prometheus-metrics';

export const dynamic = 'force-dynamic';

/**
 * Prometheus text exposition. Ingest volumes and lag describe the business, so a scraper sends a
 * read or admin key (a signed-in admin may look too); METERLINE_PUBLIC_METRICS=on opens it for
 * scrapers that cannot send a header.
 */
export const GET = publicRoute(async ({ req }) => {
  if (env().METERLINE_PUBLIC_METRICS !== 'on') {
    const principal = await authenticate(req, 'read');
    if (principal.kind === 'user' && principal.role !== 'admin') throw new AppError('forbidden', 'Metrics are for admins and read or admin API keys.');
  }
  return new Response(await prometheusMetrics(), { headers: { 'content-type': 'text/plain; version=0.0.4' } });
});

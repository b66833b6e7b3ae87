import { publicRoute } from '@/lib/http/route';
import { prometheusMetrics } from '@/lib/rollups/prometheus-metrics';

export const dynamic = 'force-dynamic';

/** Prometheus text exposition; unauthenticated like most scrape targets, and free of tenant data. */
export const GET = publicRoute(async () => new Response(await prometheusMetrics(), { headers: { 'content-type': 'text/plain; version=0.0.4' } }));

import { db } from '@/lib/db/prisma';
import { consumerLag } from './consumer-lag';

/** Consumer lag and ingest outcome totals in Prometheus' text format. */
export async function prometheusMetrics(): Promise<string> {
  const [lag, outcomes] = await Promise.all([
    consumerLag(),
    db().ingestStat.groupBy({ by: ['outcome', 'code'], _sum: { events: true } }),
  ]);
  const lines = [
    '# HELP meterline_consumer_lag_seconds Age of the oldest event not yet folded into rollups.',
    '# TYPE meterline_consumer_lag_seconds gauge',
    `meterline_consumer_lag_seconds ${lag.lagSeconds}`,
    '# HELP meterline_consumer_pending_events Events in the log not yet folded into rollups.',
    '# TYPE meterline_consumer_pending_events gauge',
    `meterline_consumer_pending_events ${lag.pendingEvents}`,
    '# HELP meterline_ingest_events_total Events received, by outcome and rejection code.',
    '# TYPE meterline_ingest_events_total counter',
    ...outcomes.map((o) => `meterline_ingest_events_total{outcome="${o.outcome}",code="${o.code}"} ${o._sum.events ?? 0}`),
  ];
  return `${lines.join('\n')}\n`;
}

import type { CustomerScope } from '@/lib/principals/customer-scope';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { consumerLag } from '@/lib/rollups/consumer-lag';
import { listEvents } from './list-events';

export type IngestOverviewOptions = { scope: CustomerScope; now?: Date };

/** Everything the admin Ingest page shows, read in parallel: every customer's, so only for an unrestricted scope. */
export async function ingestOverview({ scope, now = new Date() }: IngestOverviewOptions) {
  if (scope.customerIds !== null) throw new AppError('forbidden', 'The ingest overview covers every customer.');
  const since = (ms: number) => new Date(now.getTime() - ms);
  const [lastMinute, last5, byCode, unattributed, types, conflicts, rejections, recent, meters, lag] = await Promise.all([
    db().ingestStat.aggregate({ where: { outcome: 'accepted', minute: { gte: since(60_000) } }, _sum: { events: true } }),
    db().ingestStat.aggregate({ where: { outcome: 'accepted', minute: { gte: since(5 * 60_000) } }, _sum: { events: true } }),
    db().ingestStat.groupBy({ by: ['outcome', 'code'], where: { minute: { gte: since(24 * 3600_000) } }, _sum: { events: true } }),
    db().unattributedEvent.groupBy({
      by: ['subject'],
      _count: { _all: true },
      _min: { time: true },
      _max: { receivedAt: true },
      orderBy: { _count: { subject: 'desc' } },
      take: 50,
    }),
    db().eventType.findMany({ orderBy: { lastSeen: 'desc' }, take: 100 }),
    db().eventConflict.findMany({ orderBy: { id: 'desc' }, take: 20 }),
    db().eventRejection.findMany({ orderBy: { id: 'desc' }, take: 20 }),
    listEvents({ scope, limit: 20 }),
    db().meter.findMany({ select: { slug: true, eventType: true } }),
    consumerLag(),
  ]);
  const metersByType = new Map<string, string[]>();
  for (const m of meters) metersByType.set(m.eventType, [...(metersByType.get(m.eventType) ?? []), m.slug]);
  const n = (v: bigint | null | undefined) => Number(v ?? 0);
  return {
    rates: {
      // Stats are written per minute bucket, so these are averages over whole buckets.
      perSecondLastMinute: n(lastMinute._sum.events) / 60,
      perSecondLast5Minutes: n(last5._sum.events) / 300,
    },
    last24h: byCode.map((r) => ({ outcome: r.outcome, code: r.code, events: n(r._sum.events) })).sort((a, b) => b.events - a.events),
    unattributedSubjects: unattributed.map((u) => ({ subject: u.subject, events: u._count._all, firstEventTime: u._min.time, lastReceivedAt: u._max.receivedAt })),
    /** `meters` empty: an unmetered type, kept but counted by nothing. */
    eventTypes: types.map((t) => ({ type: t.type, events: n(t.events), firstSeen: t.firstSeen, lastSeen: t.lastSeen, meters: metersByType.get(t.type) ?? [] })),
    consumer: lag,
    conflicts: conflicts.map((c) => ({ id: c.id.toString(), source: c.source, eventId: c.eventId, event: c.event, receivedAt: c.receivedAt })),
    rejections: rejections.map((r) => ({ id: r.id.toString(), code: r.code, message: r.message, event: r.event, receivedAt: r.receivedAt })),
    recentEvents: recent,
  };
}

export type IngestOverview = Awaited<ReturnType<typeof ingestOverview>>;

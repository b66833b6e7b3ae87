import { isUniqueViolation } from '@/lib/db/errors';
import { db } from '@/lib/db/prisma';
import type { ValidEvent } from '@/lib/ingest/validate-event';

export type NaiveIngestOptions = { events: ValidEvent[] };

/**
 * The baseline `npm run bench` compares ingest with: what a first implementation usually is.
 * Per event: look up the customer, one Prisma create into the ledger (a caught unique
 * violation is a duplicate), one into the log. Only reachable with METERLINE_BENCH=1, and it
 * writes under a `naive:` source so it never meets real events.
 */
export async function naiveIngest({ events }: NaiveIngestOptions): Promise<{ accepted: number; duplicate: number; unattributed: number }> {
  const counts = { accepted: 0, duplicate: 0, unattributed: 0 };
  for (const e of events) {
    const key = await db().subjectKey.findUnique({ where: { key: e.subject } });
    if (!key) {
      counts.unattributed++;
      continue;
    }
    try {
      await db().eventDedupe.create({
        data: { source: `naive:${e.source}`, eventId: e.id, contentHash: e.hash, eventTime: new Date(e.time), receivedAt: new Date() },
      });
      await db().event.create({
        data: {
          customerId: key.customerId,
          time: new Date(e.time),
          source: `naive:${e.source}`,
          eventId: e.id,
          type: `naive:${e.type}`,
          subject: e.subject,
          data: e.data as object,
          receivedAt: new Date(),
        },
      });
      counts.accepted++;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      counts.duplicate++;
    }
  }
  return counts;
}

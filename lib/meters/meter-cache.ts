import { db } from '@/lib/db/prisma';

export type CachedMeter = { id: string; slug: string; eventType: string; aggregation: string; valuePath: string[] };

// Ingest reads meters on every request to report unparseable values; a short cache keeps that
// off the database. Other app nodes see a change within the TTL.
const TTL_MS = 2000;
const holder = globalThis as unknown as { meterlineMeterCache?: { at: number; byType: Map<string, CachedMeter[]> } };

export function invalidateMeterCache(): void {
  holder.meterlineMeterCache = undefined;
}

/** Meters by event type. */
export async function metersByType(): Promise<Map<string, CachedMeter[]>> {
  const cached = holder.meterlineMeterCache;
  if (cached && Date.now() - cached.at < TTL_MS) return cached.byType;
  const meters = await db().meter.findMany({ select: { id: true, slug: true, eventType: true, aggregation: true, valuePath: true } });
  const byType = new Map<string, CachedMeter[]>();
  for (const m of meters) byType.set(m.eventType, [...(byType.get(m.eventType) ?? []), m]);
  holder.meterlineMeterCache = { at: Date.now(), byType };
  return byType;
}

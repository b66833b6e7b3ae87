import { db } from '@/lib/db/prisma';
import type { MeterSpec } from '@/lib/rollups/aggregate-sql';

/**
 * What `readPeriodTotals` needs of a meter (its aggregation, and how to measure a raw event at a
 * bound off the minute), with the name and unit a page shows beside the quantity.
 */
export type PeriodMeter = Pick<MeterSpec, 'id' | 'aggregation' | 'eventType' | 'valuePath' | 'groupPaths'> & { slug: string; name: string; unit: string | null };

/** The meters with these slugs, by slug; a slug with no meter is missing from the map. */
export async function loadPeriodMeters(slugs: string[]): Promise<Map<string, PeriodMeter>> {
  const found = await db().meter.findMany({
    where: { slug: { in: [...new Set(slugs)] } },
    select: { id: true, slug: true, name: true, unit: true, aggregation: true, eventType: true, valuePath: true, groupPaths: true },
  });
  return new Map(found.map((m) => [m.slug, { ...m, groupPaths: m.groupPaths as Record<string, string[]> }]));
}

import type { Meter } from '@/lib/generated/prisma/client';

/** A meter in OpenMeter's shape (plus unit and timestamps). */
export function serializeMeter(m: Meter) {
  return {
    id: m.id,
    slug: m.slug,
    name: m.name,
    description: m.description,
    eventType: m.eventType,
    aggregation: m.aggregation,
    valueProperty: m.valueProperty,
    groupBy: m.groupBy as Record<string, string>,
    unit: m.unit,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}

export type MeterDto = ReturnType<typeof serializeMeter>;

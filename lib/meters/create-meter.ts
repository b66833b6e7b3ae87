import { recordAudit } from '@/lib/audit/record-audit';
import { isUniqueViolation } from '@/lib/db/errors';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { rebuildRollups } from '@/lib/rollups/rebuild-rollups';
import { parseJsonPath } from './json-path';
import { invalidateMeterCache } from './meter-cache';
import { createMeterInput, groupPaths, type CreateMeterInput } from './meter-input';
import { serializeMeter } from './serialize-meter';

export type CreateMeterOptions = CreateMeterInput & { actor: string };

/** Creates a meter and backfills its rollups from the event log before answering. */
export async function createMeter(options: CreateMeterOptions) {
  const input = createMeterInput.parse(options);
  let meter;
  try {
    meter = await db().$transaction(async (tx) => {
      const m = await tx.meter.create({
        data: {
          slug: input.slug,
          name: input.name ?? input.slug,
          description: input.description,
          eventType: input.eventType,
          aggregation: input.aggregation,
          valueProperty: input.valueProperty,
          valuePath: input.valueProperty ? parseJsonPath(input.valueProperty)! : [],
          groupBy: input.groupBy,
          groupPaths: groupPaths(input.groupBy),
          unit: input.unit,
        },
      });
      await recordAudit(tx, { actor: options.actor, action: 'meter.create', entityType: 'meter', entityId: m.id, after: serializeMeter(m) as never });
      return m;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('conflict', `A meter with slug "${input.slug}" already exists.`);
    throw err;
  }
  invalidateMeterCache();
  await rebuildRollups({ meterId: meter.id });
  return serializeMeter(meter);
}

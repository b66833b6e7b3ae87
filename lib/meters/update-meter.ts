import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record-audit';
import { db } from '@/lib/db/prisma';
import { rebuildRollups } from '@/lib/rollups/rebuild-rollups';
import { findMeter } from './find-meter';
import { invalidateMeterCache } from './meter-cache';
import { groupPaths, updateMeterInput } from './meter-input';
import { serializeMeter } from './serialize-meter';

export type UpdateMeterOptions = z.input<typeof updateMeterInput> & { idOrSlug: string; actor: string };

/** Changes a meter; a new group-by rebuilds its rollups from the log before answering. */
export async function updateMeter({ idOrSlug, actor, ...changes }: UpdateMeterOptions) {
  const input = updateMeterInput.parse(changes);
  const before = await findMeter(idOrSlug);
  const meter = await db().$transaction(async (tx) => {
    const m = await tx.meter.update({
      where: { id: before.id },
      data: {
        name: input.name,
        description: input.description,
        unit: input.unit,
        ...(input.groupBy ? { groupBy: input.groupBy, groupPaths: groupPaths(input.groupBy) } : {}),
      },
    });
    await recordAudit(tx, {
      actor,
      action: 'meter.update',
      entityType: 'meter',
      entityId: m.id,
      before: serializeMeter(before) as never,
      after: serializeMeter(m) as never,
    });
    return m;
  });
  invalidateMeterCache();
  if (input.groupBy && JSON.stringify(before.groupPaths) !== JSON.stringify(meter.groupPaths)) await rebuildRollups({ meterId: meter.id });
  return serializeMeter(meter);
}

import { recordAudit } from '@/lib/audit/record-audit';
import { db } from '@/lib/db/prisma';
import { findMeter } from './find-meter';
import { invalidateMeterCache } from './meter-cache';
import { serializeMeter } from './serialize-meter';

export type DeleteMeterOptions = { idOrSlug: string; actor: string };

/** Deletes a meter and its rollups; the events stay in the log. */
export async function deleteMeter({ idOrSlug, actor }: DeleteMeterOptions) {
  const meter = await findMeter(idOrSlug);
  await db().$transaction(async (tx) => {
    await tx.meter.delete({ where: { id: meter.id } });
    await recordAudit(tx, { actor, action: 'meter.delete', entityType: 'meter', entityId: meter.id, before: serializeMeter(meter) as never });
  });
  invalidateMeterCache();
}

import { recordAudit } from '@/lib/audit/record-audit';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { findVersion } from './find-plan';
import { serializeVersion } from './serialize-plan';

export type ArchivePlanVersionOptions = { plan: string; number: string | number; actor: string };

/** Takes a published version off sale: no new subscriptions; running ones keep it. */
export async function archivePlanVersion({ plan: key, number, actor }: ArchivePlanVersionOptions) {
  return db().$transaction(async (tx) => {
    const { plan, version } = await findVersion(key, number, tx);
    if (version.status !== 'published') {
      throw new AppError('conflict', `Version ${version.number} is ${version.status}; only a published version can be archived.`, [
        { path: 'status', message: `version ${version.number} is ${version.status}` },
      ]);
    }
    // Only while still published: a concurrent archive that committed first leaves nothing to do.
    await tx.planVersion.updateMany({ where: { id: version.id, status: 'published' }, data: { status: 'archived', archivedAt: new Date() } });
    const updated = await tx.planVersion.findUniqueOrThrow({ where: { id: version.id } });
    await recordAudit(tx, { actor, action: 'plan_version.archive', entityType: 'plan_version', entityId: version.id, after: { plan: plan.key, number: version.number } });
    return serializeVersion(updated, plan);
  });
}

import { recordAudit } from '@/lib/audit/record-audit';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { findVersion } from './find-plan';
import { serializeVersion } from './serialize-plan';
import { validateVersionContent } from './validate-version-content';

export type UpdateDraftVersionOptions = { plan: string; number: string | number; content: unknown; actor: string };

/** Replaces a draft's prices. Published and archived versions answer 409 (and the database refuses them anyway). */
export async function updateDraftVersion({ plan: key, number, content, actor }: UpdateDraftVersionOptions) {
  const { plan, version } = await findVersion(key, number);
  if (version.status !== 'draft') throw notDraft(version.number, version.status);
  const parsed = await validateVersionContent({ content, currency: plan.currency });
  return db().$transaction(async (tx) => {
    // Only while still a draft: a publish that committed in between wins.
    const { count } = await tx.planVersion.updateMany({ where: { id: version.id, status: 'draft' }, data: { content: parsed } });
    if (count === 0) throw notDraft(version.number, 'published');
    const updated = await tx.planVersion.findUniqueOrThrow({ where: { id: version.id } });
    await recordAudit(tx, {
      actor,
      action: 'plan_version.update',
      entityType: 'plan_version',
      entityId: version.id,
      before: version.content as object,
      after: parsed,
    });
    return serializeVersion(updated, plan);
  });
}

function notDraft(number: number, status: string) {
  return new AppError('conflict', `Version ${number} is ${status}; published prices never change. Create a new draft instead.`, [
    { path: 'status', message: `version ${number} is ${status}` },
  ]);
}

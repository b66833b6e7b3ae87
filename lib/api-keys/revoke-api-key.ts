import { recordAudit } from '@/lib/audit/record-audit';
import { db } from '@/lib/db/prisma';
import { isUuid } from '@/lib/db/ids';
import { AppError } from '@/lib/errors/app-error';

export type RevokeApiKeyOptions = { id: string; actor: string };

/** Revokes a key; it fails authentication from the next request on. Revoking twice is a no-op. */
export async function revokeApiKey({ id, actor }: RevokeApiKeyOptions) {
  return db().$transaction(async (tx) => {
    const key = isUuid(id) ? await tx.apiKey.findUnique({ where: { id } }) : null;
    if (!key) throw new AppError('not_found', 'No such API key.');
    if (key.revokedAt) return key;
    const revoked = await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, {
      actor,
      action: 'api_key.revoke',
      entityType: 'api_key',
      entityId: id,
      before: { revokedAt: null },
      after: { revokedAt: revoked.revokedAt!.toISOString() },
    });
    return revoked;
  });
}


import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record-audit';
import { db } from '@/lib/db/prisma';
import { newSecret } from './secret';

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1).max(200),
  scope: z.enum(['ingest', 'read', 'admin']),
});

export type CreateApiKeyOptions = z.input<typeof createApiKeyInput> & { actor: string };

/** Creates a key and returns its secret: the only time the secret exists outside the caller. */
export async function createApiKey(options: CreateApiKeyOptions) {
  const input = createApiKeyInput.parse(options);
  const { secret, prefix, hash } = newSecret();
  const key = await db().$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: { name: input.name, scope: input.scope, prefix, secretHash: hash, createdBy: options.actor },
    });
    await recordAudit(tx, {
      actor: options.actor,
      action: 'api_key.create',
      entityType: 'api_key',
      entityId: created.id,
      after: { name: created.name, scope: created.scope, prefix },
    });
    return created;
  });
  return { id: key.id, name: key.name, scope: key.scope, prefix: key.prefix, createdAt: key.createdAt, key: secret };
}

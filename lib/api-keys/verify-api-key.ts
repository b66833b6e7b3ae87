import { db } from '@/lib/db/prisma';
import type { ApiKeyPrincipal } from '@/lib/auth/principal';
import { hashSecret } from './secret';

// last_used_at is for people, not accounting: one write per key per minute keeps it off the hot path.
const LAST_USED_RESOLUTION_MS = 60_000;

/** The principal for a presented secret, or null when it is unknown or revoked. */
export async function verifyApiKey(secret: string): Promise<ApiKeyPrincipal | null> {
  const key = await db().apiKey.findUnique({
    where: { secretHash: hashSecret(secret) },
    select: { id: true, scope: true, revokedAt: true, lastUsedAt: true },
  });
  if (!key || key.revokedAt) return null;
  const now = Date.now();
  if (!key.lastUsedAt || now - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db().apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date(now) } });
  }
  return { kind: 'api-key', keyId: key.id, scope: key.scope };
}

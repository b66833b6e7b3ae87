import { db } from '@/lib/db/prisma';

/** Keys without their hashes: nothing secret leaves the database. */
export async function listApiKeys() {
  return db().apiKey.findMany({
    orderBy: { createdAt: 'desc' },
    select: { id: true, name: true, prefix: true, scope: true, createdBy: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

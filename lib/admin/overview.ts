import { db } from '@/lib/db/prisma';

/** Counts for the admin overview, in one round trip. */
export async function adminOverview() {
  const [customers, users, activeKeys] = await db().$transaction([
    db().customer.count(),
    db().user.count(),
    db().apiKey.count({ where: { revokedAt: null } }),
  ]);
  return { customers, users, activeKeys };
}

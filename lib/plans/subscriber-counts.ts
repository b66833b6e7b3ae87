import { db } from '@/lib/db/prisma';
import { versionAtSql } from '@/lib/subscriptions/version-at';

/** Running subscriptions per version of these plans, by the version in force now. */
export async function subscriberCounts(planIds: string[]): Promise<Map<string, number>> {
  if (planIds.length === 0) return new Map();
  const rows = await db().$queryRawUnsafe<{ version_id: string; n: number }[]>(
    `SELECT v.id AS version_id, count(*)::int AS n
     FROM subscriptions s
     CROSS JOIN LATERAL (SELECT ${versionAtSql('greatest(now(), s.starts_at)')} AS id) cur
     JOIN plan_versions v ON v.id = cur.id
     WHERE s.status = 'active' AND (s.cancel_at IS NULL OR s.cancel_at > now()) AND v.plan_id = ANY($1::uuid[])
     GROUP BY v.id`,
    planIds,
  );
  return new Map(rows.map((r) => [r.version_id, r.n]));
}

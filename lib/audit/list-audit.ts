import { db } from '@/lib/db/prisma';

export type ListAuditOptions = { limit?: number; entityType?: string; entityId?: string };

export async function listAudit(options: ListAuditOptions = {}) {
  const rows = await db().auditLog.findMany({
    where: { entityType: options.entityType, entityId: options.entityId },
    orderBy: { id: 'desc' },
    take: Math.min(options.limit ?? 100, 500),
  });
  return rows.map((r) => ({ ...r, id: r.id.toString() }));
}

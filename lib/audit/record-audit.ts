import type { Tx } from '@/lib/db/prisma';
import type { Prisma } from '@/lib/generated/prisma/client';

export type RecordAuditOptions = {
  /** "user:<email>", "api-key:<id>" or "cli". */
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
};

/** Records an admin change; call it inside the transaction that makes the change. */
export async function recordAudit(tx: Tx, options: RecordAuditOptions): Promise<void> {
  await tx.auditLog.create({ data: options });
}

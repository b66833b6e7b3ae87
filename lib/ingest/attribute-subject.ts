import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record-audit';
import { subjectKeySchema } from '@/lib/customers/validation';
import { isUniqueViolation } from '@/lib/db/errors';
import { isUuid } from '@/lib/db/ids';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { ensurePartitions } from './ensure-partitions';

export const attributeSubjectInput = z.object({ subject: subjectKeySchema });

export type AttributeSubjectOptions = { customerId: string; subject: string; actor: string };

/**
 * Gives a customer another subject key. Events already received for that subject (kept as
 * unattributed) move into the event log in the same transaction, so from the commit on they
 * count for the customer. An exclusive per-subject lock waits out ingests that are placing
 * events for this subject right now (they hold it shared; lib/ingest/append-events.ts).
 */
export async function attributeSubject({ customerId, subject, actor }: AttributeSubjectOptions) {
  const { subject: key } = attributeSubjectInput.parse({ subject });
  const customer = isUuid(customerId) ? await db().customer.findUnique({ where: { id: customerId }, select: { id: true } }) : null;
  if (!customer) throw new AppError('not_found', 'No such customer.');

  const span = await db().unattributedEvent.aggregate({ where: { subject: key }, _min: { time: true }, _max: { time: true } });
  if (span._min.time && span._max.time) await ensurePartitions([span._min.time.toISOString(), span._max.time.toISOString()]);

  try {
    return await db().$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
      await tx.subjectKey.create({ data: { key, customerId } });
      const moved = await tx.$executeRaw`
        WITH moved AS (DELETE FROM unattributed_events WHERE subject = ${key} RETURNING *)
        INSERT INTO events (customer_id, time, source, event_id, type, subject, data, received_at, api_key_id)
        SELECT ${customerId}::uuid, time, source, event_id, type, subject, data, received_at, api_key_id FROM moved`;
      await recordAudit(tx, {
        actor,
        action: 'customer.attribute_subject',
        entityType: 'customer',
        entityId: customerId,
        after: { subject: key, movedEvents: moved },
      });
      return { subject: key, customerId, movedEvents: moved };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('conflict', `Subject "${key}" already belongs to a customer.`);
    throw err;
  }
}

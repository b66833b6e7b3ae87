import { recordAudit } from '@/lib/audit/record-audit';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { findCustomerId } from './find-customer';

export type RemoveSubjectOptions = {
  /** The customer, by id or one of its subject keys. */
  customer: string;
  subject: string;
  actor: string;
};

/**
 * Takes a subject key away from its customer. Events already received for it stay with the
 * customer (they were its usage when they arrived); events that arrive later are kept as
 * unattributed, as for any unknown subject, until an admin attributes the key again.
 */
export async function removeSubject({ customer: ref, subject, actor }: RemoveSubjectOptions) {
  return db().$transaction(async (tx) => {
    const customerId = await findCustomerId(ref, tx);
    if (!customerId) throw new AppError('not_found', 'No such customer.');
    // Lock the customer's keys so two removals cannot each leave the other the "last" one.
    const keys = (await tx.$queryRaw<{ key: string }[]>`SELECT key FROM subject_keys WHERE customer_id = ${customerId}::uuid ORDER BY key FOR UPDATE`).map((k) => k.key);
    if (!keys.includes(subject)) throw new AppError('not_found', `Subject "${subject}" does not belong to this customer.`);
    // Every customer is created with a key; keeping one means its usage has somewhere to land.
    if (keys.length === 1) throw new AppError('conflict', `"${subject}" is the customer's only subject key; add another one first.`);
    await tx.subjectKey.delete({ where: { key: subject } });
    await recordAudit(tx, {
      actor,
      action: 'customer.remove_subject',
      entityType: 'customer',
      entityId: customerId,
      before: { subjects: keys },
      after: { subjects: keys.filter((k) => k !== subject) },
    });
    return { customerId, subject };
  });
}

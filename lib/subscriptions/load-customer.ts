import { isUuid } from '@/lib/db/ids';
import type { Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';

/** The customer a subscription write is about, locked so concurrent writes for it queue up. */
export async function lockCustomer(tx: Tx, customerId: string) {
  const rows = isUuid(customerId)
    ? await tx.$queryRaw<{ id: string; currency: string; time_zone: string }[]>`SELECT id, currency, time_zone FROM customers WHERE id = ${customerId}::uuid FOR UPDATE`
    : [];
  if (!rows[0]) throw new AppError('not_found', 'No such customer.');
  return { id: rows[0].id, currency: rows[0].currency, timeZone: rows[0].time_zone };
}

import { isUuid } from '@/lib/db/ids';
import { db, type Tx } from '@/lib/db/prisma';

/**
 * The id of the customer a reference names: its id or one of its subject keys (operators know
 * customers by the keys their products send). Null when no customer matches.
 */
export async function findCustomerId(ref: string, client: Tx = db()): Promise<string | null> {
  const found = await client.customer.findFirst({
    where: isUuid(ref) ? { OR: [{ id: ref }, { subjects: { some: { key: ref } } }] } : { subjects: { some: { key: ref } } },
    select: { id: true },
  });
  return found?.id ?? null;
}

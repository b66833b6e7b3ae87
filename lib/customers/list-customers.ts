import { db } from '@/lib/db/prisma';

export async function listCustomers() {
  return db().customer.findMany({
    orderBy: { name: 'asc' },
    include: { subjects: { select: { key: true }, orderBy: { key: 'asc' } }, _count: { select: { users: true } } },
  });
}

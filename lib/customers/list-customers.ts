import { type CustomerScope } from '@/lib/principals/customer-scope';
import { db } from '@/lib/db/prisma';

export type ListCustomersOptions = { scope: CustomerScope };

export async function listCustomers({ scope }: ListCustomersOptions) {
  return db().customer.findMany({
    where: scope.customerWhere,
    orderBy: { name: 'asc' },
    include: { subjects: { select: { key: true }, orderBy: { key: 'asc' } }, _count: { select: { users: true } } },
  });
}

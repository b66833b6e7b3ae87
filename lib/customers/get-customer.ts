import { isUuid } from '@/lib/db/ids';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { customerScope } from '@/lib/principals/customer-scope';
import type { Principal } from '@/lib/principals/principal';

export type GetCustomerOptions = { id: string; principal: Principal };

/**
 * A customer as the caller may see it. A member asking for any customer but its own gets the
 * same 404 as for one that does not exist, so ids of other tenants cannot be probed.
 */
export async function getCustomer({ id, principal }: GetCustomerOptions) {
  const customer = isUuid(id)
    ? await db().customer.findFirst({
        where: { AND: [{ id }, customerScope(principal).customerWhere] },
        include: {
          subjects: { select: { key: true, createdAt: true }, orderBy: { key: 'asc' } },
          // Member emails are for people, not for reporting keys.
          users: principal.kind === 'user' ? { select: { id: true, email: true, name: true }, orderBy: { email: 'asc' } } : false,
        },
      })
    : null;
  if (!customer) throw new AppError('not_found', 'No such customer.');
  return customer;
}

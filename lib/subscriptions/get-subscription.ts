import { isUuid } from '@/lib/db/ids';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { customerScope } from '@/lib/principals/customer-scope';
import type { Principal } from '@/lib/principals/principal';
import { describeSubscription } from './describe-subscription';

export type GetSubscriptionOptions = { customerId: string; principal: Principal; now?: Date };

/**
 * A customer's subscription as the caller may see it. A member asking about another customer
 * gets the same 404 as for a customer without one, so other tenants cannot be probed.
 */
export async function getSubscription({ customerId, principal, now }: GetSubscriptionOptions) {
  const customer = isUuid(customerId)
    ? await db().customer.findFirst({ where: { AND: [{ id: customerId }, customerScope(principal).customerWhere] }, select: { id: true, timeZone: true } })
    : null;
  if (!customer) throw new AppError('not_found', 'No such customer.');
  const subscription = await describeSubscription(customer, now);
  if (!subscription) throw new AppError('not_found', 'The customer has no subscription.');
  return subscription;
}

import { z } from 'zod';
import { db } from '@/lib/db/prisma';
import { changeSubscription } from './change-subscription';
import { describeSubscription } from './describe-subscription';
import { findActiveSubscription } from './find-subscription';
import { lockCustomer } from './load-customer';
import { subscribeCustomer } from './subscribe-customer';
import { putSubscriptionInput } from './subscription-input';

export type SetSubscriptionOptions = { customerId: string; actor: string; now?: Date } & z.input<typeof putSubscriptionInput>;

/**
 * PUT semantics: subscribes a customer without a running subscription, or moves the running
 * one. The customer row is locked, so two concurrent PUTs cannot both subscribe.
 */
export async function setSubscription({ customerId, actor, now = new Date(), ...body }: SetSubscriptionOptions) {
  const input = putSubscriptionInput.parse(body);
  const { created, customer } = await db().$transaction(async (tx) => {
    const customer = await lockCustomer(tx, customerId);
    const running = await findActiveSubscription(tx, customer.id);
    if (running && !(running.cancelAt && running.cancelAt <= (input.startsAt ?? now))) {
      await changeSubscription(tx, { customer, subscription: running, input, actor, now });
      return { created: false, customer };
    }
    await subscribeCustomer(tx, { customer, input, actor, now });
    return { created: true, customer };
  });
  return { created, subscription: (await describeSubscription(customer, now))! };
}

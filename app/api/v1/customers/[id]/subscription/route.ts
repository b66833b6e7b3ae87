import { actorOf } from '@/lib/principals/principal';
import { readJson, readOptionalJson, route } from '@/lib/http/route';
import { cancelSubscription } from '@/lib/subscriptions/cancel-subscription';
import { getSubscription } from '@/lib/subscriptions/get-subscription';
import { setSubscription } from '@/lib/subscriptions/set-subscription';
import { cancelSubscriptionInput, putSubscriptionInput } from '@/lib/subscriptions/subscription-input';

type P = { id: string };

export const GET = route<P>('read', async ({ principal, params }) => getSubscription({ customerId: params.id, principal }));

/** Subscribes the customer, or moves its running subscription; 201 when a subscription was created. */
export const PUT = route<P>('admin', async ({ req, principal, params }) => {
  const input = putSubscriptionInput.parse(await readJson(req));
  const { created, subscription } = await setSubscription({ ...input, customerId: params.id, actor: actorOf(principal) });
  return Response.json(subscription, { status: created ? 201 : 200 });
});

/** Cancels at the current period's end, or at `{ "at": "<RFC 3339>" }`. */
export const DELETE = route<P>('admin', async ({ req, principal, params }) => {
  const input = cancelSubscriptionInput.parse(await readOptionalJson(req));
  return cancelSubscription({ ...input, customerId: params.id, actor: actorOf(principal) });
});

import { getCustomer } from '@/lib/customers/get-customer';
import { updateCustomer, updateCustomerInput } from '@/lib/customers/update-customer';
import { loadTimeZones } from '@/lib/customers/validation';
import { readJson, route } from '@/lib/http/route';
import { actorOf } from '@/lib/principals/principal';

type P = { id: string };

export const GET = route<P>('read', async ({ principal, params }) => getCustomer({ id: params.id, principal }));

export const PATCH = route<P>('admin', async ({ req, principal, params }) => {
  await loadTimeZones();
  const input = updateCustomerInput.parse(await readJson(req));
  return updateCustomer({ ...input, customer: params.id, actor: actorOf(principal) });
});

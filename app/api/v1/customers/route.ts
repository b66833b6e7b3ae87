import { customerScope } from '@/lib/principals/customer-scope';
import { actorOf } from '@/lib/principals/principal';
import { createCustomer, createCustomerInput } from '@/lib/customers/create-customer';
import { listCustomers } from '@/lib/customers/list-customers';
import { loadTimeZones } from '@/lib/customers/validation';
import { readJson, route } from '@/lib/http/route';

export const GET = route('admin', async ({ principal }) => ({ data: await listCustomers({ scope: customerScope(principal) }) }));

export const POST = route('admin', async ({ req, principal }) => {
  await loadTimeZones();
  const input = createCustomerInput.parse(await readJson(req));
  return Response.json(await createCustomer({ ...input, actor: actorOf(principal) }), { status: 201 });
});

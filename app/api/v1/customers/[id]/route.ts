import { getCustomer } from '@/lib/customers/get-customer';
import { route } from '@/lib/http/route';

export const GET = route<{ id: string }>('read', async ({ principal, params }) => getCustomer({ id: params.id, principal }));

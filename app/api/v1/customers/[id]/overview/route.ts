import { route } from '@/lib/http/route';
import { getCustomerOverview } from '@/lib/overview/get-customer-overview';

type P = { id: string };

/** Cost so far (the live draft's total), the forecast with its range, per charge. */
export const GET = route<P>('read', async ({ principal, params }) => getCustomerOverview({ customerId: params.id, principal }));

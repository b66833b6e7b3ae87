import { route } from '@/lib/http/route';
import { getCustomerHistory } from '@/lib/overview/get-customer-history';

type P = { id: string };

/** Past periods from the customer's finalized invoices: usage and cost per period, and the change from the one before. */
export const GET = route<P>('read', async ({ principal, params }) => getCustomerHistory({ customerId: params.id, principal }));

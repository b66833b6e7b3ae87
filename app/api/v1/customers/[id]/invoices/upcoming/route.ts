import { route } from '@/lib/http/route';
import { getUpcomingInvoice } from '@/lib/invoices/get-upcoming-invoice';

type P = { id: string };

/** The customer's live draft for its open period, rated now. */
export const GET = route<P>('read', async ({ principal, params }) => getUpcomingInvoice({ customerId: params.id, principal }));

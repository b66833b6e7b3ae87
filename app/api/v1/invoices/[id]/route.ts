import { route } from '@/lib/http/route';
import { getInvoice } from '@/lib/invoices/get-invoice';

type P = { id: string };

/** A finalized or void invoice by uuid, or a live draft by its `draft_…` id, with lines and breakdown. */
export const GET = route<P>('read', async ({ principal, params }) => getInvoice({ id: params.id, principal }));
